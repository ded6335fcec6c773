package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/grader/cohort"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs/instance"
)

// gradeCohortOptions are the flags of soclab grade-cohort.
type gradeCohortOptions struct {
	lab         string
	secretFile  string
	submissions string
	out         string
	junit       string
	failUnder   float64
	workers     int
	quiet       bool
}

func newGradeCohortCommand() *cobra.Command {
	o := &gradeCohortOptions{}
	c := &cobra.Command{
		Use:   "grade-cohort --lab LAB --secret-file F --submissions DIR --out DIR [--junit FILE] [--fail-under N]",
		Short: "Grade every trainee of a cohort (instructors, CI)",
		Long: "grade-cohort grades each folder of --submissions (named after the trainee id, holding\n" +
			"triage.yaml and report.md) against that trainee's own instance of the lab, derived from the\n" +
			"instructor's secret, in parallel. Into --out it writes results.json, results.csv, report.md and\n" +
			"report.html (per-criterion cohort statistics, the skills the cohort lacks, a score histogram and\n" +
			"criterion charts as SVG) and feedback/<trainee>.txt to hand back; --junit writes JUnit XML with\n" +
			"one test case per trainee, failed under the lab's pass mark. A missing or malformed submission\n" +
			"is that trainee's failed case with the reason; it does not stop the run. Same inputs, same bytes.\n" +
			"Every other entry of --submissions is listed with the reason it is not graded: files, links to\n" +
			"folders outside it, folders whose name is not a trainee id, names starting with '.' or '_',\n" +
			"labs/ (lab files), and --out itself when it lies inside. Links to folders inside are graded.\n" +
			"No output may overwrite the secret, the lab file or a trainee's folder.\n\n" +
			"Exit status: 0 all graded (whatever the scores), 1 bad input or, with --fail-under N, some\n" +
			"trainee scored under N (an ungraded one counts as 0), 2 usage error.",
		Example: "  soclab grade-cohort --lab ssh-bruteforce-101 --secret-file course.secret \\\n" +
			"      --submissions submissions/ --out results/ --junit results/junit.xml\n" +
			"  soclab grade-cohort --lab labs/my-lab.yaml --secret-file course.secret --submissions . --out out --fail-under 70",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runGradeCohort(c, o) },
	}
	f := c.Flags()
	f.StringVar(&o.lab, "lab", "", "a bundled lab id or a lab file (required)")
	f.StringVar(&o.secretFile, "secret-file", "", "the instructor's secret file (required)")
	f.StringVar(&o.submissions, "submissions", "", "the folder with one folder per trainee (required)")
	f.StringVarP(&o.out, "out", "o", "", "the folder for the reports (required)")
	f.StringVar(&o.junit, "junit", "", "also write JUnit XML to FILE")
	f.Float64Var(&o.failUnder, "fail-under", -1, "exit 1 when any trainee scores under N")
	f.IntVar(&o.workers, "workers", 0, "parallel gradings (default: one per CPU)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar")
	for _, name := range []string{"lab", "secret-file", "submissions", "out"} {
		c.MarkFlagRequired(name)
	}
	return c
}

func runGradeCohort(c *cobra.Command, o *gradeCohortOptions) error {
	lab, secret, err := labAndSecret(o.lab, o.secretFile)
	if err != nil {
		return err
	}
	defer batchGC()()
	ids, err := checkCohortPaths(o)
	if err != nil {
		return err
	}
	bar := newProgress(o.quiet, int64(len(ids)), "grading")
	res, err := cohort.Run(c.Context(), cohort.Options{
		Lab:         lab.ID,
		Submissions: o.submissions,
		Skip:        []string{o.out, o.junit},
		Workers:     o.workers,
		KeyFor: func(ctx context.Context, trainee string) (*instance.Key, error) {
			who, err := instance.TraineeOf(secret, lab, trainee)
			if err != nil {
				return nil, err
			}
			return instance.ComputeKey(ctx, lab, who.Seed)
		},
		Progress: func(done, _ int) { bar.Set(int64(done)) },
	})
	bar.Done()
	if err != nil {
		return err
	}
	if err := res.Write(o.out, o.junit); err != nil {
		return err
	}
	for _, e := range res.Others {
		fmt.Fprintf(c.OutOrStdout(), "not graded: %s\n", e)
	}
	s := res.Stats
	fmt.Fprintf(c.OutOrStdout(), "graded %d of %d trainees: %d passed, %d not gradable; mean %v; reports in %s\n",
		s.Graded, s.Trainees, s.Passed, s.Invalid, s.Mean, o.out)
	if o.failUnder >= 0 {
		under := 0
		for i := range res.Trainees {
			if res.Trainees[i].Score() < o.failUnder {
				under++
			}
		}
		if under > 0 {
			return fmt.Errorf("%d trainee(s) scored under --fail-under %v", under, o.failUnder)
		}
	}
	return nil
}

// checkCohortPaths lists the trainees of --submissions and refuses an
// output that would overwrite the secret or the lab, or land in a trainee's
// folder; --out may lie inside --submissions (it is then not graded) but
// may not be it.
func checkCohortPaths(o *gradeCohortOptions) ([]string, error) {
	ids, _, err := cohort.Scan(o.submissions, o.out, o.junit)
	if err != nil {
		return nil, err
	}
	paths := []iofile.Path{labInput(o.lab), iofile.In("--secret-file", o.secretFile), iofile.In("--submissions", o.submissions),
		iofile.OutDir("--out", o.out), iofile.Out("--junit", o.junit)}
	for _, id := range ids {
		paths = append(paths, iofile.KeepDir("trainee folder", filepath.Join(o.submissions, id)))
	}
	for _, name := range cohort.OutputFiles(ids) {
		paths = append(paths, iofile.Out("--out", filepath.Join(o.out, name)))
	}
	return ids, iofile.CheckOutputs(paths...)
}

// cohortGCPercent is the garbage collector's target during grade-cohort.
// Each answer key allocates about 11 MB that dies with the key while the
// live heap stays near 12 MB, so at the default (100) the collector runs
// every few milliseconds; at 200 the cohort takes ~10% less CPU for ~20 MB
// more peak memory (higher targets gain nothing more).
const cohortGCPercent = 200

// batchGC sets cohortGCPercent unless the user chose GOGC, and returns the
// function that restores the previous setting.
func batchGC() (restore func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	old := debug.SetGCPercent(cohortGCPercent)
	return func() { debug.SetGCPercent(old) }
}
