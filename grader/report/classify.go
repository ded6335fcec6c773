package report

import (
	"regexp"
	"slices"
	"strings"
)

var (
	verdictRE       = regexp.MustCompile(`(?i)(\bnot\s+(?:an?\s+)?)?\b(true|false|benign)[\s_-]?positives?\b`)
	severityRE      = regexp.MustCompile(`(?i)\b(low|medium|moderate|high|critical)\b`)
	sevLabelRE      = regexp.MustCompile(`(?i)\b(severity|priority|criticality)\b`)
	categoryRE      = regexp.MustCompile(`(?i)\b(?:category|type|classification)\s*[:=-]\s*(.+)$`)
	escNoRE         = regexp.MustCompile(`(?i)(\b(no|not|don'?t|do not|does not|doesn'?t|won'?t|will not|shouldn'?t|should not|need not|no need to|without)\b[^.\n]{0,40}\bescalat)|(escalat\w*[^.\n]{0,30}\b(not|un)\s*(necessary|needed|required|warranted)\b)|(escalat[^\n.]*?[:=-]\s*(no|false|n)\b)|(^\s*(decision\s*[:=-]\s*)?(no|false)\b)`)
	escYesRE        = regexp.MustCompile(`(?i)(\bescalat(e|ed|ing|ion)\b)|(^\s*(decision\s*[:=-]\s*)?(yes|true)\b)|(\bl2\b)|(\btier[\s-]?2\b)`)
	categoryLabelRE = regexp.MustCompile(`(?i)^\s*(category|type|incident type)\s*$`)
	severityMap     = map[string]string{"moderate": "medium"}
)

// Verdicts returns the distinct verdicts the Classification section states
// (true_positive, false_positive, benign_positive), in order; a negated one
// ("not a false positive") is left out. A report should state exactly one.
func (r *Report) Verdicts() []string {
	var out []string
	for _, l := range r.Sections[Classification].lines() {
		for _, m := range verdictRE.FindAllStringSubmatch(l.Text, -1) {
			if m[1] != "" {
				continue
			}
			v := strings.ToLower(m[2]) + "_positive"
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// Severities returns the distinct severities (low, medium, high, critical)
// on the Classification section's severity line, or in the whole section
// when no line names the severity.
func (r *Report) Severities() []string {
	lines := r.Sections[Classification].lines()
	var labelled []Line
	for _, l := range lines {
		if sevLabelRE.MatchString(l.Text) {
			labelled = append(labelled, l)
		}
	}
	if len(labelled) > 0 {
		lines = labelled
	}
	var out []string
	for _, l := range lines {
		for _, m := range severityRE.FindAllString(l.Text, -1) {
			v := strings.ToLower(m)
			if s, ok := severityMap[v]; ok {
				v = s
			}
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// Category returns the text of the Classification section's category line
// (lower case), or the whole section's text when it has none.
func (r *Report) Category() string {
	s := r.Sections[Classification]
	for _, l := range s.lines() {
		if len(l.Cells) >= 2 && categoryLabelRE.MatchString(l.Cells[0]) {
			return strings.ToLower(strings.Join(l.Cells[1:], " "))
		}
		if m := categoryRE.FindStringSubmatch(l.Text); m != nil && !strings.Contains(strings.ToLower(l.Text), "positive") {
			return strings.ToLower(m[1])
		}
	}
	return strings.ToLower(s.Text())
}

// Techniques returns the ATT&CK ids of the Classification section, or of
// the whole report when that section names none.
func (r *Report) Techniques() []string {
	if t := Techniques(r.Text(Classification)); len(t) > 0 {
		return t
	}
	return Techniques(r.AllText())
}

// Escalate returns the Escalation section's decision: true (escalate to
// L2), false (no escalation), or nil when it states none. A negative
// statement wins over a positive one.
func (r *Report) Escalate() *bool {
	yes := false
	for _, l := range r.Sections[Escalation].lines() {
		if escNoRE.MatchString(l.Text) {
			f := false
			return &f
		}
		if escYesRE.MatchString(l.Text) {
			yes = true
		}
	}
	if yes {
		return &yes
	}
	return nil
}

func (s *Section) lines() []Line {
	if s == nil {
		return nil
	}
	return s.Lines
}
