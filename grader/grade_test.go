package grader

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/grader/gradertest"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

var update = flag.Bool("update", false, "rewrite golden files")

func loadKey(t testing.TB) *instance.Key {
	t.Helper()
	k, err := LoadKey("testdata/key.json")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// files are a submission's triage.yaml and report.md.
type files struct{ triage, report []byte }

func pair(tri, rep []byte) files { return files{tri, rep} }

func grade(t testing.TB, key *instance.Key, f files) *Grade {
	t.Helper()
	sub, err := ParseSubmission(key, "triage.yaml", f.triage, "report.md", f.report)
	if err != nil {
		t.Fatalf("parse submission: %v\n--- report.md\n%s", err, f.report)
	}
	return Score(key, sub)
}

func TestPerfectSubmissionScoresFull(t *testing.T) {
	key := loadKey(t)
	g := grade(t, key, pair(gradertest.Perfect(key)))
	if g.Score < 95 || !g.Passed {
		var b bytes.Buffer
		g.WriteText(&b)
		t.Fatalf("perfect submission scored %v:\n%s", g.Score, b.String())
	}
	if g.Triage.Max+g.Report.Max != 100 {
		t.Errorf("maxima sum to %v, want 100", g.Triage.Max+g.Report.Max)
	}
}

func TestUntouchedTemplateScoresNearZero(t *testing.T) {
	key := loadKey(t)
	g := grade(t, key, pair(gradertest.Template(key)))
	if g.Score > 5 || g.Passed {
		var b bytes.Buffer
		g.WriteText(&b)
		t.Fatalf("template scored %v:\n%s", g.Score, b.String())
	}
}

// TestMistakeCosts checks what each typical mistake costs: a grave one
// closes its gate and fails the submission, a lesser one costs points and
// still passes; every one is explained in the criterion it concerns.
func TestMistakeCosts(t *testing.T) {
	key := loadKey(t)
	perfect := grade(t, key, pair(gradertest.Perfect(key)))
	for _, tc := range []struct {
		name string
		m    gradertest.Mistakes
		gate string // the gate it must close, or "" for none
		crit string // the criterion that must explain it
		says string
	}{
		{"missed critical true positive", gradertest.Mistakes{MissTP: "a-02"}, GateMissedAttack, TriageVerdict, "a-02"},
		{"missed high true positive", gradertest.Mistakes{MissTP: "a-01"}, GateMissedAttack, TriageVerdict, "a-01"},
		{"alert untriaged", gradertest.Mistakes{Untriaged: "a-02"}, GateMissedAttack, TriageVerdict, "not triaged"},
		{"report verdict wrong", gradertest.Mistakes{ReportVerdict: true}, GateMissedAttack, ReportClassification, "verdict"},
		{"no escalation", gradertest.Mistakes{WrongEscalation: true}, GateUnescalated, ReportEscalation, "decision"},
		{"false positive called true", gradertest.Mistakes{FalseAlarm: "a-07"}, "", TriageVerdict, "a-07"},
		{"benign called true", gradertest.Mistakes{FalseAlarm: "a-05"}, "", TriageVerdict, "a-05"},
		{"alert severity one level off", gradertest.Mistakes{AlertSeverity: "a-01"}, "", TriageSeverity, "too high"},
		{"alert not escalated", gradertest.Mistakes{AlertEscalation: "a-02"}, "", TriageEscalation, "a-02"},
		{"decoy listed as IOC", gradertest.Mistakes{DecoyIOC: true}, "", ReportIOCs, "benign"},
		{"unrelated IOC listed", gradertest.Mistakes{WrongIOC: true}, "", ReportIOCs, "192.0.2.201"},
		{"key IOC missing", gradertest.Mistakes{DropIOC: true}, "", ReportIOCs, "the attacker ip"},
		{"timeline an hour off", gradertest.Mistakes{HourOff: true}, "", ReportTimeline, "UTC"},
		{"milestone missing", gradertest.Mistakes{DropMilestone: 3}, "", ReportTimeline, "move to another host"},
		{"timeline out of order", gradertest.Mistakes{Unordered: true}, "", ReportTimeline, "order"},
		{"report severity one level off", gradertest.Mistakes{ReportSeverity: true}, "", ReportClassification, "too high"},
		{"section missing", gradertest.Mistakes{DropSection: report.Analysis}, "", ReportSections, `"Analysis" is missing`},
		{"action missing", gradertest.Mistakes{DropAction: true}, "", ReportActions, "no action about"},
		{"host missing", gradertest.Mistakes{DropAsset: true}, "", ReportAssets, "1 of 2 affected host"},
		{"extra techniques", gradertest.Mistakes{ExtraTechniques: true}, "", ReportClassification, "do not fit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := grade(t, key, pair(gradertest.Build(key, tc.m)))
			var sheet bytes.Buffer
			g.WriteText(&sheet)
			lost := perfect.Score - g.Score
			if lost <= 0 {
				t.Errorf("the mistake cost nothing:\n%s", sheet.String())
			}
			closed := ""
			for _, gate := range g.Gates {
				closed = gate.ID
			}
			switch {
			case closed != tc.gate:
				t.Errorf("gate %q closed, want %q:\n%s", closed, tc.gate, sheet.String())
			case tc.gate != "" && g.Passed:
				t.Errorf("a grave mistake passed with %v", g.Score)
			case tc.gate == "" && !g.Passed:
				t.Errorf("a lesser mistake failed with %v:\n%s", g.Score, sheet.String())
			}
			if c := g.Criterion(tc.crit); !strings.Contains(strings.Join(c.Feedback, "\n"), tc.says) {
				t.Errorf("%s feedback %q does not say %q", tc.crit, c.Feedback, tc.says)
			}
		})
	}
	// What the mistakes cost against each other.
	cost := func(m gradertest.Mistakes) float64 {
		return perfect.Score - grade(t, key, pair(gradertest.Build(key, m))).Score
	}
	for _, o := range []struct {
		name           string
		more, lessCost gradertest.Mistakes
	}{
		{"a missed attack costs more than a false alarm", gradertest.Mistakes{MissTP: "a-01"}, gradertest.Mistakes{FalseAlarm: "a-05"}},
		{"a decoy taken for an attack costs more than its severity misjudged", gradertest.Mistakes{FalseAlarm: "a-05"}, gradertest.Mistakes{AlertSeverity: "a-05"}},
		{"a decoy IOC costs more than an unrelated one", gradertest.Mistakes{DecoyIOC: true}, gradertest.Mistakes{WrongIOC: true}},
	} {
		if a, b := cost(o.more), cost(o.lessCost); a <= b {
			t.Errorf("%s: %.2f against %.2f", o.name, a, b)
		}
	}
}

