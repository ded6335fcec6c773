package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/internal/duration"
	"github.com/soclab/soclab/internal/metrics"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/store/elastic"
)

// generateOptions are the flags of soclab generate.
type generateOptions struct {
	scenarios, decoys []string
	seed              int64
	from, duration    string
	users, hosts      int
	rates             []string
	out, truth, pcap  string
	realtime          bool
	speed             float64
	quiet             bool
	metricsAddr       string
	lab               string
	durationSet       bool
	es                esFlags
	esNamespace       string
}

func (o *generateOptions) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&o.lab, "lab", "", "generate a lab's instance (bundled lab id or lab file): its organisation, window, rates, scenarios and decoys")
	f.StringArrayVar(&o.scenarios, "scenario", nil, "attack scenario to inject (repeatable; see the catalogue below)")
	f.StringArrayVar(&o.decoys, "decoy", nil, "benign look-alike to inject (repeatable)")
	f.Int64Var(&o.seed, "seed", 0, "seed: the same seed gives the same bytes (required)")
	f.StringVar(&o.from, "from", "", "start of the window, RFC 3339 (default 2026-03-02T00:00:00Z, a Monday)")
	f.StringVar(&o.duration, "duration", "24h", "length of the window: Go duration (90m, 36h) or days (3d)")
	f.IntVar(&o.users, "users", 0, "accounts in the organisation (default 200)")
	f.IntVar(&o.hosts, "hosts", 0, "machines in the organisation (default about 1.25 per user)")
	f.StringArrayVar(&o.rates, "rate", nil, "scale a dataset's background activity: dataset=X, e.g. dns=0.5 or soclab.firewall=0 (repeatable)")
	f.StringVarP(&o.out, "out", "o", "", "events as NDJSON: FILE (.gz and .zst compress) or - for stdout (required)")
	f.StringVar(&o.truth, "truth", "", "write the ground truth as JSON to FILE")
	f.StringVar(&o.pcap, "pcap", "", "write the packets behind the network events to FILE (pcap)")
	f.BoolVar(&o.realtime, "realtime", false, "replay in real time: events are held back and re-stamped so the window ends when the replay does")
	f.Float64Var(&o.speed, "speed", 1, "with --realtime: simulated seconds per real second")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar and no summary")
	f.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics on ADDR (e.g. :9108) while generating")
	o.es.AddFlags(f)
	f.StringVar(&o.esNamespace, "es-namespace", "default", "with --es-url: the namespace of the data streams (logs-soclab.<dataset>-<namespace>) and of soclab-alerts-<namespace>")
	c.MarkFlagRequired("seed")
	c.MarkFlagRequired("out")
}

func newGenerateCommand() *cobra.Command {
	o := &generateOptions{}
	c := &cobra.Command{
		Use:   "generate (--lab LAB | [--scenario ID]... [--decoy ID]...) --seed N --out FILE|- [flags]",
		Short: "Generate a dataset: ECS events, ground truth and packets",
		Long: "generate builds the synthetic organisation of the seed, replays a window of its benign\n" +
			"telemetry (eight datasets) with the attack scenarios and decoys asked for, and writes the\n" +
			"events as NDJSON in time order, the ground truth as JSON and, on request, a pcap.\n" +
			"Outputs appear only when everything succeeded.\n\n" + catalogueHelp() +
			"\nExit status: 0 done, 1 bad input or a failed write (no output is left), 2 usage error.",
		Example: "  soclab generate --scenario ssh-bruteforce --seed 7 --out events.ndjson --truth truth.json\n" +
			"  soclab generate --lab ssh-bruteforce-101 --seed 7 --out events.ndjson --truth truth.json\n" +
			"  soclab generate --seed 7 --duration 72h --users 500 --rate dns=0.5 --out events.ndjson.zst\n" +
			"  soclab generate --scenario c2-beacon --decoy updater-beacon --seed 3 --out - --pcap capture.pcap\n" +
			"  soclab generate --seed 1 --duration 1h --out - --realtime --speed 60",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			o.durationSet = c.Flags().Changed("duration")
			return runGenerate(c.Context(), o, c.ErrOrStderr())
		},
	}
	o.addFlags(c)
	return c
}

// catalogueHelp lists the scenarios and decoys for --help.
func catalogueHelp() string {
	var b strings.Builder
	for _, kind := range []string{truth.KindAttack, truth.KindDecoy} {
		flag := "--scenario"
		if kind == truth.KindDecoy {
			flag = "--decoy"
		}
		fmt.Fprintf(&b, "%s:\n", flag)
		for _, in := range scenario.Catalogue() {
			if in.Kind == kind {
				fmt.Fprintf(&b, "  %-22s %s\n", in.ID, in.Summary)
			}
		}
	}
	return b.String()
}

