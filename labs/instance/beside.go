package instance

import (
	"context"
	"fmt"
	"slices"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/replay"
)

// runBeside is runInstance for a recorded lab with a generated background
// (labs.Lab.HasBackground): the recorded events alone go through the
// lab's rules once (labs.RunRecorded: the truth file's judgement and the
// recorded events' ids), then the generator's background of seed with the
// recorded events merged into it in time order goes through replay.Run,
// once, into outs (none for a key). Its alerts are the instance's. The
// truth is the truth file's (labs.TruthFile.GroundTruth) with the
// generated decoys added; the generator's own is kept to judge the
// background's alerts.
func runBeside(ctx context.Context, lab *labs.Lab, seed int64, outs replay.Outputs, opts replay.Options) (*runResult, error) {
	rr, err := lab.RunRecorded(ctx)
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", lab.ID, err)
	}
	r, err := replayLab(ctx, lab, seed, outs, opts)
	if err != nil {
		return nil, err
	}
	tr := lab.RecordedTruth.GroundTruth(lab.Window.Start(), lab.Window.End(), rr)
	tr.Seed = seed
	addScenarios(&tr, r.Truth.Scenarios)
	return &runResult{truth: &tr, alerts: r.Alerts, events: r.Summary.Events, datasets: datasetCounts(r.Summary.ByDataset),
		recorded: rr, generated: r.Truth}, nil
}

// addScenarios adds the generated background's scenarios (decoys) to the
// truth file's; one of the same id and kind is folded into the truth
// file's, so that the key knows one "authorized-scanner" whatever made it.
func addScenarios(tr *truth.Truth, gen []truth.Scenario) {
	for _, g := range gen {
		i := slices.IndexFunc(tr.Scenarios, func(s truth.Scenario) bool { return s.ID == g.ID && s.Kind == g.Kind })
		if i < 0 {
			tr.Scenarios = append(tr.Scenarios, g)
			continue
		}
		s := &tr.Scenarios[i]
		s.Techniques = appendNew(s.Techniques, g.Techniques...)
		s.Events = appendNew(s.Events, g.Events...)
		s.Users = appendNew(s.Users, g.Users...)
		s.Hosts = appendNew(s.Hosts, g.Hosts...)
		s.Milestones = append(s.Milestones, g.Milestones...)
		for _, ioc := range g.IOCs {
			if !slices.Contains(s.IOCs, ioc) {
				s.IOCs = append(s.IOCs, ioc)
			}
		}
		for _, e := range g.Entities {
			if !slices.Contains(s.Entities, e) {
				s.Entities = append(s.Entities, e)
			}
		}
	}
}

// judgeBeside is the expected triage of one alert of a lab with a
// generated background, by where its events come from:
//
//   - all recorded: the truth-file entry that judges it by rule and
//     entity (judgeRecorded), as in a lab without a background;
//   - all generated: the generated truth (judgeAlert): a decoy's alert is
//     a benign positive (a false positive for a decoy the rules misread),
//     any other ordinary noise;
//   - both (a correlation counting generated and recorded events): the
//     truth-file entry when one matches its rule and entity (a group-by
//     value, or a value of one of its recorded events), else the
//     generated truth's verdict.
func judgeBeside(lab *labs.Lab, a *detectors.Alert, res *runResult, owner map[string]int) AlertKey {
	recorded := slices.ContainsFunc(a.EventIDs, res.recorded.HasEvent)
	if recorded {
		if j := res.recorded.Judge(a); j >= 0 {
			tf := lab.RecordedTruth
			ak := AlertKey{ID: a.ID, Rule: a.RuleID, Title: a.Title, Verdict: labs.FalsePositive, Severity: "low", Techniques: nonNil(a.Techniques)}
			judgeRecorded(lab, &ak, a, tf.Alerts[j], tf.Techniques)
			return ak
		}
	}
	return judgeAlert(lab, a, res.generated, owner)
}
