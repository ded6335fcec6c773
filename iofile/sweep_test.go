package iofile

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Debris of killed runs is swept; a live run's temporary file, a recent
// one, and names that are not ours are left alone.
func TestSweepRemovesOnlyStaleTempNames(t *testing.T) {
	dir := t.TempDir()
	old := started.Add(-time.Hour)
	live, err := Create(filepath.Join(dir, "live.ndjson")) // sweeps dir, still empty
	must(t, err)
	defer live.Abort()
	liveName := filepath.Base(live.tmp.Name())
	must(t, os.Chtimes(live.tmp.Name(), old, old))
	for _, name := range []string{".events.ndjson.tmp-123", ".truth.json.tmp-9", "notes.tmp-1", ".events.tmp-abc", "report.md"} {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, []byte("x"), 0o644))
		must(t, os.Chtimes(p, old, old))
	}
	must(t, os.MkdirAll(filepath.Join(dir, ".ws.partial-42", "store"), 0o755))
	must(t, os.Chtimes(filepath.Join(dir, ".ws.partial-42"), old, old))
	must(t, os.WriteFile(filepath.Join(dir, ".fresh.tmp-5"), []byte("x"), 0o644)) // written after we started

	got := Sweep(dir)
	slices.Sort(got)
	want := []string{".events.ndjson.tmp-123", ".truth.json.tmp-9", ".ws.partial-42"}
	if lockFile(live.tmp) != nil { // no locks on this system: only the age protects it
		t.Skip("no file locks")
	}
	if !slices.Equal(got, want) {
		t.Fatalf("swept %v, want %v", got, want)
	}
	for _, keep := range []string{"notes.tmp-1", ".events.tmp-abc", "report.md", ".fresh.tmp-5", liveName} {
		if _, err := os.Stat(filepath.Join(dir, keep)); err != nil {
			t.Errorf("%s was removed", keep)
		}
	}
}

func TestMkdirTempIsSweptOnlyWhenReleased(t *testing.T) {
	parent := t.TempDir()
	d, err := MkdirTemp(parent, "ws")
	must(t, err)
	old := started.Add(-time.Hour)
	must(t, os.Chtimes(d.Path, old, old))
	if got := Sweep(parent); len(got) != 0 {
		t.Fatalf("a locked folder was swept: %v", got)
	}
	d.Release()
	if got := Sweep(parent); len(got) != 1 {
		t.Fatalf("a released stale folder was not swept: %v", got)
	}
}