func TestStuffingDoesNotPay(t *testing.T) {
	key := loadKey(t)
	precise := grade(t, key, pair(gradertest.Perfect(key)))
	stuffed := grade(t, key, pair(gradertest.Build(key, gradertest.Mistakes{Stuff: true})))
	if stuffed.Score > precise.Score-30 || stuffed.Passed {
		var b bytes.Buffer
		stuffed.WriteText(&b)
		t.Fatalf("stuffed report scored %v against %v for the precise one:\n%s", stuffed.Score, precise.Score, b.String())
	}
	for _, id := range []string{ReportIOCs, ReportTimeline, TriageTechniques} {
		if c := stuffed.Criterion(id); c.Points > c.Max/2 {
			t.Errorf("%s: stuffing earned %v of %v", id, c.Points, c.Max)
		}
	}
}

// TestEveryLostPointIsExplained grades many mixed submissions and checks
// that no criterion loses points silently, and that no feedback line gives
// away a key value the trainee did not write.
func TestEveryLostPointIsExplained(t *testing.T) {
	key := loadKey(t)
	secrets := []string{"203.0.113.7", "2001:db8:66::7", "13:58", "14:03", "14:20", "14:31", "first successful login", "lateral movement to"}
	tpl := grade(t, key, pair(gradertest.Template(key)))
	for _, c := range tpl.Criteria {
		for _, f := range c.Feedback {
			for _, s := range secrets {
				if strings.Contains(f, s) {
					t.Errorf("feedback %q reveals %q", f, s)
				}
			}
		}
	}
	for i, m := range cohortMistakes(key, 60) {
		g := grade(t, key, pair(gradertest.Build(key, m)))
		for _, c := range append(g.Criteria, tpl.Criteria...) {
			if c.Points < c.Max && len(c.Feedback) == 0 {
				t.Errorf("submission %d: %s lost %v points without feedback", i, c.ID, c.Max-c.Points)
			}
			if (c.Points < 0 && c.ID != ReportIOCs) || c.Points < iocFloor*c.Max || c.Points > c.Max {
				t.Errorf("submission %d: %s has %v of %v", i, c.ID, c.Points, c.Max)
			}
		}
	}
}

