package grader

import (
	"fmt"
	"slices"
	"strings"

	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// severityRank orders the severities: low 0 ... critical 3; -1 unknown.
func severityRank(s string) int { return slices.Index(labs.Severities, s) }

// alertWeight is what a mistake on an alert can cost: the true severity
// (low 1 ... critical 4), doubled for a true positive, so that missing a
// true critical alert costs most.
func alertWeight(a instance.AlertKey) float64 {
	w := float64(severityRank(a.Severity) + 1)
	if w <= 0 {
		w = 2
	}
	if a.Verdict == labs.TruePositive {
		w *= 2
	}
	return w
}

// keyVerdict is the verdict the key expects of an alert for grading: the
// key's, except that ordinary noise (no scenario's events) may be either a
// false or a benign positive, which the key cannot tell apart (an admin
// logging on to many hosts is the rule rightly seeing authorised work).
func keyVerdict(a instance.AlertKey) string {
	if a.Scenario == "" && a.Verdict == labs.FalsePositive {
		return labs.NoiseVerdict
	}
	return a.Verdict
}

// verdictCost is the share of an alert's weight lost by calling it got
// when it is want: a wrong call between attack and not-attack loses all
// (a missed true positive, or benign activity called an attack),
// confusing false and benign positives a quarter.
func verdictCost(want, got string) float64 {
	switch {
	case want == got:
		return 0
	case want == labs.NoiseVerdict && (got == labs.FalsePositive || got == labs.BenignPositive):
		return 0
	case got == "" || want == labs.TruePositive || got == labs.TruePositive:
		return 1
	default:
		return 0.25
	}
}

func alertName(a instance.AlertKey) string {
	if a.Title != "" {
		return fmt.Sprintf("alert %s (%s)", a.ID, a.Title)
	}
	return "alert " + a.ID
}

// ruleName names an alert's rule for instructors: its title, else its id.
func ruleName(a instance.AlertKey) string {
	if a.Title != "" {
		return a.Title
	}
	return a.Rule
}

// triaged returns the trainee's entry for a key alert, nil when the alert
// was left out or left empty.
func triaged(sub *Submission, a instance.AlertKey) *triage.Alert {
	if sub.Triage == nil {
		return nil
	}
	t := sub.Triage.ByID(a.ID)
	if t == nil || t.Empty() {
		return nil
	}
	return t
}

// Alert groups of a per-alert criterion and the share of it each carries
// when present: the attack's alerts weigh most, the decoys' (the benign
// look-alikes a lab is built around) next, ordinary noise least. Shares of
// absent groups go to the others in proportion.
const (
	groupAttack = iota
	groupDecoy
	groupNoise
	groups
)

var groupShare = [groups]float64{0.5, 0.3, 0.2}

// alertGroup sorts a key alert into its group.
func alertGroup(a instance.AlertKey) int {
	switch {
	case a.Verdict == labs.TruePositive:
		return groupAttack
	case a.Scenario != "":
		return groupDecoy
	default:
		return groupNoise
	}
}

// perAlert runs score over every key alert and weighs the results: within
// each group by alertWeight, and the groups by groupShare, so that a flood
// of noise alerts can neither drown a missed attack nor make a decoy
// taken for an attack cheap. Untriaged alerts score zero; only the
// verdict criterion counts them in its feedback (counting them in a
// criterion about true positives only would tell how many there are).
func perAlert(key *instance.Key, sub *Submission, include func(instance.AlertKey) bool, untriagedMsg string, score func(instance.AlertKey, *triage.Alert, *result) float64) result {
	var res result
	var total, earned [groups]float64
	untriaged := 0
	for _, a := range key.Alerts {
		if include != nil && !include(a) {
			continue
		}
		res.applicable = true
		g := alertGroup(a)
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
		res.feedback = append(res.feedback, one.feedback...)
	}
	if untriaged > 0 && untriagedMsg != "" {
		res.say(fmt.Sprintf(untriagedMsg, untriaged), Miss{"triage:untriaged", "left alerts untriaged"})
	}
	shareSum := 0.0
	for g := range total {
		if total[g] > 0 {
			shareSum += groupShare[g]
		}
	}
	for g := range total {
		if total[g] > 0 {
			res.frac += groupShare[g] / shareSum * earned[g] / total[g]
		}
	}
	return res
}

// followsVerdict is the feedback on a severity or escalation decision that
// is wrong on an alert whose verdict is wrong too: saying which way it is
// wrong would give the verdict away.
const followsVerdict = "some severities and escalation decisions are off on alerts whose verdict is wrong; settle the verdict first"

// wrongVerdict is the feedback on any wrong verdict. It is the same for
// every kind of mistake, so that it never tells which verdict is right.
const wrongVerdict = ": the verdict does not fit what its events show; open them again, follow the source, account and host around the alert, and weigh whether the activity is an attack, authorised activity the rule rightly saw (benign positive), or something the rule misread (false positive)"

func scoreVerdicts(key *instance.Key, sub *Submission) result {
	return perAlert(key, sub, nil, "%d alert(s) not triaged: every alert in alerts.ndjson needs an entry in triage.yaml with a verdict, a severity and an escalation decision", func(a instance.AlertKey, t *triage.Alert, res *result) float64 {
		cost := verdictCost(keyVerdict(a), t.Verdict)
		switch {
		case cost == 0:
		case t.Verdict == "":
			res.say(alertName(a) + ": no verdict; decide whether it is a true, false or benign positive")
		case a.Verdict == labs.TruePositive:
			res.say(alertName(a)+wrongVerdict, Miss{"triage:missed-tp:" + ruleName(a), "missed a true positive (" + ruleName(a) + ")"})
		case t.Verdict == labs.TruePositive:
			res.say(alertName(a)+wrongVerdict, Miss{"triage:false-alarm:" + ruleName(a), "called benign activity a true positive (" + ruleName(a) + ")"})
		default:
			res.say(alertName(a)+wrongVerdict, Miss{"triage:fp-bp", "confused false and benign positives"})
		}
		return 1 - cost
	})
}

func scoreSeverities(key *instance.Key, sub *Submission) result {
	return perAlert(key, sub, nil, "", func(a instance.AlertKey, t *triage.Alert, res *result) float64 {
		want, got := severityRank(a.Severity), severityRank(t.Severity)
		switch {
		case want < 0 || got == want:
			return 1
		case got < 0:
			res.say(alertName(a) + ": no severity")
			return 0
		case verdictCost(keyVerdict(a), t.Verdict) > 0:
			// The direction would tell the verdict; the verdict's own line
			// sends the trainee back to the events.
			res.say(followsVerdict)
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

func scoreAlertTechniques(key *instance.Key, sub *Submission) result {
	include := func(a instance.AlertKey) bool { return a.Verdict == labs.TruePositive && len(a.Techniques) > 0 }
	res := perAlert(key, sub, include, "", func(a instance.AlertKey, t *triage.Alert, res *result) float64 {
		if t.Verdict != labs.TruePositive {
			// Techniques are graded on the alerts called attacks; naming
			// this one would tell its verdict.
			return 0
		}
		frac, missing, extra := techniqueOverlap(a.Techniques, a.Accepted, t.Techniques)
		if missing > 0 {
			res.say(alertName(a)+": ATT&CK techniques that the evidence shows are missing", Miss{"triage:techniques", "missed ATT&CK techniques on alerts"})
		}
		if extra > 0 {
			res.say(fmt.Sprintf("%s: %d listed technique(s) do not fit this alert; list only what the evidence shows", alertName(a), extra))
		}
		return frac
	})
	if res.frac < 1 && len(res.feedback) == 0 {
		res.say("some alerts that show attack activity lack the techniques their evidence shows; check your verdicts and the techniques of every alert you call an attack", Miss{"triage:techniques", "missed ATT&CK techniques on alerts"})
	}
	return res
}

// techniqueOverlap scores got against want: an exact id earns 1, a parent
// or sub-technique of a wanted id earns half; an id in accepted (it fits
// the evidence, though the key does not ask for it) is neither credit nor
// cost. The sum is divided by the wanted ids plus the ids that fit nothing,
// so listing many ids does not pay. It also returns how many wanted ids were
// not matched exactly and how many listed ids fit nothing.
func techniqueOverlap(want, accepted, got []string) (frac float64, missing, extra int) {
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
		fits := func(w string) bool { return w == g || related(g, w) }
		if !slices.ContainsFunc(want, fits) && !slices.Contains(accepted, g) {
			extra++
		}
	}
	if len(want)+extra == 0 {
		return 1, 0, 0
	}
	return credit / float64(len(want)+extra), missing, extra
}

// related reports whether a and b are a technique and one of its
// sub-techniques (T1110 and T1110.001), or two sub-techniques of one.
func related(a, b string) bool {
	pa, _, _ := strings.Cut(a, ".")
	pb, _, _ := strings.Cut(b, ".")
	return a != b && pa == pb
}

func scoreAlertEscalation(key *instance.Key, sub *Submission) result {
	return perAlert(key, sub, nil, "", func(a instance.AlertKey, t *triage.Alert, res *result) float64 {
		switch {
		case t.Escalate == nil:
			res.say(alertName(a) + ": no escalation decision (escalate: true or false)")
			return 0
		case *t.Escalate != a.Escalate && verdictCost(keyVerdict(a), t.Verdict) > 0:
			res.say(followsVerdict, Miss{"triage:escalation", "wrong escalation decisions on alerts"})
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
