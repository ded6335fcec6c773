package cohort

import (
	"fmt"
	"io"
	"strings"

	"github.com/soclab/soclab/internal/printable"
)

// Chart file names next to report.md.
const (
	HistogramFile = "histogram.svg"
	CriteriaFile  = "criteria.svg"
)

// WriteMarkdown writes the instructor's cohort report: totals, the score
// histogram and criteria charts (linked SVG files), per-criterion
// statistics, the skills the cohort lacks, every trainee's result, and the
// entries of the submissions folder that were not graded.
func (r *Result) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	s := &r.Stats
	fmt.Fprintf(&b, "# Cohort report: %s\n\n", r.Lab)
	fmt.Fprintf(&b, "%d trainees: %d graded, %d not gradable; %d passed (%s%%).\n\n", s.Trainees, s.Graded, s.Invalid, s.Passed, num(pct(s.Passed, s.Trainees)))
	if s.Graded > 0 {
		fmt.Fprintf(&b, "Scores: mean %s, median %s, min %s, max %s, standard deviation %s.\n\n", num(s.Mean), num(s.Median), num(s.Min), num(s.Max), num(s.StdDev))
	}
	fmt.Fprintf(&b, "![Score histogram](%s)\n\n## Criteria\n\n![Mean score per criterion](%s)\n\n", HistogramFile, CriteriaFile)
	b.WriteString("| Criterion | Mean points | Max | Mean % | Full marks |\n| --- | ---: | ---: | ---: | ---: |\n")
	for _, c := range s.Criteria {
		fmt.Fprintf(&b, "| %s | %s | %s | %s%% | %s%% |\n", c.Title, num(c.MeanPoints), num(c.Max), num(c.MeanPercent), num(c.FullMarks))
	}
	b.WriteString("\n## Skills the cohort lacks\n\n")
	if len(s.Gaps) == 0 {
		b.WriteString("Nothing: every graded trainee had full marks.\n")
	}
	for _, g := range s.Gaps {
		fmt.Fprintf(&b, "- %s%% %s (%d of %d)\n", num(g.Percent), g.Label, g.Count, s.Graded)
	}
	b.WriteString("\n## Trainees\n\n| Trainee | Score | Result | Triage | Report | Note |\n| --- | ---: | --- | ---: | ---: | --- |\n")
	for i := range r.Trainees {
		t := &r.Trainees[i]
		if t.Grade == nil {
			fmt.Fprintf(&b, "| %s | 0 | not graded | | | %s |\n", mdEscape(t.ID), mdEscape(firstLine(t.Error)))
			continue
		}
		g := t.Grade
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | |\n", mdEscape(t.ID), num(g.Score), passWord(g.Passed), num(g.Triage.Score), num(g.Report.Score))
	}
	if len(r.Others) > 0 {
		b.WriteString("\n## Entries not graded\n\n| Entry | Reason |\n| --- | --- |\n")
		for _, e := range r.Others {
			fmt.Fprintf(&b, "| %s | %s |\n", mdEscape(e.Name), mdEscape(e.Reason))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return round2(100 * float64(n) / float64(of))
}

func passWord(p bool) string {
	if p {
		return "passed"
	}
	return "failed"
}

func firstLine(s string) string {
	first, rest, _ := strings.Cut(s, "\n")
	if rest != "" {
		return first + " (and more)"
	}
	return first
}

// mdEscape makes untrusted text (a folder name, an error quoting a
// trainee's file) one line of literal Markdown: no link, HTML or cell.
func mdEscape(s string) string { return printable.Markdown(s) }
