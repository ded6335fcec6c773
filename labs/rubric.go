package labs

import "maps"

// Rubric weighs the grading criteria and sets the gates. The points of all
// criteria are scaled to a total of 100: triage criteria share Triage's
// weight, report criteria Report's. A lab that names no rubric, or leaves
// part of it out, gets DefaultRubric's values for what it leaves out.
type Rubric struct {
	Triage float64 `json:"triage" yaml:"triage"` // share of the total for triage, e.g. 50
	Report float64 `json:"report" yaml:"report"` // share for the report, e.g. 50
	// Criteria weighs each criterion within its half (ids: Criteria).
	Criteria map[string]float64 `json:"criteria" yaml:"criteria"`
	// Gates are the grave errors that cap a score whatever the rest is
	// worth (ids: GateIDs); a gate the lab does not name keeps its default.
	Gates map[string]Gate `json:"gates,omitempty" yaml:"gates"`
}

// Gate is one grave error's consequence: when it closes, the score is
// scaled into [0, Cap], so that a submission that makes it cannot pass
// however good the rest is, and better work still ranks above worse.
type Gate struct {
	// Off switches the gate off for the lab.
	Off bool `json:"off,omitempty" yaml:"off"`
	// Cap is the highest score a submission that closes the gate can get
	// (0 < Cap ≤ 100); 0 means the default, which depends on the pass mark.
	Cap float64 `json:"cap,omitempty" yaml:"cap"`
}

// Criterion ids, in the order grades list them.
const (
	TriageVerdict        = "triage_verdict"
	TriageSeverity       = "triage_severity"
	TriageTechniques     = "triage_techniques"
	TriageEscalation     = "triage_escalation"
	ReportSections       = "report_sections"
	ReportClassification = "report_classification"
	ReportIOCs           = "report_iocs"
	ReportTimeline       = "report_timeline"
	ReportAssets         = "report_assets"
	ReportActions        = "report_actions"
	ReportEscalation     = "report_escalation"
)

// Criteria are the rubric's criterion ids.
var Criteria = []string{
	TriageVerdict, TriageSeverity, TriageTechniques, TriageEscalation,
	ReportSections, ReportClassification, ReportIOCs, ReportTimeline,
	ReportAssets, ReportActions, ReportEscalation,
}

// Gate ids: the grave errors of an L1 analyst, gravest first.
const (
	// GateMissedAttack closes when an alert that shows attack activity is
	// closed as a false or benign positive or left untriaged, or when the
	// report calls a real incident no incident.
	GateMissedAttack = "missed_attack"
	// GateUnescalated closes when a confirmed incident that needs L2 is not
	// escalated: the report does not escalate it, or no alert of one of the
	// attack's stages is escalated.
	GateUnescalated = "unescalated_incident"
	// GateOvercalled closes when benign activity is sent to L2 as an attack
	// wholesale: most of the benign and noise alerts (by weight) are called
	// true positives and escalated, the "everything is malicious" strategy.
	GateOvercalled = "benign_escalated"
	// GateOffInstance closes when the report gets almost none of this
	// instance's facts right (its indicators, accounts, hosts, times): a
	// report about another instance, or boilerplate, or none at all.
	GateOffInstance = "off_instance"
)

// GateIDs lists the gates in the order grades list them.
var GateIDs = []string{GateMissedAttack, GateUnescalated, GateOvercalled, GateOffInstance}

// DefaultRubric is the rubric of a lab that names none, and fills in what a
// lab's rubric leaves out. Triage and report weigh half each; within triage
// the verdicts weigh most, within the report the indicators and the
// timeline do. Every gate is on. docs/grading.md explains each weight; this
// is the only place they are defined.
func DefaultRubric() Rubric {
	return Rubric{
		Triage: 50,
		Report: 50,
		Criteria: map[string]float64{
			TriageVerdict:        50,
			TriageSeverity:       20,
			TriageTechniques:     15,
			TriageEscalation:     15,
			ReportSections:       10,
			ReportClassification: 15,
			ReportIOCs:           20,
			ReportTimeline:       20,
			ReportAssets:         10,
			ReportActions:        15,
			ReportEscalation:     10,
		},
		Gates: map[string]Gate{
			GateMissedAttack: {},
			GateUnescalated:  {},
			GateOvercalled:   {},
			GateOffInstance:  {},
		},
	}
}

// DefaultGateCap is the cap of a gate that sets none, for a pass mark:
// missing an attack or not escalating an incident lands well under the pass
// mark, escalating benign activity wholesale just under it, and a report
// about another instance near the bottom.
func DefaultGateCap(gate string, passMark float64) float64 {
	if passMark <= 0 {
		passMark = DefaultPassMark
	}
	switch gate {
	case GateMissedAttack:
		return max(passMark-15, 1)
	case GateUnescalated:
		return max(passMark-10, 1)
	case GateOvercalled:
		return max(passMark-5, 1)
	default:
		return 25
	}
}

// EffectiveRubric returns the lab's rubric with DefaultRubric filling in
// what it leaves out, and every gate's cap resolved against the pass mark.
func (l *Lab) EffectiveRubric() Rubric {
	r := DefaultRubric()
	if l.Rubric != nil {
		if l.Rubric.Triage != 0 || l.Rubric.Report != 0 {
			r.Triage, r.Report = l.Rubric.Triage, l.Rubric.Report
		}
		maps.Copy(r.Criteria, l.Rubric.Criteria)
		maps.Copy(r.Gates, l.Rubric.Gates)
	}
	for id := range r.Gates {
		r.Gates[id] = r.Gate(id, l.EffectivePassMark())
	}
	return r
}

// Gate returns the rubric's gate id with its cap resolved against passMark:
// a gate the rubric does not name is DefaultRubric's, and a cap of 0 (or
// out of range) is DefaultGateCap's. Keys written before gates existed
// grade with the defaults.
func (r Rubric) Gate(id string, passMark float64) Gate {
	g, ok := r.Gates[id]
	if !ok {
		g = DefaultRubric().Gates[id]
	}
	if g.Cap <= 0 || g.Cap > 100 {
		g.Cap = DefaultGateCap(id, passMark)
	}
	return g
}
