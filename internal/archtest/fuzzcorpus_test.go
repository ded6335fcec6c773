package archtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFuzzCorporaHaveTargets checks that every folder of fuzz inputs
// (testdata/fuzz/FuzzX) belongs to a fuzz target FuzzX of its package:
// inputs left behind by a renamed or moved target are never run.
func TestFuzzCorporaHaveTargets(t *testing.T) {
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() || filepath.Base(filepath.Dir(path)) != "fuzz" || filepath.Base(filepath.Dir(filepath.Dir(path))) != "testdata" {
			return nil
		}
		found++
		pkg := filepath.Dir(filepath.Dir(filepath.Dir(path)))
		if !hasFuzzTarget(t, pkg, d.Name()) {
			t.Errorf("%s: no func %s in the tests of %s: move the inputs to the target that replaced it, or delete them", path, d.Name(), pkg)
		}
		return filepath.SkipDir
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no fuzz corpus found: the walk is broken")
	}
}

func hasFuzzTarget(t *testing.T, pkg, name string) bool {
	files, err := filepath.Glob(filepath.Join(pkg, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`(?m)^func ` + regexp.QuoteMeta(name) + `\(`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if decl.Match(data) && strings.Contains(string(data), "testing.F") {
			return true
		}
	}
	return false
}
