package instance

import (
	"context"
	"fmt"
	"slices"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/replay"
)

// runResult is what one pass over an instance produced.
type runResult struct {
	truth    *truth.Truth
	alerts   []*detectors.Alert // in the engine's order: fire time, then id
	events   int64
	datasets []labs.DatasetCount // in event.Datasets order, only those with events
	// recorded is the judged run of a lab over recorded data (nil when
	// generated).
	recorded *labs.RecordedRun
	// generated is the generator's truth of a recorded lab's background
	// (nil without one): it judges the background's alerts.
	generated *truth.Truth
}

// runInstance runs the instance of lab with seed once through the one
// pipeline (replay.Run): the lab's generator config and rule selection,
// into outs (none for a key), and returns the truth and the alerts.
func runInstance(ctx context.Context, lab *labs.Lab, seed int64, outs replay.Outputs, opts replay.Options) (*runResult, error) {
	if lab.HasBackground() {
		return runBeside(ctx, lab, seed, outs, opts)
	}
	if lab.IsRecorded() {
		return runRecorded(ctx, lab, outs, opts)
	}
	r, err := replayLab(ctx, lab, seed, outs, opts)
	if err != nil {
		return nil, err
	}
	return &runResult{truth: r.Truth, alerts: r.Alerts, events: r.Summary.Events, datasets: datasetCounts(r.Summary.ByDataset)}, nil
}

// replayLab runs the lab's instance of seed (Lab.ReplaySpec) through the
// one pipeline into outs.
func replayLab(ctx context.Context, lab *labs.Lab, seed int64, outs replay.Outputs, opts replay.Options) (*replay.Result, error) {
	spec, cleanup, err := lab.ReplaySpec(seed)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	r, err := replay.Run(ctx, spec, outs, opts)
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", lab.ID, err)
	}
	return r, nil
}

// datasetCounts lists a run's datasets: soclab's in
// event.Datasets order, then any other, by name.
func datasetCounts(by map[string]int64) []labs.DatasetCount {
	var out []labs.DatasetCount
	for _, ds := range event.Datasets {
		if n := by[ds]; n > 0 {
			out = append(out, labs.DatasetCount{Name: ds, Events: n})
		}
	}
	var others []string
	for ds := range by {
		if !slices.Contains(event.Datasets, ds) {
			others = append(others, ds)
		}
	}
	slices.Sort(others)
	for _, ds := range others {
		out = append(out, labs.DatasetCount{Name: ds, Events: by[ds]})
	}
	return out
}
