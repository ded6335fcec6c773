package instance

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/labs"
)

// alertRow is one alert as the workspace lists it and the key judges it.
type alertRow struct {
	ID         string
	Rule       string
	Title      string
	Level      string
	Time       time.Time
	Techniques []string
	Events     []string
}

// TriageTemplate renders triage.yaml: one entry per alert with its id
// filled in and every answer left empty; the rule's title, time and level
// are YAML comments so that a parser sees only empty answers.
func triageTemplate(lab *labs.Lab, analyst string, alerts []alertRow) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# soclab triage: lab %s (%s)\n", lab.ID, oneLine(lab.Title))
	b.WriteString(`#
# One entry per alert. Investigate each, then fill in:
#   verdict:    true_positive | false_positive | benign_positive
#               (false_positive: the rule misfired, the activity is not what it looks for;
#                benign_positive: the rule was right about the activity, and it is authorised)
#   severity:   low | medium | high | critical
#   techniques: MITRE ATT&CK ids, e.g. [T1059.001]
#   escalate:   true or false (hand over to L2)
#   note:       one line of evidence behind your verdict
# Leave no entry empty: an untriaged alert scores zero.
`)
	fmt.Fprintf(&b, "analyst: %s\n", strconv.Quote(analyst))
	if len(alerts) == 0 {
		b.WriteString("alerts: []\n")
		return b.Bytes()
	}
	b.WriteString("alerts:\n")
	for _, a := range alerts {
		fmt.Fprintf(&b, "  # %s  level %s  %s\n", a.Time.UTC().Format("2006-01-02T15:04:05.000Z"), a.Level, oneLine(a.Title))
		fmt.Fprintf(&b, "  - id: %s\n", strconv.Quote(a.ID))
		b.WriteString("    verdict:\n    severity:\n    techniques: []\n    escalate:\n    note: \"\"\n")
	}
	return b.Bytes()
}

// oneLine keeps a title on one comment line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// reportSections are the nine sections of the L1 report and the guidance
// each one's template gives.
var reportSections = []struct{ title, guide, body string }{
	{"Summary", "What happened, when (UTC), to whom or what, and the impact, in three to five sentences a manager can read.", ""},
	{"Classification", "One line each: Verdict (true_positive, false_positive or benign_positive), Severity (low, medium, high or critical), Category (e.g. reconnaissance, brute_force, account_compromise, malware, command_and_control, lateral_movement, privilege_escalation, data_exfiltration, benign_activity) and Techniques (MITRE ATT&CK ids, e.g. T1046).", ""},
	{"Timeline", "The key moments in time order, one row each: the UTC time to the second as the events show it, and what happened.", "| Time (UTC) | Event |\n| --- | --- |\n"},
	{"Affected Assets", "The hosts, user accounts and internal ip addresses involved, and how each was affected.", ""},
	{"Indicators of Compromise", "One row per indicator: type (ip, domain, url, user, host, hash, email, user_agent), value, and why it matters. Do not list legitimate systems.", "| Type | Value | Context |\n| --- | --- | --- |\n"},
	{"Analysis", "The evidence behind your conclusions and the queries that showed it (paste the ES|QL).", ""},
	{"Impact", "What the attacker obtained or could obtain; what is at risk now.", ""},
	{"Recommendations", "Containment and remediation actions, most urgent first, as a list.", ""},
	{"Escalation", "Escalate to L2 or not, and why.", ""},
}

// reportTemplate renders report.md: the nine sections, each with guidance
// as an HTML comment and a _TODO_ placeholder line, which the grader treats
// as template text.
func reportTemplate(lab *labs.Lab, analyst string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# L1 incident report: %s\n\n", oneLine(lab.Title))
	fmt.Fprintf(&b, "<!-- Lab %s. Analyst: %s. Keep the section headings; replace each _TODO_ line with your own text. Times are UTC. -->\n", lab.ID, analystOrYou(analyst))
	for _, s := range reportSections {
		fmt.Fprintf(&b, "\n## %s\n\n<!-- %s -->\n\n_TODO_\n", s.title, s.guide)
		if s.body != "" {
			b.WriteString("\n" + s.body)
		}
	}
	return b.Bytes()
}

// SubmissionTemplates returns the untouched triage.yaml and report.md that
// a workspace of key's instance of lab gives its trainee: what a trainee
// who changed nothing hands in.
func SubmissionTemplates(lab *labs.Lab, key *Key) (triageYAML, reportMD []byte) {
	rows := make([]alertRow, len(key.Alerts))
	for i, a := range key.Alerts {
		rows[i] = alertRow{ID: a.ID, Rule: a.Rule, Title: a.Title, Level: a.Severity}
	}
	return triageTemplate(lab, "", rows), reportTemplate(lab, "")
}

func analystOrYou(a string) string {
	if a == "" {
		return "you"
	}
	return a
}
