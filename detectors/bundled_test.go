package detectors

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/detectors/sigma"
)

func TestBundledCompiles(t *testing.T) {
	eng := bundledEngine(t, Options{})
	if n := len(eng.Summary()); n < 25 {
		t.Fatalf("the bundled pack has %d alerting rules, want at least 25", n)
	}
	if eng.Fields() == nil {
		t.Fatal("the bundled pack must not need every field decoded (no keyword searches)")
	}
}

// TestBundledMetadata checks that every bundled rule carries what a SOC
// needs to triage its alerts.
func TestBundledMetadata(t *testing.T) {
	rules, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		where := r.File + ": " + r.Title
		if !sigma.UUIDRE.MatchString(r.ID) {
			t.Errorf("%s: id %q is not a UUID", where, r.ID)
		}
		if r.Title == "" || r.Description == "" || r.Level == "" || r.Status == "" || r.Author == "" || r.Date == "" {
			t.Errorf("%s: title, description, level, status, author and date are required", where)
		}
		if len(r.FalsePositives) == 0 {
			t.Errorf("%s: falsepositives missing", where)
		}
		var tech, tactic bool
		for _, tag := range r.Tags {
			tech = tech || IsTechnique(tag)
			tactic = tactic || IsTactic(tag)
			if strings.HasPrefix(tag, "attack.") && !IsTechnique(tag) && !IsTactic(tag) {
				t.Errorf("%s: unknown ATT&CK tag %q", where, tag)
			}
		}
		if !tech || !tactic {
			t.Errorf("%s: needs an attack.tXXXX technique tag and a tactic tag", where)
		}
	}
}

// TestBundledScenarios runs one .sigmatest per bundled detection against the
// whole pack: each hand-built sequence of a scenario must raise its alerts.
func TestBundledScenarios(t *testing.T) { runSigmaTests(t, "testdata/bundled/*.sigmatest") }

// TestEveryBundledRuleIsExercised makes sure each alerting rule of the pack
// is expected by some bundled scenario test.
func TestEveryBundledRuleIsExercised(t *testing.T) {
	eng := bundledEngine(t, Options{})
	var all strings.Builder
	for _, f := range sigmaTestFiles(t, "testdata/bundled/*.sigmatest") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
	}
	for _, rc := range eng.Summary() {
		if !strings.Contains(all.String(), rc.RuleID) {
			t.Errorf("no bundled scenario test expects rule %s (%s)", rc.RuleID, rc.Title)
		}
	}
}

func TestLoadPathsReportsEveryFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.yml"), []byte("title: a\nlogsource: {product: linux}\ndetection:\n  sel: {user.name: x}\n  condition: sel\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yml"), []byte("title: b\nlevel: urgent\nlogsource: {product: linux}\ndetection:\n  sel: {user.name: x}\n  condition: nope\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte("title: [\n"), 0o644)
	rules, err := LoadPaths([]string{dir})
	if len(rules) != 1 {
		t.Fatalf("want the one good rule, got %d", len(rules))
	}
	var list sigma.ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("want 3 errors, got %v", err)
	}
	for _, want := range []string{"b.yml:2:8: rule \"b\": level:", "b.yml:6:14: rule \"b\": detection.condition: unknown search identifier \"nope\"", "c.yaml:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}
