package cohort

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/grader"
	"github.com/soclab/soclab/grader/gradertest"
	"github.com/soclab/soclab/labs/instance"
)

var update = flag.Bool("update", false, "rewrite golden files")

func fixtureKey(t testing.TB) *instance.Key {
	t.Helper()
	k, err := grader.LoadKey("../testdata/key.json")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// keyFor gives every trainee the fixture key with their own seed, as the
// labs API would give each their own instance.
func keyFor(base *instance.Key) KeyFunc {
	return func(_ context.Context, trainee string) (*instance.Key, error) {
		if trainee == "no-key" {
			return nil, fmt.Errorf("lab instance cannot be built")
		}
		k := *base
		k.Seed = int64(len(trainee))
		return &k, nil
	}
}

// makeCohort writes n trainee folders with varied mistakes, and some broken
// ones; it returns how many trainees cannot be graded.
func makeCohort(t testing.TB, dir string, key *instance.Key, n int) (invalid int) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range n {
		id := fmt.Sprintf("trainee-%03d", i)
		tri, rep := gradertest.Build(key, gradertest.Random(key, rng, 0.3))
		switch {
		case i%50 == 3: // no report
			rep = nil
			invalid++
		case i%50 == 7: // malformed triage
			tri = []byte("alerts:\n  - id: a-01\n    verdict: maybe\n")
			invalid++
		case i%50 == 11: // a binary report
			rep = []byte{0xff, 0xfe, 0, 1}
			invalid++
		case i%50 == 13: // the untouched template
			tri, rep = gradertest.Template(key)
		case i%50 == 17:
			tri, rep = gradertest.Perfect(key)
		}
		writeSubmission(t, filepath.Join(dir, id), tri, rep)
	}
	return invalid
}

func writeSubmission(t testing.TB, dir string, tri, rep []byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if tri != nil {
		os.WriteFile(filepath.Join(dir, TriageFile), tri, 0o644)
	}
	if rep != nil {
		os.WriteFile(filepath.Join(dir, ReportFile), rep, 0o644)
	}
}

