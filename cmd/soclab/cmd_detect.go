package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/iofile"
)

// detectOptions are the flags of soclab detect.
type detectOptions struct {
	events       string
	rules        []string
	out          string
	placeholders []string
	workers      int
	quiet        bool
	metricsAddr  string
	pipes        pipelineFlags
	reorder      time.Duration
}

func (o *detectOptions) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.StringVarP(&o.events, "events", "e", "", "events as NDJSON: FILE (.gz/.zst) or - for stdin (required)")
	f.StringArrayVarP(&o.rules, "rules", "r", nil, "Sigma rule file or folder (repeatable; default: the bundled pack)")
	f.StringVarP(&o.out, "out", "o", "-", "alerts as NDJSON: FILE (.gz/.zst) or - for stdout")
	f.StringArrayVar(&o.placeholders, "placeholder", nil, "value of an expand placeholder: NAME=V1,V2 (repeatable)")
	f.IntVar(&o.workers, "workers", 0, "parallel decoders (default: one per CPU)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar and no summary")
	f.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics on ADDR (e.g. :9108) while detecting")
	f.DurationVar(&o.reorder, "reorder-window", detectors.DefaultReorderWindow, "how far out of time order events may arrive and still correlate in order (0: off)")
	o.pipes.addFlags(c)
	c.MarkFlagRequired("events")
}

func newDetectCommand() *cobra.Command {
	o := &detectOptions{}
	c := &cobra.Command{
		Use:   "detect --events FILE|- [--rules PATH]... [--out FILE|-]",
		Short: "Run Sigma rules over events and write alerts",
		Long: "detect evaluates Sigma detection and correlation rules (the bundled pack, or the files and\n" +
			"folders given with --rules) over a time-ordered NDJSON event stream and writes the alerts as\n" +
			"ECS documents (event.kind: alert), one per line, ordered by fire time. A summary of alerts per\n" +
			"rule goes to stderr. The output file appears only when the run succeeded.\n\n" +
			"Rules written in Sigma's taxonomy (EventID, c-useragent, query...) are read through processing\n" +
			"pipelines: the bundled ones map every soclab source to ECS; --pipeline adds your own, in order.\n" +
			"A rule field that is neither ECS, mapped nor declared custom is refused (--allow-unknown-fields\n" +
			"makes it a warning). Correlations tolerate events up to --reorder-window out of time order;\n" +
			"events later than that are counted and reported.\n\n" +
			"Exit status: 0 done, 1 bad rules or events (with file:line), 2 usage error.",
		Example: "  soclab detect --events events.ndjson --out alerts.ndjson\n" +
			"  soclab generate --seed 7 --scenario ssh-bruteforce --out - | soclab detect --events - --quiet\n" +
			"  soclab detect --events events.ndjson.zst --rules my-rules/ --rules extra.yml --out alerts.ndjson\n" +
			"  soclab detect --events events.ndjson --rules sigma/rules/windows/builtin/security --pipeline my-fields.yml",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runDetect(o, c.ErrOrStderr()) },
	}
	o.addFlags(c)
	return c
}

func parsePlaceholders(specs []string) (map[string][]string, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	out := map[string][]string{}
	for _, s := range specs {
		name, vals, ok := strings.Cut(s, "=")
		if !ok || name == "" || vals == "" {
			return nil, usageErrorf("--placeholder %q: want NAME=V1,V2", s)
		}
		out[strings.Trim(name, "%")] = append(out[strings.Trim(name, "%")], strings.Split(vals, ",")...)
	}
	return out, nil
}

func loadRules(paths []string) ([]*sigma.Rule, error) {
	if len(paths) == 0 {
		return detectors.Bundled()
	}
	return detectors.LoadPaths(paths)
}

func runDetect(o *detectOptions, stderr io.Writer) error {
	config, err := parsePlaceholders(o.placeholders)
	if err != nil {
		return err
	}
	rules, err := loadRules(o.rules)
	if err != nil {
		return err
	}
	opts, err := o.pipes.options()
	if err != nil {
		return err
	}
	ms, err := startMetrics(o.metricsAddr)
	if err != nil {
		return err
	}
	defer ms.Stop()
	if err := iofile.CheckOutputs(append(append(inputs("--rules", o.rules...), inputs("--pipeline", o.pipes.files()...)...), iofile.In("--events", o.events), iofile.Out("--out", o.out))...); err != nil {
		return err
	}
	in, err := iofile.Open(o.events)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := iofile.Create(o.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	w := event.NewWriter(out)
	var werr error
	opts.Config, opts.Registerer, opts.ReorderWindow = config, ms.Registerer(), reorderOption(o.reorder)
	opts.OnAlert = func(a *detectors.Alert) {
		if werr == nil {
			werr = w.Write(a.Event())
		}
	}
	eng, err := detectors.Compile(rules, opts)
	if err != nil {
		return err
	}
	printWarnings(stderr, eng.Warnings())
	bar := newProgress(o.quiet, -1, "detecting")
	n, err := detectors.Stream(in, inputName(o.events), eng, detectors.StreamOptions{Workers: o.workers, Progress: bar.Set})
	bar.Done()
	if err != nil {
		return err
	}
	if err := eng.Close(); err != nil {
		return err
	}
	printUnmatched(stderr, eng)
	if late, hits := eng.Late(); late > 0 {
		fmt.Fprintf(stderr, "warning: %d events arrived more than %s out of time order; %d matches reached correlations that late and may have been missed (raise --reorder-window)\n", late, o.reorder, hits)
	}
	if werr == nil {
		werr = w.Close()
	}
	if werr != nil {
		return fmt.Errorf("writing alerts: %w", werr)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if !o.quiet {
		printDetectSummary(stderr, n, w.Count, eng.Summary())
	}
	return nil
}

// reorderOption turns the flag (0: off) into Options.ReorderWindow (0:
// default, negative: off).
func reorderOption(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

// printUnmatched warns about events no rule's log source selected: a
// dataset the rules do not know raises no alert and no error otherwise.
func printUnmatched(w io.Writer, eng *detectors.Engine) {
	known := strings.Join(eng.Datasets(), ", ")
	for _, u := range eng.Unmatched() {
		what := fmt.Sprintf("events of dataset %q", u.Dataset)
		if u.Dataset == "" {
			what = "events without event.dataset"
		}
		fmt.Fprintf(w, "warning: %d %s match no rule's log source and were not evaluated (the rules read %s)\n", u.Events, what, known)
	}
}

func inputName(path string) string {
	if path == iofile.Stdio {
		return "stdin"
	}
	return path
}

func printDetectSummary(w io.Writer, events, alerts int64, rules []detectors.RuleCount) {
	fmt.Fprintf(w, "%d events, %d alerts\n", events, alerts)
	for _, r := range rules {
		if r.Alerts > 0 {
			fmt.Fprintf(w, "  %5d  %-8s  %s\n", r.Alerts, r.Level, r.Title)
		}
	}
}
