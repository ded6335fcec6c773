package grader

import (
	"fmt"
	"slices"
	"strings"

	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/labs"
)

// severityRank orders the severities: low 0 ... critical 3; -1 unknown.
func severityRank(s string) int { return slices.Index(labs.Severities, s) }

// alertWeight is what a mistake on an alert can cost: the true severity
// (low 1 ... critical 4), doubled for a true positive, so that missing a
// true critical alert costs most.
func alertWeight(a labs.AlertKey) float64 {
	w := float64(severityRank(a.Severity) + 1)
	if w <= 0 {
		w = 2
	}
	if a.Verdict == labs.TruePositive {
		w *= 2
	}
	return w
}

// verdictCost is the share of an alert's weight lost by calling it got
// when it is want: a missed true positive loses all, a false alarm half,
// confusing false and benign positives a quarter.
func verdictCost(want, got string) float64 {
	switch {
	case want == got:
		return 0
	case got == "":
		return 1
	case want == labs.TruePositive:
		return 1
	case got == labs.TruePositive:
		return 0.5
	default:
		return 0.25
	}
}

func alertName(a labs.AlertKey) string {
	if a.Title != "" {
		return fmt.Sprintf("alert %s (%s)", a.ID, a.Title)
	}
	return "alert " + a.ID
}

// ruleName names an alert's rule for instructors: its title, else its id.
func ruleName(a labs.AlertKey) string {
	if a.Title != "" {
		return a.Title
	}
	return a.Rule
}

// triaged returns the trainee's entry for a key alert, nil when the alert
// was left out or left empty.
func triaged(sub *Submission, a labs.AlertKey) *triage.Alert {
	if sub.Triage == nil {
		return nil
	}
	t := sub.Triage.ByID(a.ID)
	if t == nil || t.Empty() {
		return nil
	}
	return t
}

// maxAlertLines is how many per-alert feedback lines a criterion lists
// before summing up the rest.
const maxAlertLines = 10

// tpShareMin is the least share of a per-alert criterion that the true
// positives carry, however many noise alerts a lab raises.
const tpShareMin = 0.5

// perAlert runs score over every key alert and weighs the results: within
// the true positives and within the other alerts by alertWeight, and the
// true positives together weigh at least tpShareMin, so that a flood of
// noise alerts cannot drown a missed attack. Untriaged alerts score zero
// and are counted into one feedback line.
func perAlert(key *labs.Key, sub *Submission, include func(labs.AlertKey) bool, untriagedMsg string, score func(labs.AlertKey, *triage.Alert, *result) float64) result {
	var res result
	var total, earned [2]float64 // [0] true positives, [1] the others
	untriaged, lines := 0, 0
	for _, a := range key.Alerts {
		if include != nil && !include(a) {
			continue
		}
		res.applicable = true
		g := 1
		if a.Verdict == labs.TruePositive {
			g = 0
		}
		w := alertWeight(a)
		total[g] += w
		t := triaged(sub, a)
		if t == nil {
			untriaged++
			continue
		}
		var one result
		earned[g] += w * clamp01(score(a, t, &one))
		res.misses = append(res.misses, one.misses...)
		for _, f := range one.feedback {
			if lines++; lines <= maxAlertLines {
				res.feedback = append(res.feedback, f)
			}
		}
	}
	if lines > maxAlertLines {
		res.say(fmt.Sprintf("... and %d more alert(s) with a problem here", lines-maxAlertLines))
	}
	if untriaged > 0 {
		res.say(fmt.Sprintf(untriagedMsg, untriaged), Miss{"triage:untriaged", "left alerts untriaged"})
	}
	share := 1.0
	switch {
	case total[0] == 0:
		share = 0
	case total[1] > 0:
		share = max(tpShareMin, total[0]/(total[0]+total[1]))
	}
	if total[0] > 0 {
		res.frac += share * earned[0] / total[0]
	}
	if total[1] > 0 {
		res.frac += (1 - share) * earned[1] / total[1]
	}
	return res
}

const untriagedHere = "%d alert(s) not triaged score zero here"

