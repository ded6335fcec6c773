package instance

import (
	"context"
	"fmt"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/labs"
)

// runResult is what one pass over an instance produced.
type runResult struct {
	truth    *truth.Truth
	alerts   []*detectors.Alert // in the engine's order: fire time, then id
	events   int64
	datasets []labs.DatasetCount // in event.Datasets order, only those with events
}

// runInstance generates the instance of lab with seed once, feeding every
// event to sink (when not nil) and to the lab's detectors, and returns the
// truth and the alerts. It does not close sink.
func runInstance(ctx context.Context, lab *labs.Lab, seed int64, sink event.Sink, opts generator.Options) (*runResult, error) {
	cfg, err := labs.GeneratorConfig(lab, seed)
	if err != nil {
		return nil, err
	}
	rules, err := lab.RulePack()
	if err != nil {
		return nil, err
	}
	res := &runResult{}
	dopts, err := lab.DetectorOptions()
	if err != nil {
		return nil, err
	}
	dopts.OnAlert = func(a *detectors.Alert) { res.alerts = append(res.alerts, a) }
	dopts.Registerer = opts.Registerer
	eng, err := detectors.Compile(rules, dopts)
	if err != nil {
		return nil, fmt.Errorf("lab %s: rules: %w", lab.ID, err)
	}
	var s event.Sink = eng
	if sink != nil {
		s = event.Tee{sink, eng}
	}
	tr, sum, err := generator.RunSummary(ctx, cfg, s, opts)
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", lab.ID, err)
	}
	if err := eng.Close(); err != nil {
		return nil, fmt.Errorf("lab %s: detectors: %w", lab.ID, err)
	}
	res.truth, res.events = tr, sum.Events
	for _, ds := range event.Datasets {
		if n := sum.ByDataset[ds]; n > 0 {
			res.datasets = append(res.datasets, labs.DatasetCount{Name: ds, Events: n})
		}
	}
	return res, nil
}
