package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

func newLabCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "lab",
		Short: "Browse, check and start labs",
		Long: "A lab is a YAML file: the organisation, the time window, the attacks and decoys, the rules,\n" +
			"and what a good triage and L1 report say. soclab embeds a set of labs from beginner to\n" +
			"advanced; instructors can write their own (see docs/labs.md).",
		Example: "  soclab lab list\n  soclab lab show ssh-bruteforce-101\n  soclab lab validate my-labs/*.yaml\n  soclab lab start ssh-bruteforce-101",
	}
	c.AddCommand(newLabListCommand(), newLabShowCommand(), newLabValidateCommand(), newLabStartCommand(), newLabSchemaCommand())
	return c
}

// labSummary is one lab as lab list --json prints it.
type labSummary struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Difficulty string   `json:"difficulty"`
	Minutes    int      `json:"minutes"`
	Techniques []string `json:"techniques"`
	Objectives []string `json:"objectives"`
	Users      int      `json:"users"`
	Hours      float64  `json:"hours"`
	PCAP       bool     `json:"pcap"`
}

func summarize(l *labs.Lab) labSummary {
	return labSummary{ID: l.ID, Title: l.Title, Summary: strings.TrimSpace(l.Summary), Difficulty: l.Difficulty,
		Minutes: l.Minutes, Techniques: nonNilStrings(l.Techniques), Objectives: nonNilStrings(l.Objectives),
		Users: l.Org.Users, Hours: l.Window.Duration.D().Hours(), PCAP: l.PCAP}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func newLabListCommand() *cobra.Command {
	var asJSON bool
	var dir string
	c := &cobra.Command{
		Use:     "list [--json] [--dir FOLDER]",
		Short:   "List the bundled labs (or the labs of a folder)",
		Example: "  soclab lab list\n  soclab lab list --json | jq -r '.[].id'\n  soclab lab list --dir course/labs",
		Args:    exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			all, err := listLabs(dir)
			if err != nil {
				return err
			}
			if asJSON {
				return printLabsJSON(c.OutOrStdout(), all)
			}
			return printLabsTable(c.OutOrStdout(), all)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&dir, "dir", "", "list the labs of this folder instead of the bundled ones")
	return c
}

func listLabs(dir string) ([]*labs.Lab, error) {
	if dir != "" {
		return labs.LoadDir(dir)
	}
	return labs.Bundled()
}

func printLabsJSON(w io.Writer, all []*labs.Lab) error {
	out := make([]labSummary, len(all))
	for i, l := range all {
		out[i] = summarize(l)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func printLabsTable(w io.Writer, all []*labs.Lab) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDIFFICULTY\tMINUTES\tTITLE")
	for _, l := range all {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", l.ID, l.Difficulty, l.Minutes, l.Title)
	}
	return tw.Flush()
}

func newLabShowCommand() *cobra.Command {
	var asYAML bool
	c := &cobra.Command{
		Use:   "show LAB",
		Short: "Describe a lab: objectives, techniques, size and window",
		Long: "show describes a bundled lab (by id) or a lab file (by path). With --yaml it prints the lab\n" +
			"file itself, scenarios and expected answers included (for instructors).",
		Example: "  soclab lab show ssh-bruteforce-101\n  soclab lab show my-labs/phish.yaml --yaml",
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := labs.Find(args[0])
			if err != nil {
				return err
			}
			if asYAML {
				_, err := c.OutOrStdout().Write(l.Source())
				return err
			}
			printLab(c.OutOrStdout(), l)
			return nil
		},
	}
	c.Flags().BoolVar(&asYAML, "yaml", false, "print the lab file itself (instructors)")
	return c
}

func printLab(w io.Writer, l *labs.Lab) {
	fmt.Fprintf(w, "%s: %s\n\n", l.ID, l.Title)
	fmt.Fprintf(w, "%s\n\n", strings.TrimSpace(l.Summary))
	fmt.Fprintf(w, "difficulty:  %s (about %d minutes)\n", l.Difficulty, l.Minutes)
	fmt.Fprintf(w, "techniques:  %s\n", strings.Join(l.Techniques, ", "))
	switch {
	case l.HasBackground():
		fmt.Fprintf(w, "events:      %s (%s)\n", labs.RecordedBesideData, strings.Join(l.Recorded.Events, ", "))
		fmt.Fprintf(w, "organisation: about %d accounts\n", l.Org.Users)
	case l.IsRecorded():
		fmt.Fprintf(w, "events:      %s (%s)\n", labs.RecordedSameData, strings.Join(l.Recorded.Events, ", "))
	default:
		fmt.Fprintf(w, "organisation: about %d accounts\n", l.Org.Users)
	}
	fmt.Fprintf(w, "window:      %s, %s\n", l.Window.Start().Format(time.RFC3339), l.Window.Duration.D())
	fmt.Fprintf(w, "capture:     %v\n", map[bool]string{true: "capture.pcap included", false: "no packet capture"}[l.PCAP || l.HasRecordedPCAP()])
	fmt.Fprintf(w, "pass mark:   %v\n\nobjectives:\n", l.EffectivePassMark())
	for _, o := range l.Objectives {
		fmt.Fprintf(w, "  - %s\n", o)
	}
	fmt.Fprintf(w, "\nstart it:    soclab lab start %s\n", l.ID)
}

func newLabValidateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE|FOLDER...",
		Short: "Check lab files and print every problem",
		Long: "validate loads each lab file (or every *.yaml of a folder) with its briefing and rule files and\n" +
			"prints every problem on its own line as file:line:column: field: message, with a suggestion\n" +
			"for misspelt keys and scenario ids.\n\nExit status: 0 all valid, 1 any problem, 2 usage error.",
		Example: "  soclab lab validate my-lab.yaml\n  soclab lab validate course/labs/",
		Args:    minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runLabValidate(c.OutOrStdout(), c.ErrOrStderr(), args)
		},
	}
}

