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

	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/activity"
	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/internal/duration"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/replay"
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
	f.StringVar(&o.esNamespace, "es-namespace", "default", "with --es-url: the namespace of the data streams (logs-<dataset>-<namespace>) and of soclab-alerts-<namespace>")
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

// runGenerate describes the run the flags ask for (the generator's
// config; with --es-url the rules whose alerts go to the cluster too) and
// its outputs, makes it with replay.Run, and prints what it wrote.
func runGenerate(ctx context.Context, o *generateOptions, stderr io.Writer) error {
	if !o.realtime && o.speed != 1 {
		return usageErrorf("--speed needs --realtime")
	}
	if o.realtime && !(o.speed > 0) {
		return fmt.Errorf("invalid --speed %v: must be above 0", o.speed)
	}
	var spec replay.Spec
	var err error
	if o.lab != "" {
		var cleanup func()
		spec, cleanup, err = o.labSpec()
		defer cleanup()
	} else {
		spec, err = o.spec()
	}
	if err != nil {
		return err
	}
	if err := iofile.CheckOutputs(append(o.es.inputs(), labInput(o.lab), iofile.Out("--out", o.out), iofile.Out("--truth", o.truth), iofile.Out("--pcap", o.pcap))...); err != nil {
		return err
	}
	outs := replay.Outputs{Events: o.out, Truth: o.truth, PCAP: o.pcap}
	if stdouts(outs.Events, outs.Truth, outs.PCAP) > 1 {
		return usageErrorf("only one of --out, --truth and --pcap can be - (stdout)")
	}
	if o.realtime {
		spec.Speed = o.speed
	}
	es, err := o.es.connectIfSet(ctx)
	if err != nil {
		return err
	}
	if es == nil {
		spec.Rules = nil // the rules only raise the alerts sent to Elasticsearch
	} else {
		ns, err := elastic.Namespace(o.esNamespace)
		if err != nil {
			return usageErrorf("--es-namespace: %v", err)
		}
		if spec.Rules == nil {
			if spec.Rules, err = detectors.Bundled(); err != nil {
				return err
			}
		}
		outs.ES = &replay.ESOutput{Client: es, Namespace: ns, DeadLetter: deadLetterBeside(o.out, ns)}
	}
	ms, err := startMetrics(o.metricsAddr)
	if err != nil {
		return err
	}
	defer ms.Stop()
	var bar *progress
	started := false
	opts := replay.Options{Registerer: ms.Registerer(), Progress: func(p replay.Progress) {
		if !started {
			bar, started = newProgress(o.quiet, int64(p.To.Sub(p.From)/time.Second), "generating"), true
		}
		bar.Set(int64(p.At.Sub(p.From) / time.Second))
	}}
	res, err := replay.Run(ctx, spec, outs, opts)
	bar.Done()
	if res == nil {
		return writeError(err)
	}
	if !o.quiet {
		printSummary(stderr, o, res)
	}
	if res.ES != nil {
		printIngest(stderr, res.ES.Namespace, res.ES.Stats)
		fmt.Fprintf(stderr, "%d alerts sent to %s\n", res.ES.Alerts, elastic.AlertsIndex(res.ES.Namespace))
	}
	return err // Elasticsearch's failure, reported once the files are committed
}

// stdouts counts the paths that are - (standard output).
func stdouts(paths ...string) int {
	n := 0
	for _, p := range paths {
		if p == iofile.Stdio {
			n++
		}
	}
	return n
}

// writeError says that a write error is one.
func writeError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot write output: %w", err)
	}
	return err
}

// spec turns the flags into the run of a generator.Config.
func (o *generateOptions) spec() (replay.Spec, error) {
	cfg, err := o.config()
	return replay.Spec{Config: &cfg}, err
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

// labSpec is the run of --lab's instance of --seed: its generator
// configuration, and the rules and pipelines the lab runs; the lab fixes
// the organisation, window and activity, so the flags that shape them
// conflict with it.
func (o *generateOptions) labSpec() (replay.Spec, func(), error) {
	none := func() {}
	for _, f := range []struct {
		set  bool
		name string
	}{{len(o.scenarios) > 0, "--scenario"}, {len(o.decoys) > 0, "--decoy"}, {o.from != "", "--from"}, {o.durationSet, "--duration"}, {o.users != 0, "--users"}, {o.hosts != 0, "--hosts"}, {len(o.rates) > 0, "--rate"}} {
		if f.set {
			return replay.Spec{}, none, usageErrorf("%s cannot be combined with --lab: the lab defines it", f.name)
		}
	}
	lab, err := labs.Find(o.lab)
	if err != nil {
		return replay.Spec{}, none, err
	}
	// A recorded lab's ground truth is the instructor's truth file, which
	// generate never writes.
	if lab.IsRecorded() && o.truth != "" {
		return replay.Spec{}, none, usageErrorf("--truth: lab %s replays recorded events: its ground truth is the instructor's truth file, not a generated one", lab.ID)
	}
	return lab.ReplaySpec(o.seed)
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

// parseRates reads --rate dataset=X flags; a dataset is its full or short
// name ("dns" stands for "zeek.dns"; event.ResolveDataset, with a "did you
// mean" for a typo).
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
		ds, err := activity.ResolveDataset(name)
		if err != nil {
			return nil, fmt.Errorf("invalid --rate %q: %w", f, err)
		}
		rates[ds] = x
	}
	return rates, nil
}

// printSummary reports what the run wrote.
func printSummary(w io.Writer, o *generateOptions, res *replay.Result) {
	sum := res.Summary
	names := make([]string, 0, len(sum.ByDataset))
	for ds := range sum.ByDataset {
		names = append(names, ds)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%d events (%s) written to %s\n", sum.Events, humanize.IBytes(uint64(res.Bytes)), o.out)
	for _, ds := range names {
		fmt.Fprintf(w, "  %-16s %9d\n", ds, sum.ByDataset[ds])
	}
	if len(sum.Scenarios) > 0 {
		fmt.Fprintf(w, "injected: %s\n", strings.Join(sum.Scenarios, ", "))
	}
	if o.truth != "" {
		fmt.Fprintf(w, "truth written to %s\n", o.truth)
	}
	if o.pcap != "" {
		fmt.Fprintf(w, "%d packets written to %s\n", res.Packets, o.pcap)
	}
}