func runGenerate(ctx context.Context, o *generateOptions, stderr io.Writer) error {
	if !o.realtime && o.speed != 1 {
		return usageErrorf("--speed needs --realtime")
	}
	var cfg generator.Config
	var rules []*sigma.Rule     // what --es-url's detectors run
	var dopts detectors.Options // and how they compile (the lab's pipelines)
	var err error
	if o.lab != "" {
		cfg, rules, dopts, err = o.labConfig()
	} else {
		cfg, err = o.config()
	}
	if err != nil {
		return err
	}
	if err := iofile.CheckOutputs(append(o.es.inputs(), labInput(o.lab), iofile.Out("--out", o.out), iofile.Out("--truth", o.truth), iofile.Out("--pcap", o.pcap))...); err != nil {
		return err
	}
	// The pacer and the progress bar need the window the generator will
	// use, defaults filled in (a zero --from would pace from year 1).
	if cfg, err = cfg.Normalize(); err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	es, err := o.es.connectIfSet(ctx)
	if err != nil {
		return err
	}
	if es != nil && o.lab == "" {
		if rules, err = detectors.Bundled(); err != nil {
			return err
		}
	}
	ms, err := startMetrics(o.metricsAddr)
	if err != nil {
		return err
	}
	defer ms.Stop()
	outs, err := openOutputs(o)
	if err != nil {
		return err
	}
	defer outs.abort()
	written, err := newByteCounter(outs.events, ms.Registerer())
	if err != nil {
		return err
	}
	ndjson := event.NewWriter(written)
	sinks := event.Tee{ndjson}
	var pw *pcap.Writer
	if outs.pcap != nil {
		if pw, err = pcap.NewWriter(outs.pcap); err != nil {
			return fmt.Errorf("%s: %w", o.pcap, err)
		}
		sinks = append(sinks, pw)
	}
	var ess *esStream
	if es != nil {
		ns, err := elastic.Namespace(o.esNamespace)
		if err != nil {
			return usageErrorf("--es-namespace: %v", err)
		}
		if ess, err = newESStream(ctx, es, ns, rules, dopts, deadLetterBeside(o.out, ns), ms.Registerer(), stderr); err != nil {
			return err
		}
		sinks = append(sinks, ess)
	}
	var sink event.Sink = sinks
	if o.realtime {
		if sink, err = generator.NewPacer(ctx, sinks, cfg.From, cfg.From.Add(cfg.Duration), o.speed, nil); err != nil {
			return err
		}
	}
	bar := newProgress(o.quiet, int64(cfg.Duration/time.Second), "generating")
	opts := generator.Options{Registerer: ms.Registerer(), Progress: func(_ int64, at time.Time) {
		bar.Set(int64(at.Sub(cfg.From) / time.Second))
	}}
	tr, sum, err := generator.RunSummary(ctx, cfg, sink, opts)
	bar.Done()
	if err != nil {
		return writeError(err, o)
	}
	if err := sink.Close(); err != nil {
		return writeError(err, o)
	}
	if err := outs.commit(tr); err != nil {
		return err
	}
	if !o.quiet {
		printSummary(stderr, o, sum, pw, written.n)
	}
	if ess != nil {
		return ess.report()
	}
	return nil
}

// writeError names the output a write error came from when it is one.
func writeError(err error, o *generateOptions) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot write output: %w", err)
	}
	return err
}

// config turns the flags into a generator.Config.
func (o *generateOptions) config() (generator.Config, error) {
	cfg := generator.Config{Seed: o.seed, Users: o.users, Hosts: o.hosts}
	if o.from != "" {
		t, err := time.Parse(time.RFC3339, o.from)
		if err != nil {
			return cfg, fmt.Errorf("invalid --from %q: want RFC 3339 like 2026-03-02T00:00:00Z", o.from)
		}
		cfg.From = t
	}
	d, err := duration.Parse(o.duration)
	if err != nil {
		return cfg, fmt.Errorf("invalid --duration %q: want a duration like 90m, 24h or 3d", o.duration)
	}
	cfg.Duration = d
	if cfg.Rates, err = parseRates(o.rates); err != nil {
		return cfg, err
	}
	for _, id := range o.scenarios {
		if err := checkKind(id, truth.KindAttack); err != nil {
			return cfg, err
		}
		cfg.Scenarios = append(cfg.Scenarios, generator.ScenarioSpec{ID: id})
	}
	for _, id := range o.decoys {
		if err := checkKind(id, truth.KindDecoy); err != nil {
			return cfg, err
		}
		cfg.Scenarios = append(cfg.Scenarios, generator.ScenarioSpec{ID: id})
	}
	return cfg, nil
}

// labConfig is the generator configuration of --lab's instance of --seed
// and the rules the lab runs; the lab fixes the organisation, window and
// activity, so the flags that shape them conflict with it.
func (o *generateOptions) labConfig() (generator.Config, []*sigma.Rule, detectors.Options, error) {
	for _, f := range []struct {
		set  bool
		name string
	}{{len(o.scenarios) > 0, "--scenario"}, {len(o.decoys) > 0, "--decoy"}, {o.from != "", "--from"}, {o.durationSet, "--duration"}, {o.users != 0, "--users"}, {o.hosts != 0, "--hosts"}, {len(o.rates) > 0, "--rate"}} {
		if f.set {
			return generator.Config{}, nil, detectors.Options{}, usageErrorf("%s cannot be combined with --lab: the lab defines it", f.name)
		}
	}
	lab, err := labs.Find(o.lab)
	if err != nil {
		return generator.Config{}, nil, detectors.Options{}, err
	}
	rules, err := lab.RulePack()
	if err != nil {
		return generator.Config{}, nil, detectors.Options{}, err
	}
	dopts, err := lab.DetectorOptions()
	if err != nil {
		return generator.Config{}, nil, detectors.Options{}, err
	}
	cfg, err := labs.GeneratorConfig(lab, o.seed)
	return cfg, rules, dopts, err
}

