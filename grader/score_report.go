package grader

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs/instance"
)

// noReport is the result of a report criterion when no report was handed in.
func noReport(res *result) {
	res.say("no report.md was handed in", Miss{"report:missing", "handed in no report"})
}

func scoreSections(_ *instance.Key, sub *Submission) result {
	res := result{applicable: true}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	done := 0
	for _, id := range report.Required {
		s := sub.Report.Section(id)
		switch {
		case s == nil:
			res.say(fmt.Sprintf("section %q is missing; give it a heading of its own", id.Title()), Miss{"section:" + string(id), "left out the " + id.Title() + " section"})
		case s.Empty():
			res.say(fmt.Sprintf("section %q still holds only the template's text", id.Title()), Miss{"section:" + string(id), "left out the " + id.Title() + " section"})
		default:
			done++
		}
	}
	res.frac = float64(done) / float64(len(report.Required))
	return res
}

func scoreClassification(key *instance.Key, sub *Submission) result {
	res := result{applicable: true}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	r, want := sub.Report, key.Report
	var earned, total float64
	part := func(w, frac float64) { total += w; earned += w * frac }

	if want.Verdict != "" {
		part(2, oneOf(&res, r.Verdicts(), want.Verdict, "verdict", "true positive, false positive or benign positive"))
	}
	if want.Severity != "" {
		sev := r.Severities()
		frac := oneOf(&res, sev, want.Severity, "severity", "low, medium, high or critical")
		if frac == 0 && len(sev) == 1 && near(sev[0], want.Severity) {
			frac = 0.5
		}
		part(1, frac)
	}
	if len(want.Techniques) > 0 {
		frac, missing, extra := techniqueOverlap(want.Techniques, want.Accepted, r.Techniques())
		if missing > 0 {
			res.say("classification: ATT&CK techniques that the evidence shows are missing", Miss{"classification:techniques", "missed ATT&CK techniques in the report"})
		}
		if extra > 0 {
			res.say(fmt.Sprintf("classification: %d technique id(s) do not fit this incident; list only what the evidence shows", extra))
		}
		part(2, frac)
	}
	if want.Category != "" {
		frac := 0.0
		if categoryMatches(r.Category(), want.Category) {
			frac = 1
		} else {
			res.say("classification: the category does not name the kind of incident", Miss{"classification:category", "named the wrong incident category"})
		}
		part(1, frac)
	}
	if total > 0 {
		res.frac = earned / total
	}
	return res
}

// oneOf scores a stated value: 1 when exactly one value is stated and it is
// right; feedback otherwise (wrong values write their direction nowhere).
func oneOf(res *result, got []string, want, what, choices string) float64 {
	switch {
	case len(got) == 0:
		res.say(fmt.Sprintf("classification: no %s found; state it as one of %s", what, choices), Miss{"classification:" + what, "stated no or a wrong report " + what})
	case len(got) > 1:
		res.say(fmt.Sprintf("classification: several %ss stated (%s); state exactly one", what, strings.Join(got, ", ")), Miss{"classification:" + what, "stated no or a wrong report " + what})
	case got[0] != want:
		if what == "severity" {
			dir := "too low"
			if severityRank(got[0]) > severityRank(want) {
				dir = "too high"
			}
			res.say(fmt.Sprintf("classification: severity %s is %s for this incident's impact", got[0], dir), Miss{"classification:severity", "stated no or a wrong report severity"})
		} else {
			res.say(fmt.Sprintf("classification: the %s %q does not fit the evidence", what, human(got[0])), Miss{"classification:" + what, "stated no or a wrong report " + what})
		}
	default:
		return 1
	}
	return 0
}

func near(a, b string) bool {
	d := severityRank(a) - severityRank(b)
	return severityRank(a) >= 0 && (d == 1 || d == -1)
}

var wordsRE = regexp.MustCompile(`[a-z0-9]+`)

// categoryMatches reports whether the stated category names the key's: at
// least half the significant words (longer than 3 letters) of the key's
// category appear, stemmed.
func categoryMatches(stated, want string) bool {
	have := map[string]bool{}
	for _, w := range wordsRE.FindAllString(strings.ToLower(stated), -1) {
		have[stem(w)] = true
	}
	n, found := 0, 0
	for _, w := range wordsRE.FindAllString(strings.ToLower(want), -1) {
		if len(w) > 3 {
			n++
			if have[stem(w)] {
				found++
			}
		}
	}
	return n == 0 || 2*found >= n
}

// stem drops common English endings so that "brute-forcing" matches
// "brute force" and "movements" "movement".
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return strings.TrimSuffix(w, "e")
}

func scoreReportEscalation(key *instance.Key, sub *Submission) result {
	res := result{applicable: true}
	if sub.Report == nil {
		noReport(&res)
		return res
	}
	got := sub.Report.Escalate()
	switch {
	case got == nil:
		res.say("escalation: no decision found; say whether you escalate to L2, and why", Miss{"escalation:report", "made no or a wrong escalation decision"})
	case *got != key.Report.Escalate:
		res.say("escalation: the decision does not fit what you found; weigh the severity and whether the attacker got in", Miss{"escalation:report", "made no or a wrong escalation decision"})
	default:
		res.frac = 1
	}
	return res
}
