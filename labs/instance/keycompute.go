package instance

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/replay"
)

// ComputeKey builds the answer key of the instance of lab with seed: it
// generates the events once, runs the lab's rules over them, and judges
// every alert against the ground truth:
//
//   - verdict: true_positive when any of the alert's events belongs to an
//     attack scenario; when none does but some belong to a decoy,
//     benign_positive (the rule rightly saw authorised activity), or
//     false_positive for a decoy the rules misread (scenario.Info.Misread:
//     typos are not guessing); false_positive otherwise (ordinary noise,
//     which the grader also accepts as benign_positive);
//   - severity: the rule's level (informational counts as low), raised to
//     the lab's incident severity for a true positive; low otherwise;
//   - techniques: the rule's ATT&CK ids, narrowed to those of the scenario
//     where the two overlap;
//   - escalate: true positives of medium severity or more.
//
// The report part takes the indicators of the lab's roles from the attack
// scenarios, the decoys' entities, the milestones, users and hosts. The
// same lab and seed give the same key, byte for byte.
func ComputeKey(ctx context.Context, lab *labs.Lab, seed int64) (*Key, error) {
	res, err := runInstance(ctx, lab, seed, replay.Outputs{}, replay.Options{})
	if err != nil {
		return nil, err
	}
	return buildKey(lab, seed, res), nil
}

// ComputeKeyAlerts is ComputeKey that also returns the alerts the
// instance raised, as the trainee's alerts.ndjson holds them: for tools
// that play a trainee who reads only the alerts (the grader's calibration
// and its gravity tests).
func ComputeKeyAlerts(ctx context.Context, lab *labs.Lab, seed int64) (*Key, []*detectors.Alert, error) {
	res, err := runInstance(ctx, lab, seed, replay.Outputs{}, replay.Options{})
	if err != nil {
		return nil, nil, err
	}
	return buildKey(lab, seed, res), res.alerts, nil
}

// buildKey judges a run's alerts and writes the report part.
func buildKey(lab *labs.Lab, seed int64, res *runResult) *Key {
	k := &Key{
		Lab:      lab.ID,
		Seed:     seed,
		PassMark: lab.EffectivePassMark(),
		Rubric:   lab.EffectiveRubric(),
		Alerts:   make([]AlertKey, 0, len(res.alerts)),
		Report:   reportKey(lab, res.truth),
		Truth:    *res.truth,
	}
	judge := alertJudge(lab, res)
	for i, a := range res.alerts {
		k.addAlert(judge(i, a))
	}
	slices.Sort(k.Report.Accepted)
	return k
}

// alertJudge returns the expected triage of the run's i-th alert a: from
// the generated truth (judgeAlert), the truth file of a recorded lab
// (recordedAlertKey), or, with a generated background, either by where the
// alert's events come from (judgeBeside).
func alertJudge(lab *labs.Lab, res *runResult) func(i int, a *detectors.Alert) AlertKey {
	switch {
	case res.generated != nil:
		owner := res.generated.EventScenario()
		return func(_ int, a *detectors.Alert) AlertKey { return judgeBeside(lab, a, res, owner) }
	case res.recorded != nil:
		return func(i int, a *detectors.Alert) AlertKey { return recordedAlertKey(lab, res, i, a) }
	}
	owner := res.truth.EventScenario()
	return func(_ int, a *detectors.Alert) AlertKey { return judgeAlert(lab, a, res.truth, owner) }
}

// addAlert appends ak to the key; a true positive's techniques the report
// key does not expect become accepted ones for the report too.
func (k *Key) addAlert(ak AlertKey) {
	k.Alerts = append(k.Alerts, ak)
	if ak.Verdict != labs.TruePositive {
		return
	}
	for _, t := range append(slices.Clone(ak.Techniques), ak.Accepted...) {
		if !slices.Contains(k.Report.Techniques, t) {
			k.Report.Accepted = appendNew(k.Report.Accepted, t)
		}
	}
}

