package ecs

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

// refPath is the shared ECS reference beside the repository.
var refPath = filepath.Join("..", "..", "..", "shared", "ecs", "ecs_flat.yml")

// TestTableUpToDate regenerates the table from the shared reference and
// compares it with table.go, so that the table and its generator cannot
// drift apart.
func TestTableUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	if _, err := os.Stat(refPath); err != nil {
		t.Skipf("the ECS reference is not available: %v", err)
	}
	out := filepath.Join(t.TempDir(), "table.go")
	cmd := exec.Command("go", "run", "gen_table.go", "-in", refPath, "-out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen_table: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("table.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("table.go is stale: run go generate ./internal/ecs")
	}
}

func TestLookup(t *testing.T) {
	for _, c := range []struct {
		name, typ string
		ok        bool
	}{
		{"@timestamp", "date", true},
		{"source.ip", "ip", true},
		{"source.port", "long", true},
		{"user.name", "keyword", true},
		{"labels", "object", true},
		{"event.original", "keyword", true},
		{"source.ipx", "", false},
		{"", "", false},
		{"winlog.channel", "", false},
		{"zzz", "", false},
	} {
		f, ok := Lookup(c.name)
		if ok != c.ok || f.Type != c.typ {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", c.name, f.Type, ok, c.typ, c.ok)
		}
		if IsECS(c.name) != c.ok {
			t.Errorf("IsECS(%q) = %v", c.name, !c.ok)
		}
	}
	if f, _ := Lookup("event.original"); !f.NotIndexed || !f.NoDocValues {
		t.Errorf("event.original: want index and doc_values false, got %+v", f)
	}
	if f, _ := Lookup("labels"); f.ObjectType != "keyword" {
		t.Errorf("labels: object_type %q, want keyword", f.ObjectType)
	}
	if f, _ := Lookup("event.kind"); len(f.Allowed) == 0 || f.Allowed[0] == "" {
		t.Errorf("event.kind: no allowed values: %+v", f)
	}
	if f, _ := Lookup("url.full"); len(f.MultiFields) != 1 || f.MultiFields[0].Name != "text" {
		t.Errorf("url.full: multi-fields %+v", f.MultiFields)
	}
}

// TestTablesSorted checks the order Lookup's binary search relies on, and
// that no integration field shadows an ECS field.
func TestTablesSorted(t *testing.T) {
	for name, fs := range map[string][]Field{"ECS": Fields(), "integration": Integration()} {
		if len(fs) == 0 {
			t.Fatalf("%s: empty", name)
		}
		if !sort.SliceIsSorted(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name }) {
			t.Errorf("%s: not sorted by name", name)
		}
		for i := 1; i < len(fs); i++ {
			if fs[i].Name == fs[i-1].Name {
				t.Errorf("%s: %s twice", name, fs[i].Name)
			}
		}
	}
	for _, f := range Integration() {
		if IsECS(f.Name) {
			t.Errorf("integration field %s is an ECS field", f.Name)
		}
		if g, ok := LookupIntegration(f.Name); !ok || g.Type != f.Type {
			t.Errorf("LookupIntegration(%s) = %+v, %v", f.Name, g, ok)
		}
	}
	if _, ok := LookupIntegration("source.ip"); ok {
		t.Error("LookupIntegration(source.ip): ECS field found among integration fields")
	}
}
