package grader

import (
	"fmt"
	"sort"
	"time"

	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs"
)

// DefaultTolerance is how far a timeline row may be from a milestone when
// the key sets no tolerance.
const DefaultTolerance = 2 * time.Minute

// orderShare is the part of the timeline criterion for listing the matched
// milestones in chronological order.
const orderShare = 0.2

func scoreTimeline(key *labs.Key, sub *Submission) result {
	res := result{applicable: len(key.Report.Milestones) > 0}
	if !res.applicable {
		return res
	}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	ms := append([]truth.Milestone(nil), key.Report.Milestones...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Time.Before(ms[j].Time) })
	rows := sub.Report.Timeline()
	if len(rows) == 0 {
		res.say("timeline: no rows with a time found; write a table of UTC times and what happened", Miss{"timeline:empty", "wrote no timeline"})
		return res
	}
	tol := time.Duration(key.Report.ToleranceSeconds) * time.Second
	if tol <= 0 {
		tol = DefaultTolerance
	}
	matched := matchMilestones(ms, rows, tol)
	hits, inOrder, last := 0, 0, -1
	for i, m := range ms {
		h := classify(milestoneHints, m.What, hint{fmt.Sprintf("milestone-%d", i+1), nil, fmt.Sprintf("one of the key moments of the attack (%d of %d)", i+1, len(ms))})
		row := matched[i]
		if row < 0 {
			line := "timeline: misses " + h.text
			if hourOff(m.Time, rows, tol) {
				line += "; one of your rows is a whole number of hours from it: write every time in UTC"
			}
			res.say(line, Miss{"milestone:" + h.code, "missed " + h.text})
			continue
		}
		hits++
		if row > last {
			inOrder++
			last = row
		}
	}
	if hits > 0 && inOrder < hits {
		res.say("timeline: the rows are not in chronological order", Miss{"timeline:order", "wrote the timeline out of order"})
	}
	n := float64(len(ms))
	res.frac = (1-orderShare)*float64(hits)/n + orderShare*float64(inOrder)/n
	if allowed := max(2*len(ms), len(ms)+8); len(rows) > allowed {
		res.frac *= float64(allowed) / float64(len(rows))
		res.say(fmt.Sprintf("timeline: %d rows is too many; keep to the moments that matter (at most about %d)", len(rows), allowed), Miss{"timeline:stuffed", "padded the timeline"})
	}
	return res
}

// matchMilestones pairs each milestone (in time order) with the closest
// unused row within tol; -1 when none.
func matchMilestones(ms []truth.Milestone, rows []report.Entry, tol time.Duration) []int {
	used := make([]bool, len(rows))
	out := make([]int, len(ms))
	for i, m := range ms {
		best, bestD := -1, tol+1
		for j, r := range rows {
			if d := distance(m.Time, r); !used[j] && d <= tol && d < bestD {
				best, bestD = j, d
			}
		}
		out[i] = best
		if best >= 0 {
			used[best] = true
		}
	}
	return out
}

// distance is how far t is from the span a row's time covers ("14:03"
// covers the whole minute).
func distance(t time.Time, r report.Entry) time.Duration {
	end := r.At.Add(r.Precision)
	switch {
	case t.Before(r.At):
		return r.At.Sub(t)
	case !t.Before(end):
		return t.Sub(end) + time.Nanosecond
	}
	return 0
}

// hourOff reports whether some row is 1 to 14 whole hours from t, give or
// take tol: the mark of a time written in local time instead of UTC.
func hourOff(t time.Time, rows []report.Entry, tol time.Duration) bool {
	for _, r := range rows {
		for h := 1; h <= 14; h++ {
			for _, sign := range []time.Duration{1, -1} {
				if distance(t.Add(sign*time.Duration(h)*time.Hour), r) <= tol {
					return true
				}
			}
		}
	}
	return false
}
