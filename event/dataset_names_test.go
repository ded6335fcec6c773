package event

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// oldDataset matches an old dataset name used as a dataset (soclab.ssh,
// logs-soclab.dns-*, "soclab.flow"), not soclab's own field namespaces
// that start the same way (soclab.windows.logon_type, soclab.flow.state).
var oldDataset = func() *regexp.Regexp {
	var names []string
	for old := range RenamedDatasets {
		names = append(names, regexp.QuoteMeta(old))
	}
	sort.Strings(names)
	return regexp.MustCompile(`(` + strings.Join(names, "|") + `)(\.?$|[^.\w]|\.[^\w*])`)
}()

// shipped are the files (relative to the module root) whose text trainees
// and instructors read or run: the bundled rules and pipelines, the
// bundled labs and their schema, the docs, the README and the Kibana
// objects. Folders are walked.
var shipped = []string{"detectors/rules", "detectors/pipeline/bundled", "labs/bundled", "labs/schema", "docs", "README.md",
	"deploy/kibana", "store/elastic/kibana"}

// TestOldDatasetNamesGone fails when a renamed dataset (RenamedDatasets)
// reappears in what soclab ships: a rule, lab, doc or saved search under
// an old name finds nothing. A line that says "renamed" may name one (a
// migration note).
func TestOldDatasetNamesGone(t *testing.T) {
	if m := oldDataset.FindString("logs-soclab.ssh-*"); m == "" || oldDataset.MatchString("soclab.flow.state and soclab.windows.*") {
		t.Fatalf("the pattern is wrong: %q", m)
	}
	files := 0
	for _, root := range shipped {
		err := filepath.WalkDir(filepath.Join("..", root), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			for n := 1; sc.Scan(); n++ {
				line := sc.Text()
				if m := oldDataset.FindStringSubmatch(line); m != nil && !strings.Contains(line, "renamed") {
					t.Errorf("%s:%d: old dataset %s (now %s)", path, n, m[1], RenamedDatasets[m[1]])
				}
			}
			return sc.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 50 {
		t.Fatalf("only %d files read: are the paths right?", files)
	}
}
