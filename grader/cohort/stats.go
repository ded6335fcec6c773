package cohort

import (
	"math"
	"sort"

	"github.com/soclab/soclab/grader"
)

// Stats summarise a cohort. Score statistics and criteria cover graded
// trainees only; Invalid counts those without a grade.
type Stats struct {
	Trainees  int             `json:"trainees"`
	Graded    int             `json:"graded"`
	Invalid   int             `json:"invalid"`
	Passed    int             `json:"passed"`
	Mean      float64         `json:"mean"`
	Median    float64         `json:"median"`
	Min       float64         `json:"min"`
	Max       float64         `json:"max"`
	StdDev    float64         `json:"stddev"`
	Histogram []Bin           `json:"histogram"`
	Criteria  []CriterionStat `json:"criteria"`
	Gaps      []Gap           `json:"gaps"`
}

// Bin counts the scores in [From, To) (the last bin includes 100).
type Bin struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Count int     `json:"count"`
}

// CriterionStat is how the cohort did on one criterion.
type CriterionStat struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Max         float64 `json:"max"`          // mean of the maxima
	MeanPoints  float64 `json:"mean_points"`  // mean points
	MeanPercent float64 `json:"mean_percent"` // mean points as a share of the max, 0-100
	FullMarks   float64 `json:"full_marks"`   // share of trainees with full points, 0-100
}

// Gap is a skill some of the cohort lacks: the share of graded trainees
// whose grade shows the miss ("68% missed the attacker's move to another
// host").
type Gap struct {
	Code    string  `json:"code"`
	Label   string  `json:"label"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"`
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func computeStats(ts []Trainee) Stats {
	s := Stats{Trainees: len(ts)}
	var scores []float64
	for i := range ts {
		if ts[i].Grade == nil {
			s.Invalid++
			continue
		}
		scores = append(scores, ts[i].Grade.Score)
		if ts[i].Grade.Passed {
			s.Passed++
		}
	}
	s.Graded = len(scores)
	s.Histogram = histogram(scores)
	if len(scores) == 0 {
		return s
	}
	sort.Float64s(scores)
	sum, sq := 0.0, 0.0
	for _, x := range scores {
		sum += x
	}
	s.Mean = sum / float64(len(scores))
	for _, x := range scores {
		sq += (x - s.Mean) * (x - s.Mean)
	}
	s.StdDev = round2(math.Sqrt(sq / float64(len(scores))))
	s.Mean = round2(s.Mean)
	s.Min, s.Max = scores[0], scores[len(scores)-1]
	if n := len(scores); n%2 == 1 {
		s.Median = scores[n/2]
	} else {
		s.Median = round2((scores[n/2-1] + scores[n/2]) / 2)
	}
	s.Criteria = criterionStats(ts)
	s.Gaps = gaps(ts, len(scores))
	return s
}

func histogram(scores []float64) []Bin {
	bins := make([]Bin, 10)
	for i := range bins {
		bins[i] = Bin{From: float64(i * 10), To: float64(i*10 + 10)}
	}
	for _, x := range scores {
		i := min(int(x/10), 9)
		bins[max(i, 0)].Count++
	}
	return bins
}

func criterionStats(ts []Trainee) []CriterionStat {
	var out []CriterionStat
	for _, id := range grader.CriterionIDs() {
		var n, full int
		var pts, mx, pct float64
		for i := range ts {
			if ts[i].Grade == nil {
				continue
			}
			c := ts[i].Grade.Criterion(id)
			if c == nil {
				continue
			}
			n++
			pts += c.Points
			mx += c.Max
			if c.Max > 0 {
				pct += c.Points / c.Max
			}
			if c.Points >= c.Max {
				full++
			}
		}
		if n == 0 {
			continue
		}
		fn := float64(n)
		out = append(out, CriterionStat{ID: id, Title: grader.Titles[id], Max: round2(mx / fn), MeanPoints: round2(pts / fn),
			MeanPercent: round2(100 * pct / fn), FullMarks: round2(100 * float64(full) / fn)})
	}
	return out
}

// gaps counts each miss code once per trainee, most common first.
func gaps(ts []Trainee, graded int) []Gap {
	count := map[string]int{}
	label := map[string]string{}
	for i := range ts {
		if ts[i].Grade == nil {
			continue
		}
		seen := map[string]bool{}
		misses := make([][]grader.Miss, 0, len(ts[i].Grade.Criteria)+1)
		for _, gate := range ts[i].Grade.Gates {
			misses = append(misses, []grader.Miss{gate.Miss})
		}
		for _, c := range ts[i].Grade.Criteria {
			misses = append(misses, c.Misses)
		}
		for _, ms := range misses {
			for _, m := range ms {
				if seen[m.Code] {
					continue
				}
				seen[m.Code] = true
				count[m.Code]++
				if _, ok := label[m.Code]; !ok {
					label[m.Code] = m.Label
				}
			}
		}
	}
	out := make([]Gap, 0, len(count))
	for code, n := range count {
		out = append(out, Gap{Code: code, Label: label[code], Count: n, Percent: round2(100 * float64(n) / float64(graded))})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Code < out[j].Code
	})
	return out
}
