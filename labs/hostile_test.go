package labs_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// hostileLab writes the bundled ssh-bruteforce-101 lab into a temporary
// folder with its YAML edited by edit and the given briefing, and loads it.
func hostileLab(t *testing.T, edit func(string) string, briefing string) error {
	t.Helper()
	src, err := os.ReadFile("bundled/ssh-bruteforce-101.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "lab.yaml")
	if err := os.WriteFile(path, []byte(edit(string(src))), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lab.briefing.md"), []byte(briefing), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = labs.Load(path)
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("loading took %v", took)
	}
	return err
}

func same(s string) string { return s }

// TestHostileLabsAreRefused covers the lab file and briefing findings of
// issue 11: each is a validation error naming the problem, found quickly.
func TestHostileLabsAreRefused(t *testing.T) {
	const ok = "# {{.Lab.Title}}\n{{range .Datasets}}- {{.Name}}: {{.Events}}\n{{end}}"
	if err := hostileLab(t, same, ok); err != nil {
		t.Fatalf("the plain lab: %v", err)
	}
	cases := map[string]struct {
		edit     func(string) string
		briefing string
		want     string
	}{
		"range over a number": {same, "{{range 2000000000}}x{{end}}", "a briefing may range only over .Datasets or .Objectives"},
		"range over a count":  {same, "{{range .Alerts}}{{range .Alerts}}x{{end}}{{end}}", "a briefing may range only over .Datasets or .Objectives"},
		"nested ranges":       {same, "{{range .Datasets}}{{range $.Datasets}}{{range $.Datasets}}x{{end}}{{end}}{{end}}", "ranges nest at most 2 deep"},
		"recursion":           {same, `{{define "a"}}{{template "a" .}}{{template "a" .}}{{end}}{{template "a" .}}`, "are not allowed in a briefing"},
		"huge briefing":       {same, strings.Repeat("x", labs.MaxBriefingSize+1), "file too large"},
		"huge output":         {same, "{{range .Objectives}}" + strings.Repeat("{{$.Lab.Title}}", 10_000) + "{{end}}", "the rendered briefing is longer than"},
		"path escape": {func(s string) string { return s + "briefing: ../../../../etc/passwd\n" }, ok,
			`briefing: "../../../../etc/passwd" is outside the lab's folder`},
		"absolute path": {func(s string) string { return s + "briefing: /dev/zero\n" }, ok, "is outside the lab's folder"},
		"NaN rate": {func(s string) string { return strings.Replace(s, "soclab.proxy: 0.3", "soclab.proxy: .nan", 1) }, ok,
			"rate NaN is outside 0..100"},
		"NaN pass mark": {func(s string) string {
			return regexp.MustCompile(`(?m)^pass_mark: .*$`).ReplaceAllString(s, "pass_mark: .nan")
		}, ok,
			"pass mark NaN is outside 0..100"},
	}
	for name, c := range cases {
		err := hostileLab(t, c.edit, c.briefing)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, c.want)
		}
	}
}

// TestEndlessFilesStopAtTheirLimit: /dev/zero has a Stat size of 0, so
// reads bounded by Stat never ended.
func TestEndlessFilesStopAtTheirLimit(t *testing.T) {
	start := time.Now()
	_, err := instance.ReadSecret("/dev/zero")
	if !errors.Is(err, labs.ErrTooLarge) || !strings.Contains(err.Error(), "secret file /dev/zero: file too large") {
		t.Fatalf("ReadSecret(/dev/zero) = %v", err)
	}
	dir := t.TempDir()
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	_, err = labs.Load(filepath.Join(dir, "zero.yaml"))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("Load(/dev/zero) = %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("took %v", took)
	}
}
