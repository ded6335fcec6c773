package generator

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/activity"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/stream"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/internal/metrics"
)

// Defaults of a Config's zero fields.
var (
	// DefaultFrom is Monday 2 March 2026, 00:00 UTC.
	DefaultFrom = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
)

const (
	// DefaultDuration is the length of the window when none is asked for.
	DefaultDuration = 24 * time.Hour
	// MaxDuration bounds the window (a year of telemetry is plenty).
	MaxDuration = 366 * 24 * time.Hour
	// MaxUsers bounds the organisation's size.
	MaxUsers = 100000
)

// ErrConfig is the sentinel every invalid Config answers to.
var ErrConfig = errors.New("invalid generator config")

// Normalize returns cfg with its defaults filled in (From, Duration, Users)
// and checks it: a negative or too long duration, a bad size or a bad rate
// give an error that answers to ErrConfig. Scenario ids are checked by Run.
func (cfg Config) Normalize() (Config, error) {
	if cfg.From.IsZero() {
		cfg.From = DefaultFrom
	}
	cfg.From = cfg.From.UTC().Truncate(time.Millisecond)
	if cfg.Duration == 0 {
		cfg.Duration = DefaultDuration
	}
	switch {
	case cfg.Duration < time.Second:
		return cfg, fmt.Errorf("%w: duration %s: must be at least 1s", ErrConfig, cfg.Duration)
	case cfg.Duration > MaxDuration:
		return cfg, fmt.Errorf("%w: duration %s: must be at most %s", ErrConfig, cfg.Duration, MaxDuration)
	}
	if cfg.Users == 0 {
		cfg.Users = org.DefaultUsers
	}
	if cfg.Users < 12 || cfg.Users > MaxUsers {
		return cfg, fmt.Errorf("%w: users %d: must be between 12 and %d", ErrConfig, cfg.Users, MaxUsers)
	}
	if cfg.Hosts < 0 || cfg.Hosts > 2*MaxUsers {
		return cfg, fmt.Errorf("%w: hosts %d: must be between 0 (derived) and %d", ErrConfig, cfg.Hosts, 2*MaxUsers)
	}
	if err := activity.CheckRates(cfg.Rates); err != nil {
		return cfg, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return cfg, nil
}

// Summary is what a run produced, for a command's report.
type Summary struct {
	Events    int64
	ByDataset map[string]int64
	Scenarios []string // ids, in the order injected
}

// Run generates the dataset cfg describes and writes its events to sink in
// time order: it builds the organisation, the benign activity and every
// scenario and decoy asked for (in order), merges them, and returns the
// ground truth. It does not close sink. Any error (a bad config, an unknown
// scenario or bad parameters, a failing sink, a cancelled ctx) stops the
// run and is returned; what was written by then is incomplete and must be
// discarded. The same cfg gives the same events and truth.
func Run(ctx context.Context, cfg Config, sink event.Sink, opts Options) (*truth.Truth, error) {
	t, _, err := run(ctx, cfg, sink, opts)
	return t, err
}

// RunSummary is Run that also reports what it wrote.
func RunSummary(ctx context.Context, cfg Config, sink event.Sink, opts Options) (*truth.Truth, *Summary, error) {
	return run(ctx, cfg, sink, opts)
}

func run(ctx context.Context, cfg Config, sink event.Sink, opts Options) (*truth.Truth, *Summary, error) {
	cfg, err := cfg.Normalize()
	if err != nil {
		return nil, nil, err
	}
	to := cfg.From.Add(cfg.Duration)
	o := org.New(cfg.Seed, cfg.Users, cfg.Hosts)
	w, err := activity.NewWorld(activity.Config{Org: o, Seed: cfg.Seed, From: cfg.From, To: to, Rates: cfg.Rates})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	tr := &truth.Truth{Seed: cfg.Seed, From: cfg.From, To: to, Scenarios: []truth.Scenario{}}
	var sources []stream.Source
	sum := &Summary{ByDataset: map[string]int64{}}
	for i, sp := range cfg.Scenarios {
		res, err := scenario.Generate(sp.ID, scenario.Env{Org: o, Seed: cfg.Seed, Index: i, From: cfg.From, To: to, Params: sp.Params})
		if err != nil {
			return nil, nil, err
		}
		tr.Scenarios = append(tr.Scenarios, res.Truth)
		sum.Scenarios = append(sum.Scenarios, sp.ID)
		sources = append(sources, stream.NewEvents(res.Events))
	}
	for _, s := range activity.Sources(w) {
		sources = append(sources, s)
	}
	m, err := newMeter(opts, sum)
	if err != nil {
		return nil, nil, fmt.Errorf("generate: %w", err)
	}
	if err := stream.Merge(ctx, sources, sink, m.each); err != nil {
		return nil, nil, fmt.Errorf("generate: %w", err)
	}
	m.flush(to)
	return tr, sum, nil
}

// meter counts events per dataset for the summary, the metrics and the
// progress callback.
type meter struct {
	opts     Options
	sum      *Summary
	counts   [len8]int64
	other    int64
	vec      *prometheus.CounterVec
	counters [len8]prometheus.Counter
	reported [len8]int64
}

// len8 is the number of datasets.
const len8 = 8

func newMeter(opts Options, sum *Summary) (*meter, error) {
	m := &meter{opts: opts, sum: sum}
	if opts.Registerer != nil {
		vec, err := metrics.CounterVec(opts.Registerer, "generator", "events_total", "Events generated, by dataset.", "dataset")
		if err != nil {
			return nil, err
		}
		for i, ds := range event.Datasets[:len8] {
			m.counters[i] = vec.WithLabelValues(ds)
		}
		m.vec = vec
	}
	return m, nil
}

func (m *meter) each(e *event.Event) {
	switch e.Dataset() {
	case event.DatasetSSH:
		m.counts[0]++
	case event.DatasetWindows:
		m.counts[1]++
	case event.DatasetVPN:
		m.counts[2]++
	case event.DatasetSSO:
		m.counts[3]++
	case event.DatasetFlow:
		m.counts[4]++
	case event.DatasetDNS:
		m.counts[5]++
	case event.DatasetProxy:
		m.counts[6]++
	case event.DatasetFirewall:
		m.counts[7]++
	default:
		m.other++
	}
	m.sum.Events++
	if m.sum.Events&0x1fff == 0 {
		m.report(e.Time())
	}
}

func (m *meter) report(at time.Time) {
	if m.vec != nil {
		for i, n := range m.counts {
			m.counters[i].Add(float64(n - m.reported[i]))
			m.reported[i] = n
		}
	}
	if m.opts.Progress != nil {
		m.opts.Progress(m.sum.Events, at)
	}
}

func (m *meter) flush(end time.Time) {
	m.report(end)
	for i, n := range m.counts {
		if n > 0 {
			m.sum.ByDataset[event.Datasets[i]] = n
		}
	}
	if m.other > 0 {
		m.sum.ByDataset["other"] = m.other
	}
}
