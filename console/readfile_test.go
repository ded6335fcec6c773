package console

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/iofile"
)

// A workspace file longer than the console's bound is refused, naming the
// file, without being read whole.
func TestReadFileIsBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "triage.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxFileBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = readFile(path)
	if !errors.Is(err, iofile.ErrTooLarge) || !strings.HasPrefix(err.Error(), "triage.yaml: ") {
		t.Fatalf("readFile = %v, want triage.yaml: file too large", err)
	}
	if err := os.Truncate(path, 10); err != nil {
		t.Fatal(err)
	}
	if data, err := readFile(path); err != nil || len(data) != 10 {
		t.Fatalf("readFile = %d bytes, %v", len(data), err)
	}
}
