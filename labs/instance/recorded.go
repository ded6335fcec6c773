package instance

import (
	"context"
	"fmt"
	"slices"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/replay"
)

// runRecorded is runInstance for a lab over recorded data: the seed
// changes nothing. Its rules run over the recorded events once
// (labs.RunRecorded), which judges every alert with the truth file, and,
// when outs names an output (a workspace), the same events go through
// replay.Run into them. A bundled lab's files are embedded: they are
// copied to a temporary folder (never into the workspace) for replay to
// read.
func runRecorded(ctx context.Context, lab *labs.Lab, outs replay.Outputs, opts replay.Options) (*runResult, error) {
	if lab.RecordedTruth == nil {
		return nil, fmt.Errorf("lab %s: its truth file was not read (load the lab with labs.Load or labs.Find)", lab.ID)
	}
	rr, err := lab.RunRecorded(ctx)
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", lab.ID, err)
	}
	tr := lab.RecordedTruth.GroundTruth(lab.Window.Start(), lab.Window.End(), rr)
	res := &runResult{truth: &tr, alerts: rr.Alerts, events: rr.Events, datasets: datasetCounts(rr.ByDataset), recorded: rr}
	if outs == (replay.Outputs{}) {
		return res, nil
	}
	r, err := replayLab(ctx, lab, 0, outs, opts)
	if err != nil {
		return nil, err
	}
	if !sameAlerts(r.Alerts, rr.Alerts) {
		return nil, fmt.Errorf("lab %s: the recorded events raised %d alerts in the workspace and %d for the key: please report this bug", lab.ID, len(r.Alerts), len(rr.Alerts))
	}
	return res, nil
}

// sameAlerts reports whether two runs raised the same alerts, by id.
func sameAlerts(a, b []*detectors.Alert) bool {
	return slices.EqualFunc(a, b, func(x, y *detectors.Alert) bool { return x.ID == y.ID })
}

// recordedAlertKey is the expected triage of the run's i-th alert a in a
// recorded lab: it comes from the truth-file entry that judges it (by rule and
// entity; with a generated background, see judgeBeside):
//
//   - verdict and stage (the key's scenario): the entry's; a false
//     positive without a stage is ordinary noise;
//   - severity: the entry's, else the rule's level raised to the lab's
//     incident severity for a true positive, low otherwise;
//   - techniques: the entry's, else the rule's; the rule's others (and,
//     for a true positive, the truth file's) are accepted;
//   - escalate: the entry's, else true positives of medium or more.
func recordedAlertKey(lab *labs.Lab, res *runResult, i int, a *detectors.Alert) AlertKey {
	ak := AlertKey{ID: a.ID, Rule: a.RuleID, Title: a.Title, Verdict: labs.FalsePositive, Severity: "low", Techniques: nonNil(a.Techniques)}
	if j := res.recorded.Judged[i]; j >= 0 {
		tf := lab.RecordedTruth
		judgeRecorded(lab, &ak, a, tf.Alerts[j], tf.Techniques)
	}
	return ak
}

// judgeRecorded fills ak from the truth-file entry v that judges alert a.
func judgeRecorded(lab *labs.Lab, ak *AlertKey, a *detectors.Alert, v labs.AlertVerdict, incident []string) {
	ak.Verdict, ak.Scenario = v.Verdict, v.AlertStage()
	tp := v.Verdict == labs.TruePositive
	switch {
	case v.Severity != "":
		ak.Severity = v.Severity
	case tp:
		ak.Severity = labs.Severities[max(labs.SeverityRank(levelSeverity(a.Level)), labs.SeverityRank(lab.Report.Severity), 0)]
	}
	if len(v.Techniques) > 0 {
		ak.Techniques = slices.Clone(v.Techniques)
	}
	accepted := slices.Clone(a.Techniques)
	if tp {
		accepted = appendNew(accepted, incident...)
	}
	for _, t := range accepted {
		if !slices.Contains(ak.Techniques, t) {
			ak.Accepted = appendNew(ak.Accepted, t)
		}
	}
	slices.Sort(ak.Accepted)
	if v.Escalate != nil {
		ak.Escalate = *v.Escalate
	} else {
		ak.Escalate = tp && labs.SeverityRank(ak.Severity) >= 1
	}
}
