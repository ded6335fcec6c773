package grader

import "github.com/soclab/soclab/labs"

// Criterion ids, as in labs.Rubric.Criteria.
const (
	TriageVerdict        = labs.TriageVerdict
	TriageSeverity       = labs.TriageSeverity
	TriageTechniques     = labs.TriageTechniques
	TriageEscalation     = labs.TriageEscalation
	ReportSections       = labs.ReportSections
	ReportClassification = labs.ReportClassification
	ReportIOCs           = labs.ReportIOCs
	ReportTimeline       = labs.ReportTimeline
	ReportAssets         = labs.ReportAssets
	ReportActions        = labs.ReportActions
	ReportEscalation     = labs.ReportEscalation
)

// DefaultPassMark is the pass mark of a key that sets none.
const DefaultPassMark = labs.DefaultPassMark

// criteria lists every criterion in grade order with its part.
var criteria = []struct{ id, part string }{
	{TriageVerdict, PartTriage}, {TriageSeverity, PartTriage}, {TriageTechniques, PartTriage}, {TriageEscalation, PartTriage},
	{ReportSections, PartReport}, {ReportClassification, PartReport}, {ReportIOCs, PartReport}, {ReportTimeline, PartReport},
	{ReportAssets, PartReport}, {ReportActions, PartReport}, {ReportEscalation, PartReport},
}

// weight returns a criterion's weight: the rubric's when it names the
// criterion (0 switches it off), else labs.DefaultRubric's.
func weight(r labs.Rubric, id string) float64 {
	if w, ok := r.Criteria[id]; ok {
		return max(w, 0)
	}
	return labs.DefaultRubric().Criteria[id]
}

// shares returns the points of triage and report, summing to 100. A rubric
// that sets neither share uses the default; a part with nothing to grade
// gives its share to the other.
func shares(r labs.Rubric, triageOn, reportOn bool) (triage, report float64) {
	t, rep := max(r.Triage, 0), max(r.Report, 0)
	if t+rep == 0 {
		d := labs.DefaultRubric()
		t, rep = d.Triage, d.Report
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
