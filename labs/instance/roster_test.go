package instance

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSeedFor(t *testing.T) {
	a := SeedFor([]byte("secret"), "lab", "jdoe")
	if a != SeedFor([]byte("secret"), "lab", "jdoe") {
		t.Fatal("SeedFor is not deterministic")
	}
	// Pinned: HMAC-SHA256("secret", "lab\x00jdoe"), first 8 bytes big-endian.
	if want := int64(-5216561352316454046); a != want {
		t.Errorf("SeedFor = %d, want %d (computed independently with Python's hmac)", a, want)
	}
	for _, other := range []int64{
		SeedFor([]byte("secret"), "la", "bjdoe"), // the separator keeps these apart
		SeedFor([]byte("secret"), "lab", "jdoe2"),
		SeedFor([]byte("secret"), "lab2", "jdoe"),
		SeedFor([]byte("secreT"), "lab", "jdoe"),
	} {
		if other == a {
			t.Error("different inputs gave the same seed")
		}
	}
}

// update rewrites the golden files.
var update = flag.Bool("update", false, "rewrite golden files")

func TestRoster(t *testing.T) {
	f, _ := os.Open("testdata/roster/good.csv")
	defer f.Close()
	got, err := ReadRoster(f, "good.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Trainee{{"jdoe", "Jane Doe", "jdoe@example.org"}, {"a.smith", "Alex Smith", "alex@example.org"}, {"k_lee", "Kim Lee", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, name := range []string{"bad", "noheader"} {
		path := "testdata/roster/" + name + ".csv"
		data, _ := os.ReadFile(path)
		_, err := ReadRoster(bytes.NewReader(data), path)
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		golden := strings.TrimSuffix(path, ".csv") + ".golden"
		if *update {
			os.WriteFile(golden, []byte(err.Error()+"\n"), 0o644)
		}
		wantErr, _ := os.ReadFile(golden)
		if err.Error()+"\n" != string(wantErr) {
			t.Errorf("%s errors:\n%s\nwant:\n%s", name, err, wantErr)
		}
	}
}

func FuzzReadRoster(f *testing.F) {
	files, _ := filepath.Glob("testdata/roster/*.csv")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		ts, err := ReadRoster(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		for _, tr := range ts {
			if CheckTraineeID(tr.ID) != nil {
				t.Fatalf("accepted unsafe id %q", tr.ID)
			}
		}
	})
}

func TestTraineeIDs(t *testing.T) {
	for _, ok := range []string{"jdoe", "j.doe", "J_Doe-2", "jdoe@uni"} {
		if err := CheckTraineeID(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", ".", "..", "../x", "a/b", `a\b`, "-rf", ".hidden", "a b", strings.Repeat("x", 65)} {
		if CheckTraineeID(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The roster also accepts the usual spellings of its columns, a BOM, and a
// file with ids only (es provision and assign share it).
func TestRosterHeaderSpellings(t *testing.T) {
	got, err := ReadRoster(strings.NewReader("\ufeffEmail,Trainee,Full_Name\na@x,a1,A One\n\n# skip\nb@x, b2 ,\n"), "r.csv")
	if err != nil || len(got) != 2 || got[0] != (Trainee{ID: "a1", Name: "A One", Email: "a@x"}) || got[1].ID != "b2" {
		t.Fatalf("got %+v, %v", got, err)
	}
	got, err = ReadRoster(strings.NewReader("username\nj.doe\n"), "r.csv")
	if err != nil || len(got) != 1 || got[0].ID != "j.doe" || got[0].Name != "" {
		t.Fatalf("ids only: got %+v, %v", got, err)
	}
}
