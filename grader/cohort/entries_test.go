package cohort

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every entry of the submissions folder is graded or reported with a
// reason; links to folders inside it are graded under the link's name.
func TestScanReportsEveryEntry(t *testing.T) {
	subs := t.TempDir()
	outside := t.TempDir()
	for _, d := range []string{"alice", "store/bob-real", ".git", "_drafts", "labs", "results", "bad name", "old-results/feedback"} {
		must(t, os.MkdirAll(filepath.Join(subs, d), 0o755))
	}
	must(t, os.Symlink("store/bob-real", filepath.Join(subs, "bob")))
	must(t, os.Symlink(outside, filepath.Join(subs, "eve")))
	must(t, os.Symlink("nowhere", filepath.Join(subs, "dangling")))
	must(t, os.WriteFile(filepath.Join(subs, "notes.txt"), nil, 0o644))
	must(t, os.WriteFile(filepath.Join(subs, "old-results", JSONFile), nil, 0o644))
	ids, others, err := Scan(subs, filepath.Join(subs, "results"))
	must(t, err)
	if want := []string{"alice", "bob", "store"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	want := map[string]string{
		".git": ReasonNotTrainee, "_drafts": ReasonNotTrainee, "labs": ReasonNotTrainee,
		"results": ReasonOwnOutput, "old-results": ReasonOwnOutput, "eve": ReasonLinkOut, "dangling": ReasonBrokenLink,
		"notes.txt": ReasonFile, "bad name": "not a submission: bad trainee id",
	}
	if len(others) != len(want) {
		t.Errorf("others %v, want %d entries", others, len(want))
	}
	for _, e := range others {
		if !strings.HasPrefix(e.Reason, want[e.Name]) || want[e.Name] == "" {
			t.Errorf("%s: reason %q, want %q", e.Name, e.Reason, want[e.Name])
		}
	}
}

// Names and errors cannot inject a spreadsheet formula or Markdown links,
// and the report lists what was not graded.
func TestOutputsNeutraliseInjection(t *testing.T) {
	key := fixtureKey(t)
	subs := t.TempDir()
	writeSubmission(t, filepath.Join(subs, "alice"), []byte("analyst: \"x\\n\\nScore: 100 / 100  PASSED\"\nalerts: []\n"), []byte("# r\n"))
	must(t, os.MkdirAll(filepath.Join(subs, "[x](evil)"), 0o755))
	must(t, os.WriteFile(filepath.Join(subs, "=cmd|' calc'!A1"), nil, 0o644))
	res, err := Run(context.Background(), Options{Lab: key.Lab, Submissions: subs, KeyFor: keyFor(key)})
	must(t, err)
	res.Trainees[0].Error = "=HYPERLINK(\"http://evil\")"
	var csv, md bytes.Buffer
	must(t, res.WriteCSV(&csv))
	must(t, res.WriteMarkdown(&md))
	if !strings.Contains(csv.String(), `'=HYPERLINK`) {
		t.Errorf("formula not neutralised:\n%s", csv.String())
	}
	if strings.Contains(md.String(), "[x](evil)") || !strings.Contains(md.String(), `\[x\](evil)`) {
		t.Errorf("link not escaped:\n%s", md.String())
	}
	if !strings.Contains(md.String(), "## Entries not graded") {
		t.Errorf("no list of entries not graded:\n%s", md.String())
	}
	var html bytes.Buffer
	must(t, res.WriteHTML(&html))
	if !strings.Contains(html.String(), "<td>=cmd|&#39; calc&#39;!A1</td>") {
		t.Errorf("the HTML report does not list the stray entry:\n%s", html.String())
	}
	res.Trainees[0].Error = ""
	if g := res.Trainees[0].Grade; g != nil {
		var sheet bytes.Buffer
		must(t, g.WriteText(&sheet))
		if strings.Contains(sheet.String(), "\nScore: 100") {
			t.Errorf("the analyst name forged a line:\n%s", sheet.String())
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
