package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/grader"
)

// submitOptions are the flags of soclab submit.
type submitOptions struct {
	dir    string
	format string
}

func newSubmitCommand() *cobra.Command {
	o := &submitOptions{}
	c := &cobra.Command{
		Use:   "submit [--dir WS] [--format text|json]",
		Short: "Self-study: grade the workspace's own triage and report",
		Long: "submit grades triage.yaml and report.md of a self-study workspace (made by 'soclab lab start\n" +
			"LAB --seed N') against the answer key of its instance and prints the feedback. Submit as often\n" +
			"as you like. A trainee workspace (made with --trainee) cannot grade itself: hand your files to\n" +
			"your instructor.\n\n" +
			"Exit status: 0 graded (passed or not), 1 bad input or not a self-study workspace, 2 usage error.",
		Example: "  soclab submit\n  soclab submit --dir ~/labs/ssh-101 --format json",
		Args:    exactArgs(0),
		RunE:    func(c *cobra.Command, _ []string) error { return runSubmit(c, o) },
	}
	c.Flags().StringVarP(&o.dir, "dir", "d", ".", "the workspace")
	c.Flags().StringVar(&o.format, "format", "text", "output: text (a feedback sheet) or json")
	return c
}

func runSubmit(c *cobra.Command, o *submitOptions) error {
	if err := checkEitherFormat(o.format, "text"); err != nil {
		return err
	}
	g, labChanged, err := grader.GradeWorkspace(c.Context(), o.dir)
	if err != nil {
		return err
	}
	if labChanged {
		fmt.Fprintf(c.ErrOrStderr(), "soclab: warning: lab %s changed since this workspace was made; the grade may not match its alerts\n", g.Lab)
	}
	return writeGrade(c.OutOrStdout(), g, o.format)
}
