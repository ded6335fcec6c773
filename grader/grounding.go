package grader

import (
	"slices"
	"time"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs/instance"
)

// Grounding: what of the report is tied to this instance. Wording that any
// report could carry (the nine headings, "true positive, high, escalate to
// L2", "reset the password") is worth something only when the report also
// shows that its author read this instance's evidence.
const (
	// groundedAt is the grounding from which such wording earns in full.
	groundedAt = 0.6
	// entityFactWeight is what an account or host weighs as a fact, against
	// 1 for an address, domain, URL, hash or time: their names recur from
	// one instance to the next (bastion-01, svc-web), an address or a
	// minute of the day does not.
	entityFactWeight = 0.5
)

// groundedCriteria are the criteria whose credit is scaled by grounding.
var groundedCriteria = []string{ReportSections, ReportClassification, ReportActions, ReportEscalation}

// grounding returns the weighted share of the instance's facts the report
// gets right: the key's indicators, affected accounts and hosts named
// anywhere in it, and its milestones' times found in its timeline. It is 0
// without a report, and 1 for a key with no facts.
func grounding(key *instance.Key, r *report.Report) float64 {
	if r == nil {
		return 0
	}
	all := r.NormalizedText()
	var found, total float64
	seen := map[string]bool{}
	fact := func(v string, w float64, host bool) {
		v = report.NormalizeValue(v)
		if v == "" || seen[v] {
			return
		}
		seen[v] = true
		total += w
		if (host && report.ContainsHost(all, v)) || (!host && report.ContainsToken(all, v)) {
			found += w
		}
	}
	for _, i := range key.Report.IOCs {
		switch i.Type {
		case "user", "host":
			fact(i.Value, entityFactWeight, true)
		default:
			fact(i.Value, 1, false)
		}
	}
	for _, v := range slices.Concat(key.Report.Users, key.Report.Hosts) {
		fact(v, entityFactWeight, true)
	}
	rows := r.Timeline()
	tol := tolerance(key)
	var times []time.Time
	for _, m := range key.Report.Milestones {
		if slices.ContainsFunc(times, func(t time.Time) bool { return t.Sub(m.Time).Abs() <= tol }) {
			continue // milestones closer than the tolerance are one fact
		}
		times = append(times, m.Time)
		total++
		if slices.ContainsFunc(rows, func(e report.Entry) bool { return distance(m.Time, e) <= tol }) {
			found++
		}
	}
	if total == 0 {
		return 1
	}
	return found / total
}

// groundedShare is the share of their credit the grounded criteria keep.
func groundedShare(g float64) float64 { return clamp01(g / groundedAt) }