// TestGolden compares feedback sheets (text and JSON) with testdata/golden.
func TestGolden(t *testing.T) {
	key := loadKey(t)
	cases := map[string]gradertest.Mistakes{
		"perfect": {},
		"mixed": {MissTP: "a-03", FalseAlarm: "a-04", AlertSeverity: "a-05", DecoyIOC: true, HourOff: true,
			ReportSeverity: true, WrongEscalation: true, DropAction: true, DropSection: report.Impact},
		"stuffed": {Stuff: true},
	}
	for name, m := range cases {
		tri, rep := gradertest.Build(key, m)
		checkGolden(t, name, grade(t, key, files{tri, rep}))
	}
	checkGolden(t, "template", grade(t, key, pair(gradertest.Template(key))))
}

func checkGolden(t *testing.T, name string, g *Grade) {
	t.Helper()
	var txt, js bytes.Buffer
	if err := g.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for ext, got := range map[string][]byte{".txt": txt.Bytes(), ".json": js.Bytes()} {
		path := filepath.Join("testdata", "golden", name+ext)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs (run go test -update and review the diff):\n%s", path, got)
		}
	}
}

func TestRubricWeights(t *testing.T) {
	key := loadKey(t)
	key.Rubric = labs.Rubric{Triage: 30, Report: 70, Criteria: map[string]float64{ReportTimeline: 0, ReportIOCs: 40}}
	g := grade(t, key, pair(gradertest.Perfect(key)))
	if g.Triage.Max != 30 || g.Report.Max != 70 {
		t.Errorf("parts %v / %v, want 30 / 70", g.Triage.Max, g.Report.Max)
	}
	if g.Criterion(ReportTimeline) != nil {
		t.Error("a criterion weighted 0 is still graded")
	}
	// report weights: sections 10, classification 15, iocs 40, assets 10, actions 15, escalation 10 = 100
	if c := g.Criterion(ReportIOCs); math.Abs(c.Max-28) > 0.01 {
		t.Errorf("iocs max %v, want 28", c.Max)
	}
	key.Alerts = nil
	g = grade(t, key, pair(gradertest.Perfect(key)))
	if g.Triage.Max != 0 || g.Report.Max != 100 {
		t.Errorf("without alerts: parts %v / %v, want 0 / 100", g.Triage.Max, g.Report.Max)
	}
}

func TestBadSubmissionFilesReportBoth(t *testing.T) {
	key := loadKey(t)
	_, err := ParseSubmission(key, "t.yaml", []byte("alerts:\n  - id: nope\n"), "r.md", []byte("\xff"))
	if !errors.Is(err, triage.ErrInvalid) || !errors.Is(err, report.ErrNotUTF8) {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), `t.yaml:2:9: alerts[0].id: unknown alert "nope"`) {
		t.Errorf("error lacks the position: %v", err)
	}
	if _, err := LoadSubmission(key, "testdata/none.yaml", "testdata/none.md"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing files: %v", err)
	}
}

func TestNothingHandedIn(t *testing.T) {
	key := loadKey(t)
	g := Score(key, &Submission{})
	if g.Score != 0 || g.Passed {
		t.Errorf("empty submission scored %v", g.Score)
	}
}

func TestDeterministic(t *testing.T) {
	key := loadKey(t)
	tri, rep := gradertest.Build(key, gradertest.Mistakes{DecoyIOC: true, WrongIOC: true, Stuff: true})
	var a, b bytes.Buffer
	grade(t, key, files{tri, rep}).WriteJSON(&a)
	grade(t, key, files{tri, rep}).WriteJSON(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two gradings differ")
	}
}

func TestReadKeyRejectsBadKeys(t *testing.T) {
	_, err := ReadKey(strings.NewReader(`{"alerts":[{"id":"a","verdict":"maybe"},{"id":"a","verdict":"true_positive","severity":"huge"}]}`))
	for _, want := range []string{`unknown verdict "maybe"`, `duplicate id "a"`, `unknown severity "huge"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}
