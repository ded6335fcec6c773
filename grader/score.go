package grader

import (
	"math"
	"slices"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/labs/instance"
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
	// floor is the lowest fraction the criterion may reach (0, or
	// negative for a precision penalty that keeps costing past zero).
	floor float64
}

// say adds a feedback line (once: the same line twice says nothing more)
// and the skill gaps it shows.
func (r *result) say(line string, miss ...Miss) {
	if !slices.Contains(r.feedback, line) {
		r.feedback = append(r.feedback, line)
	}
	r.misses = append(r.misses, miss...)
}

// scorer grades one criterion.
type scorer func(key *instance.Key, sub *Submission) result

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
//
// The criteria are scored and weighed by the key's rubric; the criteria
// any report could earn with generic wording are scaled by how much of the
// report is tied to the instance (grounding); the indicator criterion may
// go below zero, so that stuffing keeps costing; and each gate the
// submission closes scales the total into [0, gate cap].
func Score(key *instance.Key, sub *Submission) *Grade {
	if sub == nil {
		sub = &Submission{}
	}
	g := &Grade{Lab: key.Lab, Seed: key.Seed, PassMark: key.PassMark, Gates: []GateResult{}}
	if g.PassMark <= 0 {
		g.PassMark = DefaultPassMark
	}
	if sub.Triage != nil {
		g.Analyst = sub.Triage.Analyst
	}
	ground := grounding(key, sub.Report)
	results := make([]result, len(criteria))
	sum := map[string]float64{}
	for i, c := range criteria {
		results[i] = scorers[c.id](key, sub)
		if results[i].applicable {
			sum[c.part] += weight(key.Rubric, c.id)
		}
		if slices.Contains(groundedCriteria, c.id) && sub.Report != nil {
			res := &results[i]
			if share := groundedShare(ground); share < 1 && res.frac > 0 {
				res.frac *= share
				res.say(ungroundedLine, Miss{"report:ungrounded", "wrote a report not tied to the instance's evidence"})
			}
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
		crit := Criterion{ID: c.id, Part: c.part, Max: round2(share[c.part] * w / sum[c.part]), Points: clampFrac(res.frac, res.floor), Feedback: res.feedback, Misses: res.misses}
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
	g.Points = round2(max(g.Triage.Score+g.Report.Score, 0))
	factor := 1.0
	g.Gates = closedGates(key, sub)
	for _, gate := range g.Gates {
		factor *= gate.Cap / 100
	}
	g.Score = round2(g.Points * factor)
	g.Passed = g.Score >= g.PassMark
	return g
}

// ungroundedLine explains why generic wording earned less.
const ungroundedLine = "much of the report is not tied to this instance's evidence: its sections, classification, recommendations and escalation decision earn only as far as the report gets the incident's indicators, accounts, hosts and times right"

// clampFrac keeps a criterion's fraction within [floor, 1]; floor is 0 for
// every criterion but those where a precision penalty may go below zero.
func clampFrac(x, floor float64) float64 { return math.Max(min(floor, 0), math.Min(1, x)) }