// checkKind checks that id exists and is an attack (--scenario) or a decoy
// (--decoy).
func checkKind(id, kind string) error {
	in, err := scenario.Lookup(id)
	if err != nil {
		return err
	}
	if in.Kind != kind {
		if kind == truth.KindAttack {
			return fmt.Errorf("%q is a decoy: ask for it with --decoy", id)
		}
		return fmt.Errorf("%q is an attack scenario: ask for it with --scenario", id)
	}
	return nil
}

// parseRates reads --rate dataset=X flags; "dns" stands for "soclab.dns".
func parseRates(flags []string) (map[string]float64, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	rates := map[string]float64{}
	for _, f := range flags {
		name, val, ok := strings.Cut(f, "=")
		x, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("invalid --rate %q: want dataset=X, e.g. dns=0.5", f)
		}
		name = strings.TrimSpace(name)
		if !strings.HasPrefix(name, "soclab.") {
			name = "soclab." + name
		}
		rates[name] = x
	}
	return rates, nil
}

// outputs are the files of one run, all committed at the end or none.
type outputs struct {
	events, truth, pcap *iofile.File
	committed           []string
}

func openOutputs(o *generateOptions) (*outputs, error) {
	paths := []string{o.out, o.truth, o.pcap}
	stdouts := 0
	for _, p := range paths {
		if p == iofile.Stdio {
			stdouts++
		}
	}
	if stdouts > 1 {
		return nil, usageErrorf("only one of --out, --truth and --pcap can be - (stdout)")
	}
	outs := &outputs{}
	var err error
	if outs.events, err = iofile.Create(o.out); err != nil {
		return nil, err
	}
	if o.truth != "" {
		if outs.truth, err = iofile.Create(o.truth); err != nil {
			outs.abort()
			return nil, err
		}
	}
	if o.pcap != "" {
		if outs.pcap, err = iofile.Create(o.pcap); err != nil {
			outs.abort()
			return nil, err
		}
	}
	return outs, nil
}

// commit writes the truth and commits every output; when one fails, those
// already committed are removed too.
func (outs *outputs) commit(tr *truth.Truth) error {
	if outs.truth != nil {
		if err := tr.Write(outs.truth); err != nil {
			return fmt.Errorf("cannot write %s: %w", outs.truth.Path(), err)
		}
	}
	for _, f := range []*iofile.File{outs.events, outs.pcap, outs.truth} {
		if f == nil {
			continue
		}
		if err := f.Commit(); err != nil {
			for _, p := range outs.committed {
				os.Remove(p)
			}
			outs.committed = nil
			return err
		}
		if !f.InPlace() {
			outs.committed = append(outs.committed, f.Path())
		}
	}
	return nil
}

// abort discards every output not yet committed.
func (outs *outputs) abort() {
	for _, f := range []*iofile.File{outs.events, outs.truth, outs.pcap} {
		if f != nil {
			f.Abort()
		}
	}
}

// byteCounter counts the bytes of NDJSON written, for the summary and the
// soclab_generate_bytes_written_total metric.
type byteCounter struct {
	w   io.Writer
	n   int64
	ctr prometheus.Counter
}

func newByteCounter(w io.Writer, reg prometheus.Registerer) (*byteCounter, error) {
	c := &byteCounter{w: w}
	if reg != nil {
		ctr, err := metrics.Counter(reg, "generate", "bytes_written_total", "Bytes of NDJSON written (before compression).")
		if err != nil {
			return nil, err
		}
		c.ctr = ctr
	}
	return c, nil
}

func (c *byteCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if c.ctr != nil {
		c.ctr.Add(float64(n))
	}
	return n, err
}

func printSummary(w io.Writer, o *generateOptions, sum *generator.Summary, pw *pcap.Writer, bytes int64) {
	names := make([]string, 0, len(sum.ByDataset))
	for ds := range sum.ByDataset {
		names = append(names, ds)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%d events (%s) written to %s\n", sum.Events, humanBytes(bytes), o.out)
	for _, ds := range names {
		fmt.Fprintf(w, "  %-16s %9d\n", ds, sum.ByDataset[ds])
	}
	if len(sum.Scenarios) > 0 {
		fmt.Fprintf(w, "injected: %s\n", strings.Join(sum.Scenarios, ", "))
	}
	if o.truth != "" {
		fmt.Fprintf(w, "truth written to %s\n", o.truth)
	}
	if pw != nil {
		fmt.Fprintf(w, "%d packets written to %s\n", pw.Packets(), o.pcap)
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
