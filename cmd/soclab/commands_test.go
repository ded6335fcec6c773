package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCommandFileIsListed checks that each cmd_<name>.go has its
// command in root.go's list (commands are added explicitly, not by init).
func TestEveryCommandFileIsListed(t *testing.T) {
	files, err := filepath.Glob("cmd_*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cmd_*.go files: %v", err)
	}
	root := newRootCommand()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		name := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(f, "cmd_"), ".go"), "_", "-")
		if c, _, err := root.Find([]string{name}); err != nil || c == root {
			t.Errorf("%s: no command %q: add its constructor to commands in root.go", f, name)
		}
	}
}
