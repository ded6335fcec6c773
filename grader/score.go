package grader

import (
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/labs"
)

// Submission is what a trainee hands in, parsed. Either part may be nil
// (not handed in): it then scores zero.
type Submission struct {
	Triage *triage.Triage
	Report *report.Report
}

// result is one criterion's outcome before it is weighed: the fraction of
// its points earned, whether the key gives it anything to grade, and the
// feedback for what was lost.
type result struct {
	frac       float64
	applicable bool
	feedback   []string
	misses     []Miss
}

func (r *result) say(line string, miss ...Miss) {
	r.feedback = append(r.feedback, line)
	r.misses = append(r.misses, miss...)
}

// scorer grades one criterion.
type scorer func(key *labs.Key, sub *Submission) result

var scorers = map[string]scorer{
	TriageVerdict:        scoreVerdicts,
	TriageSeverity:       scoreSeverities,
	TriageTechniques:     scoreAlertTechniques,
	TriageEscalation:     scoreAlertEscalation,
	ReportSections:       scoreSections,
	ReportClassification: scoreClassification,
	ReportIOCs:           scoreIOCs,
	ReportTimeline:       scoreTimeline,
	ReportAssets:         scoreAssets,
	ReportActions:        scoreActions,
	ReportEscalation:     scoreReportEscalation,
}

// Score grades sub against key. It never fails: what is missing scores
// zero with feedback. The result is deterministic.
func Score(key *labs.Key, sub *Submission) *Grade {
	if sub == nil {
		sub = &Submission{}
	}
	g := &Grade{Lab: key.Lab, Seed: key.Seed, PassMark: key.PassMark}
	if g.PassMark <= 0 {
		g.PassMark = DefaultPassMark
	}
	if sub.Triage != nil {
		g.Analyst = sub.Triage.Analyst
	}
	results := make([]result, len(criteria))
	sum := map[string]float64{}
	for i, c := range criteria {
		results[i] = scorers[c.id](key, sub)
		if results[i].applicable {
			sum[c.part] += weight(key.Rubric, c.id)
		}
	}
	tShare, rShare := shares(key.Rubric, sum[PartTriage] > 0, sum[PartReport] > 0)
	share := map[string]float64{PartTriage: tShare, PartReport: rShare}
	last := map[string]int{} // index in g.Criteria of each part's last criterion
	for i, c := range criteria {
		res := results[i]
		w := weight(key.Rubric, c.id)
		if !res.applicable || w == 0 {
			continue
		}
		crit := Criterion{ID: c.id, Part: c.part, Max: round2(share[c.part] * w / sum[c.part]), Points: clamp01(res.frac), Feedback: res.feedback, Misses: res.misses}
		if crit.Feedback == nil {
			crit.Feedback = []string{}
		}
		last[c.part] = len(g.Criteria)
		g.Criteria = append(g.Criteria, crit)
	}
	// Rounding the maxima must not change a part's total: the last
	// criterion of each part takes the difference.
	for part, i := range last {
		total := 0.0
		for _, c := range g.Criteria {
			if c.Part == part {
				total += c.Max
			}
		}
		g.Criteria[i].Max = round2(g.Criteria[i].Max + round2(share[part]) - total)
	}
	for i := range g.Criteria {
		crit := &g.Criteria[i]
		crit.Points = round2(crit.Max * crit.Points) // Points held the fraction
		if crit.Points < crit.Max && len(crit.Feedback) == 0 {
			crit.Feedback = []string{"some points were lost here; compare your work with the briefing's checklist"}
		}
		part := &g.Triage
		if crit.Part == PartReport {
			part = &g.Report
		}
		part.Score = round2(part.Score + crit.Points)
		part.Max = round2(part.Max + crit.Max)
	}
	g.Score = round2(g.Triage.Score + g.Report.Score)
	g.Passed = g.Score >= g.PassMark
	return g
}
