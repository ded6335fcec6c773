package cohort

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/soclab/soclab/grader"
	"github.com/soclab/soclab/internal/printable"
)

// WriteCSV writes one row per trainee: id, score, passed, the triage and
// report points, each criterion's points, and the error of an ungraded
// submission. Text cells that a spreadsheet would run as a formula are
// prefixed with an apostrophe.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	ids := grader.CriterionIDs()
	header := append([]string{"trainee", "score", "passed", "triage", "report"}, ids...)
	if err := cw.Write(append(header, "error")); err != nil {
		return err
	}
	for i := range r.Trainees {
		t := &r.Trainees[i]
		row := []string{printable.CSVCell(t.ID)}
		if g := t.Grade; g != nil {
			row = append(row, num(g.Score), strconv.FormatBool(g.Passed), num(g.Triage.Score), num(g.Report.Score))
			for _, id := range ids {
				if c := g.Criterion(id); c != nil {
					row = append(row, num(c.Points))
				} else {
					row = append(row, "")
				}
			}
		} else {
			row = append(row, "0", "false", "", "")
			for range ids {
				row = append(row, "")
			}
		}
		if err := cw.Write(append(row, printable.CSVCell(t.Error))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
