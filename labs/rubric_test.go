package labs

import (
	"strings"
	"testing"
)

// TestOneRubricDefault checks that a lab that names no rubric, or only part
// of one, gets DefaultRubric's designed weights and gates, with caps under
// its pass mark.
func TestOneRubricDefault(t *testing.T) {
	all, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultRubric()
	for _, l := range all {
		r := l.EffectiveRubric()
		for _, id := range Criteria {
			want := def.Criteria[id]
			if l.Rubric != nil {
				if w, ok := l.Rubric.Criteria[id]; ok {
					want = w
				}
			}
			if r.Criteria[id] != want {
				t.Errorf("%s: %s weighs %v, want %v", l.ID, id, r.Criteria[id], want)
			}
		}
		for _, id := range GateIDs {
			g, ok := r.Gates[id]
			switch {
			case !ok || g.Off:
				t.Errorf("%s: gate %s is not on", l.ID, id)
			case g.Cap <= 0 || g.Cap >= l.EffectivePassMark():
				t.Errorf("%s: gate %s caps at %v with pass mark %v", l.ID, id, g.Cap, l.EffectivePassMark())
			}
		}
	}
	if def.Criteria[TriageVerdict] <= def.Criteria[TriageSeverity] || def.Criteria[ReportIOCs] <= def.Criteria[ReportSections] {
		t.Error("the default rubric lost its design: verdicts outweigh severities, indicators outweigh sections")
	}
}

func TestRubricGatesValidated(t *testing.T) {
	base, err := Find("ssh-bruteforce-101")
	if err != nil {
		t.Fatal(err)
	}
	minimalLab := string(base.Source())
	src := strings.Replace(minimalLab, "pass_mark:", "rubric:\n  gates:\n    missed_atack: {cap: 50}\n    off_instance: {cap: 140}\npass_mark:", 1)
	_, err = Parse([]byte(src), "lab.yaml")
	if err == nil {
		t.Fatal("bad gates accepted")
	}
	for _, want := range []string{`unknown gate "missed_atack"`, `did you mean "missed_attack"`, "rubric.gates.off_instance.cap"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	src = strings.Replace(minimalLab, "pass_mark:", "rubric:\n  gates:\n    benign_escalated: {off: true}\n    missed_attack: {cap: 40}\npass_mark:", 1)
	l, err := Parse([]byte(src), "lab.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := l.EffectiveRubric()
	if !r.Gates[GateOvercalled].Off || r.Gates[GateMissedAttack].Cap != 40 || r.Gates[GateUnescalated].Cap != DefaultGateCap(GateUnescalated, l.EffectivePassMark()) {
		t.Errorf("gates %+v", r.Gates)
	}
}
