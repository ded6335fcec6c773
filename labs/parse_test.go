package labs

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestBadLabs parses every testdata/bad/*.yaml and compares the error text
// with its .golden file: one error per line, each with file:line:column,
// field path and message.
func TestBadLabs(t *testing.T) {
	checkBadFiles(t, "testdata/bad/*.yaml", ".yaml", 8, "lab", func(data []byte, file string) error {
		_, err := Parse(data, file)
		return err
	})
}

// checkBadFiles parses every file of glob with parse, which must fail with
// an error that answers to ErrInvalid and whose text is the file's
// .golden (its name with suffix replaced); there must be at least atLeast
// files. what names the kind of file in messages.
func checkBadFiles(t *testing.T, glob, suffix string, atLeast int, what string, parse func(data []byte, file string) error) {
	t.Helper()
	files, _ := filepath.Glob(glob)
	if len(files) < atLeast {
		t.Fatalf("want at least %d bad %ss, found %d", atLeast, what, len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			err = parse(data, filepath.ToSlash(f))
			if err == nil {
				t.Fatalf("bad %s parsed without error", what)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not answer to ErrInvalid: %v", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, suffix) + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}