func runLabValidate(stdout, stderr io.Writer, paths []string) error {
	problems, files := 0, 0
	for _, p := range paths {
		found, err := validatePath(p)
		files += found
		var list labs.ErrorList
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				fmt.Fprintln(stderr, e)
			}
			problems += len(list)
		case err != nil:
			fmt.Fprintln(stderr, err)
			problems++
		default:
			fmt.Fprintf(stdout, "ok %s (%d lab(s))\n", p, found)
		}
	}
	if problems > 0 {
		return fmt.Errorf("%d problem(s) in %s", problems, strings.Join(paths, " "))
	}
	return nil
}

// validatePath loads a lab file or every lab of a folder.
func validatePath(p string) (int, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", p, errors.Unwrap(err))
	}
	if fi.IsDir() {
		all, err := labs.LoadDir(p)
		return len(all), err
	}
	_, err = labs.Load(p)
	return 1, err
}

func newLabSchemaCommand() *cobra.Command {
	var truth bool
	c := &cobra.Command{
		Use:     "schema [--truth]",
		Short:   "Print the JSON Schema of lab files (or of recorded labs' truth files), for editors",
		Example: "  soclab lab schema > lab.schema.json\n  soclab lab schema --truth > truth.schema.json",
		Args:    exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			schema := labs.Schema()
			if truth {
				schema = labs.TruthSchema()
			}
			_, err := c.OutOrStdout().Write(schema)
			return err
		},
	}
	c.Flags().BoolVar(&truth, "truth", false, "the truth file's schema (labs over recorded data)")
	return c
}

// instanceFlags are the flags that choose an instance: --seed, or
// --trainee with --secret-file.
type instanceFlags struct {
	seed       int64
	trainee    string
	secretFile string
}

func (f *instanceFlags) add(c *cobra.Command, seedDefault string) {
	c.Flags().Int64Var(&f.seed, "seed", 1, "the instance's seed (self-study)"+seedDefault)
	c.Flags().StringVar(&f.trainee, "trainee", "", "the trainee id (with --secret-file): the seed derives from the instructor's secret")
	c.Flags().StringVar(&f.secretFile, "secret-file", "", "the instructor's secret file (with --trainee)")
}

// who resolves the flags into an instance of lab.
func (f *instanceFlags) who(c *cobra.Command, lab *labs.Lab, seedRequired bool) (instance.Who, error) {
	seedSet := c.Flags().Changed("seed")
	switch {
	case f.trainee != "" && seedSet:
		return instance.Who{}, usageErrorf("give --seed or --trainee, not both")
	case f.trainee != "" && f.secretFile == "":
		return instance.Who{}, usageErrorf("--trainee needs --secret-file")
	case f.trainee == "" && f.secretFile != "":
		return instance.Who{}, usageErrorf("--secret-file needs --trainee")
	case f.trainee != "":
		secret, err := readSecretFile(f.secretFile)
		if err != nil {
			return instance.Who{}, err
		}
		return instance.TraineeOf(secret, lab, f.trainee)
	case seedRequired && !seedSet:
		return instance.Who{}, usageErrorf("give --seed N, or --trainee ID with --secret-file F")
	}
	return instance.SelfStudy(f.seed), nil
}

// labStartOptions are the flags of soclab lab start.
type labStartOptions struct {
	inst        instanceFlags
	dir         string
	force       bool
	quiet       bool
	metricsAddr string
	es          esFlags
}

