package console

import (
	"fmt"
	"time"

	"github.com/soclab/soclab/grader/report"
)

// Lint is what the grader will read from a report, without the answer key:
// which of the nine sections it recognised, and the verdict, severity,
// techniques, indicators, timeline times and escalation it found.
type Lint struct {
	Sections   []LintSection   `json:"sections"`
	Verdicts   []string        `json:"verdicts"`
	Severities []string        `json:"severities"`
	Category   string          `json:"category"`
	Techniques []string        `json:"techniques"`
	Indicators []LintIndicator `json:"indicators"`
	Timeline   []LintTime      `json:"timeline"`
	Escalate   *bool           `json:"escalate"`
	// Problems are what would cost points whatever the answer: a missing
	// or template-only section, no verdict or several, no time in the
	// timeline.
	Problems []string `json:"problems"`
}

// LintSection is one required section and how the grader sees it.
type LintSection struct {
	ID      string `json:"id"`
	Heading string `json:"heading,omitempty"` // as written; empty when missing
	Line    int    `json:"line,omitempty"`
	Status  string `json:"status"` // "ok", "template" (only template text) or "missing"
	Lines   int    `json:"lines"`
}

// LintIndicator is one indicator read from the IOC section.
type LintIndicator struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Line  int    `json:"line"`
}

// LintTime is one timeline row with the time the grader read from it.
type LintTime struct {
	Time string `json:"time"` // RFC 3339, UTC
	Text string `json:"text"`
	Line int    `json:"line"`
}

// LintReport parses report data as the grader does, for a lab window.
func LintReport(data []byte, file string, from, to time.Time) (*Lint, error) {
	r, err := report.Parse(data, report.Options{File: file, From: from, To: to})
	if err != nil {
		return nil, err
	}
	l := &Lint{Verdicts: nonNil(r.Verdicts()), Severities: nonNil(r.Severities()), Techniques: nonNil(r.Techniques()),
		Escalate: r.Escalate(), Indicators: []LintIndicator{}, Timeline: []LintTime{}, Problems: []string{}}
	if r.Section(report.Classification) != nil {
		l.Category = r.Category()
	}
	for _, id := range report.Required {
		l.Sections = append(l.Sections, lintSection(r, id))
	}
	for _, in := range r.Indicators() {
		l.Indicators = append(l.Indicators, LintIndicator{Type: in.Type, Value: in.Value, Line: in.Line})
	}
	for _, e := range r.Timeline() {
		l.Timeline = append(l.Timeline, LintTime{Time: e.At.UTC().Format(time.RFC3339), Text: e.Text, Line: e.Line})
	}
	l.Problems = problems(l)
	return l, nil
}

func lintSection(r *report.Report, id report.SectionID) LintSection {
	sec := r.Section(id)
	ls := LintSection{ID: string(id), Status: "missing"}
	if sec == nil {
		return ls
	}
	ls.Heading, ls.Line, ls.Lines = sec.Heading, sec.Line, len(sec.Lines)
	ls.Status = "ok"
	if sec.Empty() {
		ls.Status = "template"
	}
	return ls
}

func problems(l *Lint) []string {
	out := []string{}
	for _, s := range l.Sections {
		switch s.Status {
		case "missing":
			out = append(out, fmt.Sprintf("section %s: missing (no heading the grader recognises)", s.ID))
		case "template":
			out = append(out, fmt.Sprintf("section %s (line %d): only template text so far", s.ID, s.Line))
		}
	}
	switch n := len(l.Verdicts); {
	case n == 0:
		out = append(out, "classification: no verdict found (true_positive, false_positive or benign_positive)")
	case n > 1:
		out = append(out, fmt.Sprintf("classification: %d verdicts stated; state exactly one", n))
	}
	if len(l.Severities) == 0 {
		out = append(out, "classification: no severity found (low, medium, high or critical)")
	}
	if len(l.Timeline) == 0 {
		out = append(out, "timeline: no row with a time the grader can read")
	}
	if l.Escalate == nil {
		out = append(out, "escalation: no decision found (say whether you escalate to L2)")
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
