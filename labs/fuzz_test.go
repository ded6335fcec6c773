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
	bad, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, name := range bad {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	good, _ := fs.Glob(bundledFS, "bundled/*.yaml")
	for _, name := range good {
		data, _ := fs.ReadFile(bundledFS, name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		l, err := Parse(data, "fuzz.yaml")
		if err == nil {
			if l == nil {
				t.Fatal("nil lab without error")
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %T %v", err, err)
		}
		for _, e := range list {
			if e.File != "fuzz.yaml" || e.Msg == "" {
				t.Fatalf("error without file or message: %#v", e)
			}
		}
	})
}

// FuzzParseTruthFile feeds arbitrary bytes to the truth-file parser: it
// must never panic, and must either return a truth file or an ErrorList
// whose every entry names the file and says something.
func FuzzParseTruthFile(f *testing.F) {
	bad, _ := filepath.Glob("testdata/truth/*.truth.yaml")
	for _, name := range bad {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	good, _ := fs.Glob(bundledFS, "bundled/*/*.truth.yaml")
	for _, name := range good {
		data, _ := fs.ReadFile(bundledFS, name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		tf, err := ParseTruthFile(data, "fuzz.truth.yaml")
		if err == nil {
			if tf == nil {
				t.Fatal("nil truth file without error")
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %T %v", err, err)
		}
		for _, e := range list {
			if e.File != "fuzz.truth.yaml" || e.Msg == "" {
				t.Fatalf("error without file or message: %#v", e)
			}
		}
	})
}