func newLabStartCommand() *cobra.Command {
	o := &labStartOptions{}
	c := &cobra.Command{
		Use:   "start LAB [--seed N | --trainee ID --secret-file F] [--dir DIR] [--force]",
		Short: "Make a workspace for one instance of a lab",
		Long: "start generates the lab's events for one instance (a seed, or a trainee's seed derived from the\n" +
			"instructor's secret), runs the lab's rules over them, and writes a workspace: BRIEFING.md, the\n" +
			"events (events.ndjson and a column store for soclab query), alerts.ndjson, capture.pcap when the\n" +
			"lab has one, triage.yaml and report.md to fill in, and instance.json. It refuses a folder that is\n" +
			"not empty unless --force is given, and never replaces a folder that is not a soclab workspace.\n" +
			"--force never deletes your work: your own files (notes, a filled triage.yaml or report.md) are\n" +
			"copied into the new workspace when it is the same instance; otherwise the earlier workspace is\n" +
			"moved aside to DIR.old-N.\n" +
			"The workspace appears only when complete. With --es-url (or SOCLAB_ES_URL) the events and alerts\n" +
			"also go to Elasticsearch, namespace <trainee> or <lab>-<seed>; the workspace is written in full.\n\n" +
			"Exit status: 0 done, 1 bad lab or folder, or documents Elasticsearch did not take, 2 usage error.",
		Example: "  soclab lab start ssh-bruteforce-101\n" +
			"  soclab lab start ssh-bruteforce-101 --seed 42 --dir ~/labs/bf42\n" +
			"  soclab lab start phish-to-exfil-301 --trainee jdoe --secret-file course.secret --dir jdoe",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return runLabStart(c, o, args[0]) },
	}
	o.inst.add(c, " (default 1)")
	c.Flags().StringVar(&o.dir, "dir", "", "the workspace folder (default ./<lab id>)")
	c.Flags().BoolVar(&o.force, "force", false, "replace an existing workspace in --dir, keeping your own files (see --help)")
	c.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar and no next steps")
	c.Flags().StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics on ADDR while generating")
	o.es.AddFlags(c.Flags())
	return c
}

func runLabStart(c *cobra.Command, o *labStartOptions, ref string) error {
	lab, err := labs.Find(ref)
	if err != nil {
		return err
	}
	who, err := o.inst.who(c, lab, false)
	if err != nil {
		return err
	}
	dir := o.dir
	if dir == "" {
		dir = lab.ID
	}
	if err := iofile.CheckOutputs(append(o.es.inputs(), labInput(ref), iofile.In("--secret-file", o.inst.secretFile), iofile.ReplaceDir("--dir", dir))...); err != nil {
		return err
	}
	es, err := o.es.connectIfSet(c.Context())
	if err != nil {
		return err
	}
	m, err := startMetrics(o.metricsAddr)
	if err != nil {
		return err
	}
	defer m.Stop()
	bar := newProgress(o.quiet, lab.Window.Duration.D().Milliseconds(), "generating")
	from := lab.Window.Start()
	in, err := instance.Start(c.Context(), lab, who, instance.StartOptions{
		Dir: dir, Force: o.force, Registerer: m.Registerer(), Kept: printKept(c.ErrOrStderr(), dir),
		Progress: func(_ int64, at time.Time) { bar.Set(at.Sub(from).Milliseconds()) },
	})
	bar.Done()
	if err != nil {
		return err
	}
	if es != nil {
		ns, err := workspaceNamespace(in, who)
		if err != nil {
			return err
		}
		if err := ingestWorkspace(c.Context(), es, dir, ns, m.Registerer(), c.OutOrStdout()); err != nil {
			return err
		}
	}
	if !o.quiet {
		printNextSteps(c.OutOrStdout(), dir, in)
	}
	return nil
}

// printKept tells the trainee what --force kept of their earlier work.
func printKept(w io.Writer, dir string) func(instance.Kept) {
	return func(k instance.Kept) {
		if k.Carried {
			fmt.Fprintf(w, "soclab: kept your own files in %s: %s\n", dir, strings.Join(k.Work, ", "))
			return
		}
		fmt.Fprintf(w, "soclab: your earlier workspace (with %s) is now %s\n", strings.Join(k.Work, ", "), k.MovedTo)
	}
}

func printNextSteps(w io.Writer, dir string, in *instance.Info) {
	fmt.Fprintf(w, "workspace %s ready: lab %s, %d events, %d alerts\n\n", dir, in.Lab, in.Events, in.Alerts)
	fmt.Fprintf(w, "next:\n")
	fmt.Fprintf(w, "  1. read %s/BRIEFING.md\n", dir)
	fmt.Fprintf(w, "  2. cd %s && soclab query 'FROM logs-* | STATS COUNT(*) BY event.dataset'\n", dir)
	fmt.Fprintf(w, "  3. triage every alert in triage.yaml and write report.md\n")
	if in.Mode == instance.ModeSelfStudy {
		fmt.Fprintf(w, "  4. soclab submit (in %s) to see your grade\n", dir)
	} else {
		fmt.Fprintf(w, "  4. hand in triage.yaml and report.md as your instructor asks (or run soclab submit)\n")
	}
}
