package triage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/soclab/soclab/internal/diag"
)

var knownIDs = []string{"a-1", "a-2", "a-3"}

// TestCases runs testdata/cases/*.txtar: each holds a triage.yaml and the
// parse result ("want": a summary, or the errors one per line).
func TestCases(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	if len(files) == 0 {
		t.Fatal("no test cases")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			ar, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			in, want := section(t, ar, "triage.yaml"), section(t, ar, "want")
			tr, err := Parse(in, Options{File: "triage.yaml", KnownIDs: knownIDs})
			var got string
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("error %v does not match ErrInvalid", err)
				}
				got = err.Error() + "\n"
			} else {
				got = summary(tr)
			}
			if got != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func section(t *testing.T, ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no section %q", name)
	return nil
}

func summary(tr *Triage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "analyst=%s\n", tr.Analyst)
	for _, a := range tr.Alerts {
		esc := "<nil>"
		if a.Escalate != nil {
			esc = fmt.Sprint(*a.Escalate)
		}
		fmt.Fprintf(&b, "%s line=%d verdict=%s severity=%s techniques=%s escalate=%s empty=%v\n",
			a.ID, a.Line, a.Verdict, a.Severity, strings.Join(a.Techniques, ","), esc, a.Empty())
	}
	return b.String()
}

func TestRejectsHugeAndBinary(t *testing.T) {
	big := []byte("analyst: x\nnote: " + strings.Repeat("a", MaxSize))
	if _, err := Parse(big, Options{}); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge file: %v", err)
	}
	if _, err := Parse([]byte("analyst: x\nalerts:\n  - id: \xff\n"), Options{}); err == nil || !strings.Contains(err.Error(), "triage.yaml:3: file is not valid UTF-8") {
		t.Errorf("binary file: %v", err)
	}
}

func TestEmptyFileIsEmptyTriage(t *testing.T) {
	tr, err := Parse(nil, Options{KnownIDs: knownIDs})
	if err != nil || len(tr.Alerts) != 0 {
		t.Fatalf("got %v, %v", tr, err)
	}
	if tr.ByID("a-1") != nil {
		t.Error("ByID on empty triage")
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range ar.Files {
			if s.Name == "triage.yaml" {
				f.Add(s.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			t.Skip()
		}
		tr, err := Parse(data, Options{KnownIDs: knownIDs})
		if err == nil {
			for _, a := range tr.Alerts {
				for _, id := range a.Techniques {
					if !validTechnique(id) {
						t.Fatalf("invalid technique %q accepted", id)
					}
				}
			}
		} else if !errors.Is(err, ErrInvalid) {
			t.Fatalf("error %v is not ErrInvalid", err)
		}
	})
}

var _ = os.Stdout

func TestForeignFileIsOneError(t *testing.T) {
	var b strings.Builder
	b.WriteString("alerts:\n")
	for i := range 30 {
		fmt.Fprintf(&b, "  - id: x-%d\n", i)
	}
	_, err := Parse([]byte(b.String()), Options{KnownIDs: knownIDs})
	if err == nil || strings.Count(err.Error(), "\n") != 0 || !strings.Contains(err.Error(), "none of the 30 alert ids belong to this lab instance") {
		t.Errorf("got %v", err)
	}
	b.WriteString("  - id: a-1\n  - id: a-1\n")
	for i := range 25 {
		fmt.Fprintf(&b, "  - id: a-1\n    verdict: bad%d\n", i)
	}
	_, err = Parse([]byte(b.String()), Options{KnownIDs: knownIDs})
	if err == nil || !strings.HasSuffix(err.Error(), "more problems") || strings.Count(err.Error(), "\n") != diag.MaxShown {
		t.Errorf("long error list not cut: %v", err)
	}
}
