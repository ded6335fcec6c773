package labs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the lab parser: it must never panic,
// and must either return a lab or an ErrorList whose every entry names the
// file.
func FuzzParse(f *testing.F) {
	addSeeds(f, "testdata/bad/*.yaml", "bundled/*.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		l, err := Parse(data, "fuzz.yaml")
		checkParsed(t, l != nil, err, "fuzz.yaml", "lab")
	})
}

// FuzzParseTruthFile feeds arbitrary bytes to the truth-file parser: it
// must never panic, and must either return a truth file or an ErrorList
// whose every entry names the file and says something.
func FuzzParseTruthFile(f *testing.F) {
	addSeeds(f, "testdata/truth/*.truth.yaml", "bundled/*/*.truth.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		tf, err := ParseTruthFile(data, "fuzz.truth.yaml")
		checkParsed(t, tf != nil, err, "fuzz.truth.yaml", "truth file")
	})
}

// addSeeds adds the files of glob on disk and of bundledGlob among the
// bundled labs to f's corpus.
func addSeeds(f *testing.F, glob, bundledGlob string) {
	bad, _ := filepath.Glob(glob)
	for _, name := range bad {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	good, _ := fs.Glob(bundledFS, bundledGlob)
	for _, name := range good {
		data, _ := fs.ReadFile(bundledFS, name)
		f.Add(data)
	}
}

// checkParsed checks a parser's answer to fuzz input: a value (parsed)
// without error, or a non-empty ErrorList whose every entry names file and
// says something. what names the value in messages.
func checkParsed(t *testing.T, parsed bool, err error, file, what string) {
	t.Helper()
	if err == nil {
		if !parsed {
			t.Fatalf("nil %s without error", what)
		}
		return
	}
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error is not a non-empty ErrorList: %T %v", err, err)
	}
	for _, e := range list {
		if e.File != file || e.Msg == "" {
			t.Fatalf("error without file or message: %#v", e)
		}
	}
}
