package labs_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/labs"
)

// TestFindByShape checks that Find tells a path from a bundled id by the
// name's shape alone (docs/labs.md): a folder named after a bundled lab, as
// lab start leaves behind, does not hide the lab.
func TestFindByShape(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("ssh-bruteforce-101", 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := labs.Find("ssh-bruteforce-101")
	if err != nil {
		t.Fatalf("Find(bundled id beside a folder of that name): %v", err)
	}
	if l.ID != "ssh-bruteforce-101" {
		t.Fatalf("Find gave lab %q", l.ID)
	}

	_, err = labs.Find("./ssh-bruteforce-101")
	if err == nil || !strings.Contains(err.Error(), "is a folder, not a lab file") || strings.Contains(err.Error(), "LoadDir") {
		t.Fatalf("Find(folder path) = %v, want a plain 'is a folder' error", err)
	}

	_, err = labs.Find("missing.yaml")
	if !errors.Is(err, labs.ErrNotFound) {
		t.Fatalf("Find(missing.yaml) = %v, want ErrNotFound", err)
	}
	// A file without a path shape is not read as a lab file.
	if err := os.WriteFile(filepath.Join(dir, "mylab"), []byte("id: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = labs.Find("mylab")
	if !errors.Is(err, labs.ErrNotFound) || !strings.Contains(err.Error(), "no bundled lab") {
		t.Fatalf("Find(mylab) = %v, want no bundled lab", err)
	}
}