func TestCohortOf200(t *testing.T) {
	key := fixtureKey(t)
	subs := t.TempDir()
	invalid := makeCohort(t, subs, key, 200)
	os.MkdirAll(filepath.Join(subs, ".git"), 0o755)
	res, err := Run(context.Background(), Options{Lab: key.Lab, Submissions: subs, KeyFor: keyFor(key), Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Trainees != 200 || res.Stats.Invalid != invalid || res.Stats.Graded != 200-invalid {
		t.Fatalf("stats %+v, want 200 trainees, %d invalid", res.Stats, invalid)
	}
	failed := 0
	for i, tr := range res.Trainees {
		if want := fmt.Sprintf("trainee-%03d", i); tr.ID != want {
			t.Fatalf("trainee %d is %s, want %s (sorted)", i, tr.ID, want)
		}
		if !tr.Passed() {
			failed++
		}
	}
	if res.Trainees[17].Score() < 95 || res.Trainees[13].Score() > 5 {
		t.Errorf("perfect scored %v, template %v", res.Trainees[17].Score(), res.Trainees[13].Score())
	}
	for _, i := range []int{3, 7, 11} {
		if res.Trainees[i].Grade != nil || res.Trainees[i].Error == "" {
			t.Errorf("broken submission %d was graded", i)
		}
	}
	if e := res.Trainees[3].Error; !strings.Contains(e, "trainee-003/report.md is missing") {
		t.Errorf("missing report: %q", e)
	}
	if e := res.Trainees[7].Error; !strings.Contains(e, `trainee-007/triage.yaml:3:14: alerts[0].verdict: unknown verdict "maybe"`) {
		t.Errorf("malformed triage: %q", e)
	}

	out := t.TempDir()
	junit := filepath.Join(out, "junit.xml")
	if err := res.Write(out, junit); err != nil {
		t.Fatal(err)
	}
	checkJUnit(t, junit, 200, failed, invalid)

	f, _ := os.Open(filepath.Join(out, CSVFile))
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 201 || rows[1][0] != "trainee-000" {
		t.Errorf("csv: %d rows, %v", len(rows), err)
	}
	for _, name := range []string{JSONFile, MarkdownFile, HTMLFile, HistogramFile, CriteriaFile, "feedback/trainee-199.txt"} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(out, ".*tmp*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	html, _ := os.ReadFile(filepath.Join(out, HTMLFile))
	if bytes.Count(html, []byte("<svg")) != 2 || bytes.Contains(html, []byte("<?xml")) {
		t.Error("report.html does not embed both charts as inline SVG")
	}
	if len(res.Stats.Gaps) == 0 || res.Stats.Gaps[0].Percent <= 0 {
		t.Error("no skill gaps found in a cohort with mistakes")
	}
}

func checkJUnit(t *testing.T, path string, tests, failures, invalid int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Type string `xml:"type,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("junit does not parse: %v", err)
	}
	if doc.Tests != tests || doc.Failures != failures || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != tests {
		t.Fatalf("junit: tests %d failures %d, want %d and %d", doc.Tests, doc.Failures, tests, failures)
	}
	gotFail, gotInvalid := 0, 0
	for _, c := range doc.Suites[0].Cases {
		if c.Failure != nil {
			gotFail++
			if c.Failure.Type == FailureInvalid {
				gotInvalid++
			}
		}
	}
	if gotFail != failures || gotInvalid != invalid {
		t.Errorf("junit cases: %d failed (%d invalid), want %d (%d)", gotFail, gotInvalid, failures, invalid)
	}
}

// TestDeterministicAcrossWorkers checks that the outputs are the same bytes
// whatever the parallelism, and compares the small cohort's report.md with
// its golden file.
func TestDeterministicAcrossWorkers(t *testing.T) {
	key := fixtureKey(t)
	subs := t.TempDir()
	makeCohort(t, subs, key, 20)
	writeSubmission(t, filepath.Join(subs, "no-key"), nil, nil)
	var outs []string
	for _, w := range []int{1, 3} {
		res, err := Run(context.Background(), Options{Lab: key.Lab, Submissions: subs, KeyFor: keyFor(key), Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		if err := res.Write(out, filepath.Join(out, "junit.xml")); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	for _, name := range []string{JSONFile, CSVFile, MarkdownFile, HTMLFile, HistogramFile, CriteriaFile, "junit.xml"} {
		a, _ := os.ReadFile(filepath.Join(outs[0], name))
		b, _ := os.ReadFile(filepath.Join(outs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs", name)
		}
	}
	got, _ := os.ReadFile(filepath.Join(outs[0], MarkdownFile))
	golden := "testdata/report.md.golden"
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report.md differs from %s (run go test -update and review):\n%s", golden, got)
	}
}

func TestMissingSubmissionsFolder(t *testing.T) {
	_, err := Run(context.Background(), Options{Submissions: filepath.Join(t.TempDir(), "nope"), KeyFor: keyFor(fixtureKey(t))})
	if err == nil || !strings.Contains(err.Error(), "submissions:") {
		t.Errorf("got %v", err)
	}
}

func TestCancel(t *testing.T) {
	key := fixtureKey(t)
	subs := t.TempDir()
	makeCohort(t, subs, key, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Options{Submissions: subs, KeyFor: keyFor(key)}); err == nil {
		t.Error("a cancelled run succeeded")
	}
}

// BenchmarkCohort grades a cohort of 200 (parsing, scoring and statistics;
// writing the reports is BenchmarkWrite).
func BenchmarkCohort(b *testing.B) {
	key := fixtureKey(b)
	subs := b.TempDir()
	makeCohort(b, subs, key, 200)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(context.Background(), Options{Lab: key.Lab, Submissions: subs, KeyFor: keyFor(key)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "submissions/s")
}

func BenchmarkWrite(b *testing.B) {
	key := fixtureKey(b)
	subs := b.TempDir()
	makeCohort(b, subs, key, 200)
	res, err := Run(context.Background(), Options{Lab: key.Lab, Submissions: subs, KeyFor: keyFor(key)})
	if err != nil {
		b.Fatal(err)
	}
	out := b.TempDir()
	for b.Loop() {
		if err := res.Write(out, filepath.Join(out, "junit.xml")); err != nil {
			b.Fatal(err)
		}
	}
}
