package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// assignOptions are the flags of soclab assign.
type assignOptions struct {
	lab        string
	secretFile string
	roster     string
	out        string
	force      bool
	quiet      bool
	es         esFlags
}

func newAssignCommand() *cobra.Command {
	o := &assignOptions{}
	c := &cobra.Command{
		Use:   "assign --lab LAB --secret-file F --roster roster.csv --out DIR",
		Short: "Make one workspace per trainee of a roster (instructors)",
		Long: "assign reads a roster (CSV with a header line id,name,email) and makes each trainee's workspace\n" +
			"in DIR/<id>, with the trainee's own instance: a seed derived from the secret, the lab id and the\n" +
			"trainee id, so that trainees get different addresses, names and times. The roster is checked\n" +
			"first: a bad row stops everything, reported with its line. Workspaces hold no seed and no key.\n" +
			"With --es-url each trainee's events and alerts also go to Elasticsearch, namespace <id>.\n\n" +
			"Exit status: 0 done, 1 bad lab, roster, secret or folder, 2 usage error.",
		Example: "  head -c 32 /dev/urandom | base64 > course.secret\n" +
			"  soclab assign --lab ssh-bruteforce-101 --secret-file course.secret --roster roster.csv --out cohort/",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runAssign(c, o) },
	}
	f := c.Flags()
	f.StringVar(&o.lab, "lab", "", "a bundled lab id or a lab file (required)")
	f.StringVar(&o.secretFile, "secret-file", "", "the instructor's secret file (required)")
	f.StringVar(&o.roster, "roster", "", "the roster CSV: id,name,email (required)")
	f.StringVar(&o.out, "out", "", "the folder that receives one workspace per trainee (required)")
	f.BoolVar(&o.force, "force", false, "replace existing workspaces, keeping the trainees' own files (as lab start --force)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	o.es.AddFlags(f)
	for _, name := range []string{"lab", "secret-file", "roster", "out"} {
		c.MarkFlagRequired(name)
	}
	return c
}

func runAssign(c *cobra.Command, o *assignOptions) error {
	lab, secret, err := labAndSecret(o.lab, o.secretFile)
	if err != nil {
		return err
	}
	trainees, err := readRosterFile(o.roster)
	if err != nil {
		return err
	}
	paths := append(o.es.inputs(), labInput(o.lab), iofile.In("--secret-file", o.secretFile), iofile.In("--roster", o.roster))
	for _, t := range trainees {
		paths = append(paths, iofile.ReplaceDir("--out", filepath.Join(o.out, t.ID)))
	}
	if err := iofile.CheckOutputs(paths...); err != nil {
		return err
	}
	es, err := o.es.connectIfSet(c.Context())
	if err != nil {
		return err
	}
	switch {
	case lab.HasBackground():
		fmt.Fprintf(c.ErrOrStderr(), "soclab: warning: lab %s is %s: trainees can compare answers about the recorded incident\n", lab.ID, labs.RecordedBesideData)
	case lab.IsRecorded():
		fmt.Fprintf(c.ErrOrStderr(), "soclab: warning: lab %s is over %s: trainees can compare answers\n", lab.ID, labs.RecordedSameData)
	}
	bar := newProgress(o.quiet, int64(len(trainees)), "workspaces")
	for i, t := range trainees {
		who, err := instance.TraineeOf(secret, lab, t.ID)
		if err != nil {
			return err
		}
		dir := filepath.Join(o.out, t.ID)
		start := time.Now()
		in, err := instance.Start(c.Context(), lab, who, instance.StartOptions{Dir: dir, Force: o.force, Kept: printKept(c.ErrOrStderr(), dir)})
		if err != nil {
			bar.Done()
			return fmt.Errorf("trainee %s: %w", t.ID, err)
		}
		if es != nil {
			ns, err := workspaceNamespace(in, who)
			if err == nil {
				err = ingestWorkspace(c.Context(), es, dir, ns, nil, c.OutOrStdout())
			}
			if err != nil {
				bar.Done()
				return fmt.Errorf("trainee %s: %w", t.ID, err)
			}
		}
		bar.Set(int64(i + 1))
		if !o.quiet && bar == nil {
			fmt.Fprintf(c.OutOrStdout(), "%s: %d events, %d alerts (%s)\n", dir, in.Events, in.Alerts, time.Since(start).Round(time.Millisecond))
		}
	}
	bar.Done()
	if !o.quiet {
		fmt.Fprintf(c.OutOrStdout(), "%d workspaces of lab %s in %s\n", len(trainees), lab.ID, o.out)
	}
	return nil
}
