package grader

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs/instance"
)

// IOC penalties, as a share of the criterion: a listed indicator that is
// not part of the incident, and a decoy (benign look-alike) listed as one.
// They are a precision term, not a floor: the criterion may go down to
// minus three times its points, so that listing everything keeps costing.
const (
	wrongIOCPenalty = 0.1
	decoyIOCPenalty = 0.25
	iocFloor        = -3
)

func scoreIOCs(key *instance.Key, sub *Submission) result {
	res := result{applicable: true, floor: iocFloor}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	ents := newEntities(key)
	r := sub.Report
	listed := r.Indicators()
	listedText := r.ListedText()
	isListed := func(v string) bool {
		v = report.NormalizeValue(v)
		return report.ContainsToken(listedText, v) || slices.ContainsFunc(listed, func(in report.Indicator) bool {
			_, ok := lookup(map[string]bool{v: true}, in.Value)
			return ok
		})
	}
	allText := r.NormalizedText()

	recall := 1.0
	if n := len(key.Report.IOCs); n > 0 {
		credit, missed := 0.0, 0
		var lines []string
		var misses []Miss
		for _, i := range key.Report.IOCs {
			role := human(i.Role)
			if role == "" {
				role = i.Type + " indicator"
			}
			miss := Miss{"ioc:" + i.Role, "missed the IOC " + role}
			switch {
			case isListed(i.Value):
				credit++
			case report.ContainsToken(allText, i.Value):
				credit += 0.5
				lines = append(lines, fmt.Sprintf("iocs: the %s is in your report but not listed in the Indicators of Compromise table", role))
				misses = append(misses, miss)
			default:
				missed++
				lines = append(lines, fmt.Sprintf("iocs: the table misses an indicator: the %s", role))
				misses = append(misses, miss)
			}
		}
		if missed == n {
			// Listing every role the key holds would enumerate the key.
			res.say("iocs: the Indicators of Compromise section lists none of the incident's indicators; list each value (address, domain, account, host) the evidence ties to the attack in a table", misses...)
		} else {
			for k, l := range lines {
				res.say(l, misses[k])
			}
		}
		recall = credit / float64(n)
	}

	var wrong, decoys []string
	decoyScenarios := map[string]bool{}
	for _, in := range listed {
		if _, ok := lookup(ents.harmless, in.Value); ok {
			continue
		}
		if sc, ok := lookup(ents.decoys, in.Value); ok {
			decoys = append(decoys, in.Value)
			decoyScenarios[sc] = true
			continue
		}
		wrong = append(wrong, in.Value)
	}
	// Decoy users and hosts have no shape Extract finds: look for them.
	for v, sc := range ents.decoys {
		if !strings.ContainsAny(v, ".:@/") && report.ContainsToken(listedText, v) {
			decoys = append(decoys, v)
			decoyScenarios[sc] = true
		}
	}
	sort.Strings(decoys)
	decoys = compactStrings(decoys)
	penalty := wrongIOCPenalty*float64(len(wrong)) + decoyIOCPenalty*float64(len(decoys))
	if len(wrong) > 0 {
		res.say(fmt.Sprintf("iocs: %d listed indicator(s) are not part of this incident (%s); list only what the evidence ties to the attack", len(wrong), examples(wrong)),
			Miss{"ioc:wrong", "listed indicators that are not part of the attack"})
	}
	for _, d := range decoys {
		res.say(fmt.Sprintf("iocs: %s is listed as an indicator but its activity is benign; find out who owns it and what it usually does", d))
	}
	for _, sc := range sortedKeys(decoyScenarios) {
		res.misses = append(res.misses, Miss{"decoy:" + sc, "listed the decoy " + sc + " as an IOC"})
	}
	res.frac = max(recall-penalty, iocFloor)
	return res
}

// examples lists up to three values, then how many more.
func examples(vs []string) string {
	if len(vs) <= 3 {
		return strings.Join(vs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(vs[:3], ", "), len(vs)-3)
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
