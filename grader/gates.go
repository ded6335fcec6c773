package grader

import (
	"fmt"
	"slices"

	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs/instance"

	"github.com/soclab/soclab/labs"
)

// Gate ids, as in labs.Rubric.Gates.
const (
	GateMissedAttack = labs.GateMissedAttack
	GateUnescalated  = labs.GateUnescalated
	GateOvercalled   = labs.GateOvercalled
	GateOffInstance  = labs.GateOffInstance
)

// GateResult is a gate that closed: the grave error it stands for, the cap
// it put on the score and why, in words that never name the alert or the
// value the key holds.
type GateResult struct {
	ID       string  `json:"id"`
	Cap      float64 `json:"cap"`
	Feedback string  `json:"feedback"`
	// Miss is the instructor-side code, for cohort statistics.
	Miss Miss `json:"-"`
}

// GateTitles name the gates on a feedback sheet.
var GateTitles = map[string]string{
	GateMissedAttack: "Missed attack",
	GateUnescalated:  "Unescalated incident",
	GateOvercalled:   "Benign activity escalated",
	GateOffInstance:  "Report not tied to this incident",
}

// overcalledShare is the share of the alerts outside the attack that,
// called true positives and escalated, closes GateOvercalled.
const overcalledShare = 0.5

// closedGates returns the gates sub closes, in labs.GateIDs order, with
// their caps from the key's rubric (a gate the rubric switches off never
// closes).
func closedGates(key *instance.Key, sub *Submission) []GateResult {
	var out []GateResult
	for _, id := range labs.GateIDs {
		g := key.Rubric.Gate(id, key.PassMark)
		if g.Off {
			continue
		}
		why := gateChecks[id](key, sub)
		if why == "" {
			continue
		}
		out = append(out, GateResult{
			ID:       id,
			Cap:      g.Cap,
			Feedback: fmt.Sprintf("%s: %s The score is scaled to at most %s.", GateTitles[id], why, num(g.Cap)),
			Miss:     Miss{"gate:" + id, "closed the gate: " + GateTitles[id]},
		})
	}
	return out
}

// gateChecks say why a gate closes, or "" when it stays open.
var gateChecks = map[string]func(*instance.Key, *Submission) string{
	GateMissedAttack: missedAttack,
	GateUnescalated:  unescalatedIncident,
	GateOvercalled:   overcalled,
	GateOffInstance:  offInstance,
}

func missedAttack(key *instance.Key, sub *Submission) string {
	for _, a := range key.Alerts {
		if a.Verdict != labs.TruePositive {
			continue
		}
		if t := triaged(sub, a); t == nil || t.Verdict != labs.TruePositive {
			return "at least one alert that shows attack activity was closed as a false or benign positive, or left untriaged. Closing a real attack is the gravest mistake an L1 analyst can make; go back over every alert you closed."
		}
	}
	if key.Report.Verdict == labs.TruePositive && sub.Report != nil {
		if v := sub.Report.Verdicts(); len(v) > 0 && !slices.Contains(v, labs.TruePositive) {
			return "the report calls the activity no attack, while the evidence shows one."
		}
	}
	return ""
}

func unescalatedIncident(key *instance.Key, sub *Submission) string {
	if !key.Report.Escalate {
		return ""
	}
	if sub.Report != nil {
		if e := sub.Report.Escalate(); e != nil && !*e {
			return "the incident needs L2, and the report keeps it at L1."
		}
	}
	// A report silent on escalation is judged by the triage alone.
	// Every stage of the attack must reach L2: one escalated alert of a
	// stage is enough.
	want, done := map[string]bool{}, map[string]bool{}
	for _, a := range key.Alerts {
		if a.Verdict != labs.TruePositive || !a.Escalate {
			continue
		}
		want[a.Scenario] = true
		if t := triaged(sub, a); t != nil && t.Escalate != nil && *t.Escalate {
			done[a.Scenario] = true
		}
	}
	for s := range want {
		if !done[s] {
			return "one stage of the attack reached L2 through none of its alerts; every confirmed stage must be escalated."
		}
	}
	return ""
}

func overcalled(key *instance.Key, sub *Submission) string {
	n, escalated := 0, 0
	for _, a := range key.Alerts {
		if a.Verdict == labs.TruePositive {
			continue
		}
		n++
		if t := triaged(sub, a); t != nil && t.Verdict == labs.TruePositive && t.Escalate != nil && *t.Escalate {
			escalated++
		}
	}
	if n == 0 || float64(escalated) <= overcalledShare*float64(n) {
		return ""
	}
	return "most of the alerts that are not part of the attack were called true positives and sent to L2. Triage exists to filter: escalating everything \"to be safe\" buries the real incident under benign activity."
}

func offInstance(key *instance.Key, sub *Submission) string {
	if sub.Report == nil || len(key.Report.IOCs) == 0 {
		return ""
	}
	// Account and host names recur from one instance to the next
	// (ws-0024 may be this instance's victim and another's bystander):
	// where the key has addresses, domains or hashes, only they tell.
	strong := slices.DeleteFunc(slices.Clone(key.Report.IOCs), func(i truth.IOC) bool { return i.Type == "user" || i.Type == "host" })
	if len(strong) == 0 {
		strong = key.Report.IOCs
	}
	all := sub.Report.NormalizedText()
	for _, i := range strong {
		if report.ContainsHost(all, report.NormalizeValue(i.Value)) {
			return "" // it names at least one of this incident's indicators
		}
	}
	ents := newEntities(key)
	for _, in := range sub.Report.Indicators() {
		_, harmless := lookup(ents.harmless, in.Value)
		_, decoy := lookup(ents.decoys, in.Value)
		if !harmless && !decoy {
			return "the report names none of this incident's indicators and lists indicators this instance does not have: it describes another incident. A report is graded on the facts of your own instance: write it from the events you investigated."
		}
	}
	return ""
}
