package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/iofile"
)

// Run runs one instance: it reads spec's source once, in time order,
// through spec's rules (one engine) into every output of outs, and returns
// what it produced. The files appear only when everything succeeded
// (see the package comment); any error, or a cancelled ctx, leaves none of
// them. When only Elasticsearch failed, the files are committed and Run
// returns the Result with an *ESError. The same Spec gives the same bytes
// (unless paced: pacing shifts the dates to the wall clock).
func Run(ctx context.Context, spec Spec, outs Outputs, opts Options) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := check(&spec, &outs); err != nil {
		return nil, err
	}
	var cfg generator.Config
	var from, to time.Time
	var rec *recordedFiles
	var err error
	if spec.Config != nil {
		if cfg, err = spec.Config.Normalize(); err != nil {
			return nil, err
		}
		from, to = cfg.From, cfg.From.Add(cfg.Duration)
	} else if spec.Speed > 0 {
		if from, to, err = recordedWindow(spec.Recorded); err != nil {
			return nil, err
		}
	}
	if len(spec.Recorded) > 0 {
		if rec, err = openRecorded(spec.Recorded); err != nil {
			return nil, err
		}
		defer rec.Close()
	}

	res := &Result{}
	var es *esSink
	var eng *detectors.Engine
	if len(spec.Rules) > 0 {
		dopts := spec.Detect
		dopts.Registerer = opts.Registerer
		dopts.OnAlert = func(a *detectors.Alert) {
			res.Alerts = append(res.Alerts, a)
			if es != nil {
				es.alert(a.Event())
			}
		}
		if eng, err = detectors.Compile(spec.Rules, dopts); err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
	}
	fs, err := openFiles(&outs, opts.Registerer)
	if err != nil {
		return nil, err
	}
	defer fs.abort()
	if outs.ES != nil {
		if es, err = openES(ctx, outs.ES, opts.Registerer); err != nil {
			return nil, err
		}
		defer func() {
			if res.ES == nil {
				es.abandon()
			}
		}()
	}

	sinks := fs.sinks()
	if es != nil {
		sinks = append(sinks, es)
	}
	if eng != nil {
		sinks = append(sinks, &detectSink{eng: eng, es: es})
	}
	var sink event.Sink = sinks
	if len(sinks) == 1 {
		sink = sinks[0]
	}
	var progress func(int64, time.Time)
	if opts.Progress != nil {
		progress = func(n int64, at time.Time) { opts.Progress(Progress{Events: n, At: at, From: from, To: to}) }
	}
	if spec.Speed > 0 {
		if sink, err = generator.NewPacer(ctx, sink, from, to, spec.Speed, spec.Clock); err != nil {
			return nil, err
		}
	}
	if spec.Config == nil {
		res.Summary, err = replayRecorded(ctx, rec, sink, progress)
	} else {
		res.Truth, res.Summary, err = generate(ctx, cfg, rec, sink, progress, opts)
	}
	if err != nil {
		return nil, err
	}
	if eng != nil {
		if err := eng.Close(); err != nil {
			return nil, fmt.Errorf("detectors: %w", err)
		}
	}
	if err := fs.finishEvents(); err != nil {
		return nil, err
	}
	if err := fs.writeAlerts(res.Alerts); err != nil {
		return nil, err
	}
	for _, p := range spec.RecordedAlerts {
		if err := replayAlerts(ctx, p, fs, es); err != nil {
			return nil, err
		}
	}
	if es != nil {
		res.ES = es.finish(ctx)
	}
	if err := fs.commit(res.Truth); err != nil {
		return nil, err
	}
	if fs.counter != nil {
		res.Bytes = fs.counter.n
	}
	if fs.pcapW != nil {
		res.Packets = fs.pcapW.Packets()
	}
	if res.ES != nil && res.ES.Err != nil {
		return res, &ESError{Err: res.ES.Err}
	}
	return res, nil
}

// generate runs the generator into sink; with recorded files (a lab's
// recorded incident beside a generated background) their events are
// merged into its stream in time order, recorded first on a tie, and
// counted in the summary. The truth is the generator's.
func generate(ctx context.Context, cfg generator.Config, rec *recordedFiles, sink event.Sink, progress func(int64, time.Time), opts Options) (*truth.Truth, *generator.Summary, error) {
	gopts := generator.Options{Registerer: opts.Registerer, Progress: progress}
	if rec == nil {
		return generator.RunSummary(ctx, cfg, sink, gopts)
	}
	b := newBesideSink(rec, sink)
	if progress != nil {
		gopts.Progress = func(n int64, at time.Time) { progress(n+b.sum.Events, at) }
	}
	tr, sum, err := generator.RunSummary(ctx, cfg, b, gopts)
	if err != nil {
		return nil, nil, err
	}
	if err := b.drain(); err != nil {
		return nil, nil, err
	}
	addSummary(sum, b.sum)
	return tr, sum, nil
}

// detectSink feeds the engine; an alert Elasticsearch could not queue
// stops the stream.
type detectSink struct {
	eng *detectors.Engine
	es  *esSink
}

// Write implements event.Sink.
func (d *detectSink) Write(e *event.Event) error {
	if err := d.eng.Write(e); err != nil {
		return err
	}
	if d.es != nil {
		return d.es.err
	}
	return nil
}

// Close implements event.Sink; Run closes the engine itself.
func (d *detectSink) Close() error { return nil }

// progressEvery is how many recorded events pass between two calls of
// Options.Progress.
const progressEvery = 4096

// replayRecorded writes the recorded events to sink, counting them by
// dataset.
func replayRecorded(ctx context.Context, src *recordedFiles, sink event.Sink, progress func(int64, time.Time)) (*generator.Summary, error) {
	sum := &generator.Summary{ByDataset: map[string]int64{}}
	var at time.Time
	for {
		e, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if sum.Events%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		countDataset(sum, e.Dataset())
		at = e.Time()
		if err := sink.Write(e); err != nil {
			return nil, err
		}
		if progress != nil && sum.Events%progressEvery == 0 {
			progress(sum.Events, at)
		}
	}
	if progress != nil {
		progress(sum.Events, at)
	}
	return sum, nil
}

// replayAlerts sends the alerts of one recorded file to the alert outputs.
func replayAlerts(ctx context.Context, path string, fs *files, es *esSink) error {
	f, err := iofile.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := event.NewReader(f, path)
	for {
		e, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fs.writeAlert(e); err != nil {
			return err
		}
		if es != nil {
			es.alert(e)
		}
	}
}
