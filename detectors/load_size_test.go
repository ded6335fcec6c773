package detectors

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A rule file larger than sigma.MaxFileBytes is refused by name, and only
// its first bytes are read (a sparse 1 GiB file here).
func TestLoadPathsRefusesAHugeRuleFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = LoadPaths([]string{path})
	if err == nil || !strings.Contains(err.Error(), "huge.yml") || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("LoadPaths = %v, want huge.yml refused as too large", err)
	}
}