func scoreVerdicts(key *labs.Key, sub *Submission) result {
	return perAlert(key, sub, nil, "%d alert(s) not triaged: every alert in alerts.ndjson needs an entry in triage.yaml with a verdict, a severity and an escalation decision", func(a labs.AlertKey, t *triage.Alert, res *result) float64 {
		cost := verdictCost(a.Verdict, t.Verdict)
		switch {
		case cost == 0:
		case t.Verdict == "":
			res.say(alertName(a) + ": no verdict; decide whether it is a true, false or benign positive")
		case a.Verdict == labs.TruePositive:
			res.say(fmt.Sprintf("%s: you called it a %s; look again at what the source did around the alert and after it (a missed true positive costs most)", alertName(a), human(t.Verdict)),
				Miss{"triage:missed-tp:" + ruleName(a), "missed a true positive (" + ruleName(a) + ")"})
		case t.Verdict == labs.TruePositive:
			res.say(fmt.Sprintf("%s: you called it a true positive; check whether something legitimate in the organisation explains the activity (scanners, backups, updaters, travel, typos)", alertName(a)),
				Miss{"triage:false-alarm:" + ruleName(a), "called benign activity a true positive (" + ruleName(a) + ")"})
		default:
			res.say(fmt.Sprintf("%s: right that it is not an attack, but re-read the difference between a false positive (the rule misfired) and a benign positive (real, authorised activity)", alertName(a)),
				Miss{"triage:fp-bp", "confused false and benign positives"})
		}
		return 1 - cost
	})
}

func scoreSeverities(key *labs.Key, sub *Submission) result {
	return perAlert(key, sub, nil, untriagedHere, func(a labs.AlertKey, t *triage.Alert, res *result) float64 {
		want, got := severityRank(a.Severity), severityRank(t.Severity)
		switch {
		case want < 0 || got == want:
			return 1
		case got < 0:
			res.say(alertName(a) + ": no severity")
			return 0
		}
		dir := "too low"
		if got > want {
			dir = "too high"
		}
		res.say(fmt.Sprintf("%s: severity %s is %s for what the alert shows", alertName(a), t.Severity, dir), Miss{"triage:severity", "misjudged alert severity"})
		if got-want == 1 || want-got == 1 {
			return 0.5
		}
		return 0
	})
}

func scoreAlertTechniques(key *labs.Key, sub *Submission) result {
	include := func(a labs.AlertKey) bool { return a.Verdict == labs.TruePositive && len(a.Techniques) > 0 }
	return perAlert(key, sub, include, untriagedHere, func(a labs.AlertKey, t *triage.Alert, res *result) float64 {
		frac, missing, extra := techniqueOverlap(a.Techniques, t.Techniques)
		if missing > 0 {
			res.say(fmt.Sprintf("%s: %d expected ATT&CK technique(s) missing", alertName(a), missing), Miss{"triage:techniques", "missed ATT&CK techniques on alerts"})
		}
		if extra > 0 {
			res.say(fmt.Sprintf("%s: %d listed technique(s) do not fit this alert; list only what the evidence shows", alertName(a), extra))
		}
		return frac
	})
}

// techniqueOverlap scores got against want: an exact id earns 1, a parent
// or sub-technique of a wanted id earns half; the sum is divided by the
// larger of the two lists, so listing many ids does not pay. It also
// returns how many wanted ids were not matched exactly and how many listed
// ids match nothing.
func techniqueOverlap(want, got []string) (frac float64, missing, extra int) {
	if len(want) == 0 {
		return 1, 0, len(got)
	}
	credit := 0.0
	for _, w := range want {
		switch {
		case slices.Contains(got, w):
			credit++
		case slices.ContainsFunc(got, func(g string) bool { return related(g, w) }):
			credit += 0.5
			missing++
		default:
			missing++
		}
	}
	for _, g := range got {
		if !slices.ContainsFunc(want, func(w string) bool { return w == g || related(g, w) }) {
			extra++
		}
	}
	return credit / float64(max(len(want), len(got))), missing, extra
}

// related reports whether a and b are a technique and one of its
// sub-techniques (T1110 and T1110.001), or two sub-techniques of one.
func related(a, b string) bool {
	pa, _, _ := strings.Cut(a, ".")
	pb, _, _ := strings.Cut(b, ".")
	return a != b && pa == pb
}

func scoreAlertEscalation(key *labs.Key, sub *Submission) result {
	return perAlert(key, sub, nil, untriagedHere, func(a labs.AlertKey, t *triage.Alert, res *result) float64 {
		switch {
		case t.Escalate == nil:
			res.say(alertName(a) + ": no escalation decision (escalate: true or false)")
			return 0
		case *t.Escalate != a.Escalate:
			res.say(alertName(a)+": the escalation decision does not fit; re-read when L1 hands an alert to L2", Miss{"triage:escalation", "wrong escalation decisions on alerts"})
			return 0
		}
		return 1
	})
}

// human writes an identifier with spaces: "false_positive" → "false positive".
func human(s string) string { return strings.ReplaceAll(s, "_", " ") }
