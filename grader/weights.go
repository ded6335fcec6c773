package grader

import "github.com/soclab/soclab/labs"

// Criterion ids, as in labs.Rubric.Criteria.
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

// DefaultPassMark is the pass mark of a key that sets none.
const DefaultPassMark = 70

// DefaultRubric is used where a key's rubric is silent: triage and report
// share the 100 points equally; within triage the verdict weighs most,
// within the report the IOCs and the timeline do.
var DefaultRubric = labs.Rubric{
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
}

// criteria lists every criterion in grade order with its part.
var criteria = []struct{ id, part string }{
	{TriageVerdict, PartTriage}, {TriageSeverity, PartTriage}, {TriageTechniques, PartTriage}, {TriageEscalation, PartTriage},
	{ReportSections, PartReport}, {ReportClassification, PartReport}, {ReportIOCs, PartReport}, {ReportTimeline, PartReport},
	{ReportAssets, PartReport}, {ReportActions, PartReport}, {ReportEscalation, PartReport},
}

// weight returns a criterion's weight: the rubric's when it names the
// criterion (0 switches it off), else the default.
func weight(r labs.Rubric, id string) float64 {
	if w, ok := r.Criteria[id]; ok {
		return max(w, 0)
	}
	return DefaultRubric.Criteria[id]
}

// shares returns the points of triage and report, summing to 100. A rubric
// that sets neither share uses the default; a part with nothing to grade
// gives its share to the other.
func shares(r labs.Rubric, triageOn, reportOn bool) (triage, report float64) {
	t, rep := max(r.Triage, 0), max(r.Report, 0)
	if t+rep == 0 {
		t, rep = DefaultRubric.Triage, DefaultRubric.Report
	}
	if !triageOn {
		t = 0
	}
	if !reportOn {
		rep = 0
	}
	if t+rep == 0 {
		return 0, 0
	}
	return 100 * t / (t + rep), 100 * rep / (t + rep)
}

// CriterionIDs returns every criterion id in the order grades list them.
func CriterionIDs() []string {
	ids := make([]string, len(criteria))
	for i, c := range criteria {
		ids[i] = c.id
	}
	return ids
}
