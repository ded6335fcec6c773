package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/grader"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// gradeOptions are the flags of soclab grade.
type gradeOptions struct {
	key       string
	lab       string
	inst      instanceFlags
	triage    string
	report    string
	format    string
	failUnder float64
}

func newGradeCommand() *cobra.Command {
	o := &gradeOptions{}
	c := &cobra.Command{
		Use:   "grade (--key FILE | --lab LAB (--seed N | --trainee ID --secret-file F)) --triage F --report F [--format text|json]",
		Short: "Grade one trainee's triage and L1 report",
		Long: "grade scores a triage.yaml and a report.md against the answer key of the lab instance:\n" +
			"a precomputed key (--key, from 'soclab key') or one computed from the lab and the seed or\n" +
			"trainee. It prints a feedback sheet (text) or the grade as JSON: the score out of 100, passed\n" +
			"or not against the lab's pass mark, and every criterion's points with feedback for each lost\n" +
			"point. See docs/grading.md for the criteria and weights.\n\n" +
			"Exit status: 0 graded (passed or not), 1 bad input (the file, line and field are named) or\n" +
			"a score under --fail-under, 2 usage error.",
		Example: "  soclab grade --key jdoe.key.json --triage triage.yaml --report report.md\n" +
			"  soclab grade --lab ssh-bruteforce-101 --seed 7 --triage ws/triage.yaml --report ws/report.md --format json\n" +
			"  soclab grade --lab ssh-bruteforce-101 --trainee jdoe --secret-file course.secret \\\n" +
			"      --triage jdoe/triage.yaml --report jdoe/report.md --fail-under 70",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runGrade(c, o) },
	}
	f := c.Flags()
	f.StringVar(&o.key, "key", "", "an answer key file (JSON from 'soclab key'), instead of --lab")
	f.StringVar(&o.lab, "lab", "", "a bundled lab id or a lab file, to compute the key")
	o.inst.add(c, "")
	f.StringVar(&o.triage, "triage", "triage.yaml", "the trainee's triage file")
	f.StringVar(&o.report, "report", "report.md", "the trainee's L1 report")
	f.StringVar(&o.format, "format", "text", "output: text (a feedback sheet) or json")
	f.Float64Var(&o.failUnder, "fail-under", -1, "exit 1 when the score is under N (for CI)")
	return c
}

func runGrade(c *cobra.Command, o *gradeOptions) error {
	if err := checkEitherFormat(o.format, "text"); err != nil {
		return err
	}
	key, trainee, err := gradeKey(c, o)
	if err != nil {
		return err
	}
	sub, err := grader.LoadSubmission(key, o.triage, o.report)
	if err != nil {
		return err
	}
	g := grader.Score(key, sub)
	if trainee != "" {
		g.ForTrainee(trainee)
	}
	if err := writeGrade(c.OutOrStdout(), g, o.format); err != nil {
		return err
	}
	if o.failUnder >= 0 && g.Score < o.failUnder {
		return fmt.Errorf("score %v is under --fail-under %v", g.Score, o.failUnder)
	}
	return nil
}

// gradeKey loads --key or computes the key of --lab's instance; it also
// returns the trainee id, if one was given.
func gradeKey(c *cobra.Command, o *gradeOptions) (*instance.Key, string, error) {
	instFlags := c.Flags().Changed("seed") || o.inst.trainee != "" || o.inst.secretFile != ""
	switch {
	case o.key != "" && (o.lab != "" || instFlags):
		return nil, "", usageErrorf("give --key, or --lab with --seed or --trainee, not both")
	case o.key != "":
		k, err := grader.LoadKey(o.key)
		return k, "", err
	case o.lab == "":
		return nil, "", usageErrorf("give --key FILE, or --lab LAB with --seed N or --trainee ID --secret-file F")
	}
	lab, err := labs.Find(o.lab)
	if err != nil {
		return nil, "", err
	}
	who, err := o.inst.who(c, lab, true)
	if err != nil {
		return nil, "", err
	}
	k, err := instance.ComputeKey(c.Context(), lab, who.Seed)
	return k, who.Trainee, err
}

func writeGrade(w io.Writer, g *grader.Grade, format string) error {
	if format == "json" {
		return g.WriteJSON(w)
	}
	return g.WriteText(w)
}
