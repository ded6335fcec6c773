package instance

import (
	"context"
	"fmt"

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
	spec, cleanup, err := lab.ReplaySpec(seed)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	r, err := replay.Run(ctx, spec, outs, opts)
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", lab.ID, err)
	}
	res := &runResult{truth: r.Truth, alerts: r.Alerts, events: r.Summary.Events}
	for _, ds := range event.Datasets {
		if n := r.Summary.ByDataset[ds]; n > 0 {
			res.datasets = append(res.datasets, labs.DatasetCount{Name: ds, Events: n})
		}
	}
	return res, nil
}
