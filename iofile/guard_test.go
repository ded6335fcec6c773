package iofile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	must(t, os.WriteFile("events.ndjson", []byte("{}\n"), 0o644))
	must(t, os.WriteFile("course.secret", []byte("s"), 0o600))
	must(t, os.Link("events.ndjson", "hard.ndjson"))
	must(t, os.Symlink("events.ndjson", "soft.ndjson"))
	must(t, os.MkdirAll("subs/alice", 0o755))
	must(t, os.Symlink("subs", "linked"))
	cases := []struct {
		name  string
		paths []Path
		want  string // "" for no error
	}{
		{"distinct", []Path{In("--events", "events.ndjson"), Out("--out", "alerts.ndjson")}, ""},
		{"same name", []Path{In("--events", "events.ndjson"), Out("--out", "events.ndjson")}, "--out events.ndjson is --events events.ndjson"},
		{"dot path", []Path{In("--events", "events.ndjson"), Out("--out", "./subs/../events.ndjson")}, "is --events"},
		{"hard link", []Path{In("--events", "events.ndjson"), Out("--out", "hard.ndjson")}, "is --events"},
		{"symlink", []Path{In("--events", "soft.ndjson"), Out("--out", "events.ndjson")}, "is --events"},
		{"secret", []Path{In("--secret-file", "course.secret"), Out("--out", filepath.Join(dir, "course.secret"))}, "is --secret-file"},
		{"two outputs", []Path{Out("--out", "x.json"), Out("--truth", "x.json")}, "--truth x.json is --out x.json"},
		{"stdout twice is fine here", []Path{Out("--out", "-"), Out("--truth", "-")}, ""},
		{"inside a kept folder", []Path{KeepDir("trainee alice", "subs/alice"), OutDir("--out", "subs/alice/results")}, "is inside trainee alice"},
		{"inside a kept folder through a link", []Path{KeepDir("trainee alice", "subs/alice"), Out("--junit", "linked/alice/j.xml")}, "is inside"},
		{"output folder is the submissions", []Path{In("--submissions", "subs"), OutDir("--out", "linked")}, "is --submissions"},
		{"output folder inside the submissions", []Path{In("--submissions", "subs"), KeepDir("trainee alice", "subs/alice"), OutDir("--out", "subs/out")}, ""},
		{"output folder holding inputs", []Path{In("--secret-file", "course.secret"), OutDir("--out", ".")}, ""},
		{"replaced folder holding an input", []Path{In("--secret-file", "course.secret"), ReplaceDir("--dir", ".")}, "--dir . holds --secret-file course.secret"},
		{"device", []Path{In("--events", os.DevNull), Out("--out", os.DevNull)}, ""},
	}
	for _, c := range cases {
		err := CheckOutputs(c.paths...)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: unexpected %v", c.name, err)
		case c.want != "" && (err == nil || !contains(err.Error(), c.want) || !errors.Is(err, ErrOverInput)):
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