// judgeAlert is the expected triage of one alert.
func judgeAlert(lab *labs.Lab, a *detectors.Alert, tr *truth.Truth, owner map[string]int) AlertKey {
	ak := AlertKey{ID: a.ID, Rule: a.RuleID, Title: a.Title, Verdict: labs.FalsePositive, Severity: "low",
		Techniques: nonNil(a.Techniques)}
	sc := alertScenario(a, tr, owner)
	if sc < 0 {
		return ak
	}
	s := tr.Scenarios[sc]
	ak.Scenario = s.ID
	if s.Kind != truth.KindAttack {
		ak.Verdict = labs.BenignPositive
		if info, err := scenario.Lookup(s.ID); err == nil && info.Misread {
			ak.Verdict = labs.FalsePositive
		}
		return ak
	}
	ak.Verdict = labs.TruePositive
	ak.Severity = labs.Severities[max(labs.SeverityRank(levelSeverity(a.Level)), labs.SeverityRank(lab.Report.Severity), 0)]
	if both := intersect(a.Techniques, s.Techniques); len(both) > 0 {
		ak.Techniques = both
	}
	for _, t := range appendNew(slices.Clone(a.Techniques), s.Techniques...) {
		if !slices.Contains(ak.Techniques, t) {
			ak.Accepted = append(ak.Accepted, t)
		}
	}
	slices.Sort(ak.Accepted)
	ak.Escalate = labs.SeverityRank(ak.Severity) >= 1
	return ak
}

// alertScenario returns the index of the scenario an alert's events belong
// to: the attack with most of its events, else the decoy with most, else
// -1. Ties go to the scenario listed first.
func alertScenario(a *detectors.Alert, tr *truth.Truth, owner map[string]int) int {
	counts := make([]int, len(tr.Scenarios))
	for _, id := range a.EventIDs {
		if i, ok := owner[id]; ok {
			counts[i]++
		}
	}
	best := -1
	for _, kind := range []string{truth.KindAttack, truth.KindDecoy} {
		for i, n := range counts {
			if n > 0 && tr.Scenarios[i].Kind == kind && (best < 0 || n > counts[best]) {
				best = i
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

// levelSeverity maps a Sigma level to a severity.
func levelSeverity(level string) string {
	if level == "informational" || labs.SeverityRank(level) < 0 {
		return "low"
	}
	return level
}

// reportKey is what a correct report says about the instance.
func reportKey(lab *labs.Lab, tr *truth.Truth) ReportKey {
	r := ReportKey{
		Verdict:          lab.Report.Verdict,
		Severity:         lab.Report.Severity,
		Category:         lab.Report.Category,
		Techniques:       []string{},
		IOCs:             []truth.IOC{},
		Decoys:           []truth.IOC{},
		Milestones:       []truth.Milestone{},
		ToleranceSeconds: int(lab.Tolerance().Seconds()),
		Users:            []string{},
		Hosts:            []string{},
		Actions:          nonNil(lab.Report.Actions),
		Escalate:         lab.Report.ShouldEscalate(),
	}
	for _, role := range lab.Report.IOCs {
		for _, s := range tr.Scenarios {
			if s.Kind != truth.KindAttack {
				continue
			}
			for _, ioc := range s.IOCs {
				if ioc.Role == role && !slices.Contains(r.IOCs, ioc) {
					r.IOCs = append(r.IOCs, ioc)
				}
			}
		}
	}
	for _, s := range tr.Scenarios {
		if s.Kind == truth.KindAttack {
			r.Techniques = appendNew(r.Techniques, s.Techniques...)
			r.Users = appendNew(r.Users, s.Users...)
			r.Hosts = appendNew(r.Hosts, s.Hosts...)
			r.Milestones = append(r.Milestones, s.Milestones...)
		}
	}
	for _, s := range tr.Scenarios {
		if s.Kind != truth.KindDecoy {
			continue
		}
		for _, e := range s.Entities {
			if !slices.Contains(r.Decoys, e) && !isIOCValue(r.IOCs, e.Value) {
				r.Decoys = append(r.Decoys, e)
			}
		}
	}
	slices.Sort(r.Techniques)
	slices.SortStableFunc(r.Milestones, func(a, b truth.Milestone) int { return a.Time.Compare(b.Time) })
	return r
}

func isIOCValue(iocs []truth.IOC, v string) bool {
	return slices.ContainsFunc(iocs, func(i truth.IOC) bool { return i.Value == v })
}

// appendNew appends the values not already in list.
func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// intersect returns the values of a also in b, in a's order.
func intersect(a, b []string) []string {
	var out []string
	for _, v := range a {
		if slices.Contains(b, v) {
			out = append(out, v)
		}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Marshal returns the key as indented JSON ending in a newline. The same
// key gives the same bytes.
func (k *Key) Marshal() []byte {
	data, err := json.MarshalIndent(k, "", "  ")
	if err != nil {
		panic(err) // plain types only: cannot fail
	}
	return append(data, '\n')
}
