package grader

import (
	"encoding/json"
	"io"
	"math"
)

// Parts of a grade.
const (
	PartTriage = "triage"
	PartReport = "report"
)

// Grade is the score of one submission, in the JSON shape of
// docs/grading.md ("Feedback").
type Grade struct {
	Lab string `json:"lab"`
	// Seed is the instance's seed in self-study; it is left out (zero) for
	// a trainee's instance, whose seed would let anyone rebuild its key.
	Seed    int64   `json:"seed,omitempty"`
	Trainee string  `json:"trainee,omitempty"`
	Analyst string  `json:"analyst,omitempty"`
	Score   float64 `json:"score"` // 0-100, after the gates
	// Points is the sum of the criteria's points, before the gates.
	Points   float64     `json:"points"`
	Passed   bool        `json:"passed"`
	PassMark float64     `json:"pass_mark"`
	Triage   Part        `json:"triage"`
	Report   Part        `json:"report"`
	Criteria []Criterion `json:"criteria"`
	// Gates are the gates the submission closed (empty when none).
	Gates []GateResult `json:"gates"`
}

// Part is the points of one half (triage or report).
type Part struct {
	Score float64 `json:"score"`
	Max   float64 `json:"max"`
}

// Criterion is the score of one criterion with the feedback for every point
// lost.
type Criterion struct {
	ID       string   `json:"id"`
	Part     string   `json:"part"`
	Points   float64  `json:"points"`
	Max      float64  `json:"max"`
	Feedback []string `json:"feedback"`
	// Misses name the skills a lost point shows missing, in words that are
	// the same for every seed of a lab; cohort statistics count them. They
	// may name the answer, so they are for instructors only and are not part
	// of the trainee's JSON.
	Misses []Miss `json:"-"`
}

// Miss is one skill gap: a stable code ("milestone:initial-access") and a
// label for an instructor ("missed the moment the attacker first got in").
type Miss struct {
	Code  string
	Label string
}

// Criterion returns the criterion id, or nil.
func (g *Grade) Criterion(id string) *Criterion {
	for i := range g.Criteria {
		if g.Criteria[i].ID == id {
			return &g.Criteria[i]
		}
	}
	return nil
}

// WriteJSON writes g as indented JSON.
func (g *Grade) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(g)
}

// round2 rounds to hundredths, so that scores print and compare stably.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// clamp01 keeps a fraction within [0, 1].
func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// ForTrainee marks g as trainee id's grade and drops the seed: a trainee's
// seed derives from the instructor's secret and must not reach anything the
// trainee sees (feedback sheets, JUnit, published CI results).
func (g *Grade) ForTrainee(id string) {
	g.Trainee = id
	g.Seed = 0
}
