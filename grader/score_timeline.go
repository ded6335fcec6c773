package grader

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs/instance"
)

// DefaultTolerance is how far a timeline row may be from a milestone when
// the key sets no tolerance.
const DefaultTolerance = 2 * time.Minute

// orderShare is the part of the timeline criterion for listing the matched
// milestones in chronological order.
const orderShare = 0.2

// tolerance is how far a timeline row may be from a milestone.
func tolerance(key *instance.Key) time.Duration {
	if tol := time.Duration(key.Report.ToleranceSeconds) * time.Second; tol > 0 {
		return tol
	}
	return DefaultTolerance
}

// milestone is a key milestone with what a row must say to describe it.
type milestone struct {
	truth.Milestone
	hint hint
	// tokens are the milestone's own distinctive words (a domain, a host,
	// an account, a country): a row naming one describes it too.
	tokens []string
}

// milestones returns the key's milestones in time order, each with its
// kind: by its own words, else by the stage its scenario stands for.
func milestones(key *instance.Key) []milestone {
	scenarioOf := map[truth.Milestone]string{}
	for _, s := range key.Truth.Scenarios {
		for _, m := range s.Milestones {
			scenarioOf[m] = s.ID
		}
	}
	entities := map[string]bool{}
	for _, v := range slices.Concat(key.Report.Users, key.Report.Hosts) {
		entities[strings.ToLower(v)] = true
	}
	ms := make([]milestone, 0, len(key.Report.Milestones))
	for _, m := range key.Report.Milestones {
		fallback, ok := hintByCode(scenarioHints[scenarioOf[m]])
		if !ok {
			fallback = hint{code: "milestone", text: "one of the key moments of the attack"}
		}
		ms = append(ms, milestone{Milestone: m, hint: classify(milestoneHints, m.What, fallback), tokens: distinctive(m.What, entities)})
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Time.Before(ms[j].Time) })
	return ms
}

// distinctive returns the words of a milestone's text that name something
// of this instance: with a dot, hyphen, underscore or digit, capitalised
// (after the first word), or one of the key's accounts and hosts.
func distinctive(what string, entities map[string]bool) []string {
	var out []string
	for i, w := range strings.Fields(what) {
		w = strings.Trim(w, ",;:()")
		lw := strings.ToLower(w)
		switch {
		case len(w) < 3:
		case strings.ContainsAny(w, ".-_0123456789"), entities[lw], i > 0 && w[0] >= 'A' && w[0] <= 'Z':
			out = append(out, lw)
		}
	}
	return out
}

// describedBy reports whether a row's text describes the milestone.
func (m milestone) describedBy(row string) bool {
	if m.hint.describes(row) {
		return true
	}
	low := strings.ToLower(report.Refang(row))
	for _, t := range m.tokens {
		if report.ContainsToken(low, t) {
			return true
		}
	}
	return false
}

func scoreTimeline(key *instance.Key, sub *Submission) result {
	res := result{applicable: len(key.Report.Milestones) > 0}
	if !res.applicable {
		return res
	}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	ms := milestones(key)
	rows := sub.Report.Timeline()
	if len(rows) == 0 {
		res.say("timeline: no rows with a time found; write a table of UTC times and what happened", Miss{"timeline:empty", "wrote no timeline"})
		return res
	}
	tol := tolerance(key)
	matched, timedOnly := matchMilestones(ms, rows, tol)
	hits, inOrder, last := 0, 0, -1
	for i, m := range ms {
		row := matched[i]
		if row < 0 {
			line := "timeline: misses " + m.hint.text
			switch {
			case timedOnly[i]:
				line += "; a row has the right time but does not say what happened then"
			case hourOff(m, rows, tol):
				line += "; one of your rows is a whole number of hours from it: write every time in UTC"
			}
			res.say(line, Miss{"milestone:" + m.hint.code, "missed " + m.hint.text})
			continue
		}
		hits++
		if row >= last {
			inOrder++
			last = row
		}
	}
	if hits == 0 {
		// Listing every missed moment would enumerate the key's milestones.
		res.feedback, res.misses = nil, nil
		res.say("timeline: no row matches a key moment of the attack, by its time and what it says happened; take the times from the events, in UTC", Miss{"timeline:none", "wrote a timeline that matches no milestone"})
		if slices.ContainsFunc(ms, func(m milestone) bool { return hourOff(m, rows, tol) }) {
			res.say("timeline: one of your rows is a whole number of hours from a key moment: write every time in UTC")
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
// row within tol that describes it; -1 when none. One row may cover
// several milestones (two moments a second apart are one line of a real
// timeline). timedOnly marks the milestones some row was near in time
// without describing them.
func matchMilestones(ms []milestone, rows []report.Entry, tol time.Duration) (matched []int, timedOnly []bool) {
	matched = make([]int, len(ms))
	timedOnly = make([]bool, len(ms))
	for i, m := range ms {
		best, bestD := -1, tol+1
		for j, r := range rows {
			d := distance(m.Time, r)
			if d > tol {
				continue
			}
			if !m.describedBy(r.Text) {
				timedOnly[i] = true
				continue
			}
			if d < bestD {
				best, bestD = j, d
			}
		}
		matched[i] = best
	}
	return matched, timedOnly
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

// hourOff reports whether some row that describes m is 1 to 14 whole
// hours from it, give or take tol: the mark of a time written in local time
// instead of UTC.
func hourOff(m milestone, rows []report.Entry, tol time.Duration) bool {
	for _, r := range rows {
		if !m.describedBy(r.Text) {
			continue
		}
		for h := 1; h <= 14; h++ {
			for _, sign := range []time.Duration{1, -1} {
				if distance(m.Time.Add(sign*time.Duration(h)*time.Hour), r) <= tol {
					return true
				}
			}
		}
	}
	return false
}
