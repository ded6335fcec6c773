package grader

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/soclab/soclab/internal/printable"
)

// Titles are the criteria's names on a feedback sheet.
var Titles = map[string]string{
	TriageVerdict:        "Alert verdicts",
	TriageSeverity:       "Alert severities",
	TriageTechniques:     "Alert ATT&CK techniques",
	TriageEscalation:     "Alert escalation decisions",
	ReportSections:       "Report sections",
	ReportClassification: "Classification",
	ReportIOCs:           "Indicators of compromise",
	ReportTimeline:       "Timeline",
	ReportAssets:         "Affected assets",
	ReportActions:        "Recommendations",
	ReportEscalation:     "Escalation decision",
}

// WriteText writes g as a feedback sheet a trainee reads: the score, the
// verdict against the pass mark, then each criterion with its points and
// what to improve.
func (g *Grade) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Lab %s", g.Lab)
	if g.Trainee == "" {
		fmt.Fprintf(&b, ", seed %d", g.Seed)
	}
	if g.Trainee != "" {
		fmt.Fprintf(&b, ", trainee %s", g.Trainee)
	}
	if g.Analyst != "" {
		fmt.Fprintf(&b, ", analyst %s", printable.OneLine(g.Analyst)) // a name cannot forge lines
	}
	result := "NOT PASSED"
	if g.Passed {
		result = "PASSED"
	}
	fmt.Fprintf(&b, "\n\nScore: %s / 100  %s (pass mark %s)\n", num(g.Score), result, num(g.PassMark))
	if len(g.Gates) > 0 {
		fmt.Fprintf(&b, "\nGrave errors: the criteria below add up to %s, and each gate that closed caps the score:\n", num(g.Points))
		for _, gate := range g.Gates {
			fmt.Fprintf(&b, "  ✗ %s\n", gate.Feedback)
		}
	}
	for _, part := range []struct {
		name string
		id   string
		p    Part
	}{{"Triage", PartTriage, g.Triage}, {"Report", PartReport, g.Report}} {
		if part.p.Max == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s: %s / %s\n", part.name, num(part.p.Score), num(part.p.Max))
		for _, c := range g.Criteria {
			if c.Part != part.id {
				continue
			}
			mark := "  "
			if c.Points < c.Max {
				mark = "✗ "
			}
			fmt.Fprintf(&b, "  %s%-28s %6s / %s\n", mark, Titles[c.ID], num(c.Points), num(c.Max))
			for _, f := range c.Feedback {
				fmt.Fprintf(&b, "      - %s\n", f)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// num prints a score with at most two decimals and no trailing zeros.
func num(x float64) string { return strconv.FormatFloat(round2(x), 'f', -1, 64) }
