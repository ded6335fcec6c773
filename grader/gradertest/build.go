package gradertest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// Mistakes are the errors Build puts into an otherwise perfect submission.
// Alert fields name an alert id; the zero value makes no mistake.
type Mistakes struct {
	MissTP            string // a true positive called a false positive
	FalseAlarm        string // a false or benign positive called a true positive
	Untriaged         string // an alert left out of triage.yaml
	AlertSeverity     string // an alert's severity one level off
	AlertEscalation   string // an alert's escalation decision flipped
	AlertTechniques   string // an alert's techniques left empty
	DecoyIOC          bool   // the first decoy listed as an IOC
	WrongIOC          bool   // an unrelated ip listed as an IOC
	DropIOC           bool   // the first key IOC left out
	HourOff           bool   // the second milestone written an hour late (local time)
	DropMilestone     int    // 1-based milestone left out of the timeline
	Unordered         bool   // the timeline rows reversed
	ReportSeverity    bool   // the report's severity one level off
	ReportVerdict     bool   // the report's verdict wrong
	WrongEscalation   bool   // the report's escalation decision flipped
	DropSection       report.SectionID
	DropAction        bool // the first recommended action left out
	DropAsset         bool // the first affected host left out
	Stuff             bool // keyword stuffing everywhere
	ExtraTechniques   bool // two unrelated techniques added to the report
	DefangedTimestamp bool // times written as "14:03:11 UTC" without a date
}

// Perfect returns the submission a model analyst would hand in.
func Perfect(key *instance.Key) (triageYAML, reportMD []byte) { return Build(key, Mistakes{}) }

// Build returns a submission with the given mistakes.
func Build(key *instance.Key, m Mistakes) (triageYAML, reportMD []byte) {
	return buildTriage(key, m), buildReport(key, m)
}

func buildTriage(key *instance.Key, m Mistakes) []byte {
	var b strings.Builder
	b.WriteString("analyst: trainee\nalerts:\n")
	for _, a := range key.Alerts {
		if a.ID == m.Untriaged {
			continue
		}
		verdict, sev, esc, techs := a.Verdict, a.Severity, a.Escalate, a.Techniques
		if a.ID == m.MissTP {
			verdict = labs.FalsePositive
		}
		if a.ID == m.FalseAlarm {
			verdict = labs.TruePositive
		}
		if a.ID == m.AlertSeverity {
			sev = offByOne(sev)
		}
		if a.ID == m.AlertEscalation {
			esc = !esc
		}
		if a.ID == m.AlertTechniques {
			techs = nil
		}
		if m.Stuff {
			techs = stuffedTechniques(30)
		}
		fmt.Fprintf(&b, "  - id: %s\n    verdict: %s\n    severity: %s\n    techniques: [%s]\n    escalate: %v\n    note: checked the events behind the alert\n",
			a.ID, verdict, sev, strings.Join(techs, ", "), esc)
	}
	return []byte(b.String())
}

func offByOne(sev string) string {
	i := slices.Index(labs.Severities, sev)
	if i < 0 {
		return "medium"
	}
	if i == len(labs.Severities)-1 {
		return labs.Severities[i-1]
	}
	return labs.Severities[i+1]
}

func stuffedTechniques(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("T%04d", 1001+i*7)
	}
	return out
}

func buildReport(key *instance.Key, m Mistakes) []byte {
	k := key.Report
	var b strings.Builder
	section := func(id report.SectionID, n int, body string) {
		if id == m.DropSection {
			return
		}
		fmt.Fprintf(&b, "## %d. %s\n\n%s\n", n, id.Title(), body)
	}
	b.WriteString("# L1 Incident Report\n\n")
	section(report.Summary, 1, "An incident of this kind: "+k.Category+". The timeline below gives the times; the indicators are listed in their own table.\n")

	verdict, sev := k.Verdict, k.Severity
	if m.ReportVerdict {
		verdict = labs.FalsePositive
		if k.Verdict == labs.FalsePositive {
			verdict = labs.TruePositive
		}
	}
	if m.ReportSeverity {
		sev = offByOne(sev)
	}
	techs := k.Techniques
	if m.ExtraTechniques {
		techs = append(slices.Clone(techs), "T1059.001", "T1566.001")
	}
	if m.Stuff {
		techs = append(slices.Clone(techs), stuffedTechniques(40)...)
	}
	section(report.Classification, 2, fmt.Sprintf("- **Verdict:** %s\n- **Severity:** %s\n- **Category:** %s\n- **MITRE ATT&CK:** %s\n",
		strings.ReplaceAll(verdict, "_", " "), sev, k.Category, strings.Join(techs, ", ")))

	section(report.Timeline, 3, timeline(key, m))
	section(report.Assets, 4, assets(key, m))
	section(report.IOCs, 5, iocs(key, m))
	section(report.Analysis, 6, "The alerts were checked against the raw events with queries over the source addresses and accounts involved.\n")
	section(report.Impact, 7, "One account and the hosts named above are affected; no other damage was seen.\n")
	section(report.Recommendations, 8, actions(key, m))

	esc := k.Escalate
	if m.WrongEscalation {
		esc = !esc
	}
	if esc {
		section(report.Escalation, 9, "Escalate to L2: yes, the attacker got in and needs containment.\n")
	} else {
		section(report.Escalation, 9, "No escalation to L2 is needed: the activity is explained and contained.\n")
	}
	return []byte(b.String())
}

func timeline(key *instance.Key, m Mistakes) string {
	var rows []string
	for i, ms := range key.Report.Milestones {
		if i+1 == m.DropMilestone {
			continue
		}
		t := ms.Time.UTC()
		if m.HourOff && i == 1 {
			t = t.Add(time.Hour)
		}
		ts := t.Format("2006-01-02T15:04:05Z")
		if m.DefangedTimestamp {
			ts = t.Format("15:04:05") + " UTC"
		}
		rows = append(rows, fmt.Sprintf("| %s | %s |", ts, ms.What))
	}
	if m.Unordered {
		slices.Reverse(rows)
	}
	if m.Stuff {
		day := key.Truth.From.UTC()
		for t := day; t.Before(day.Add(24 * time.Hour)); t = t.Add(5 * time.Minute) {
			rows = append(rows, fmt.Sprintf("| %s | activity seen |", t.Format("2006-01-02 15:04")))
		}
	}
	return "| Time (UTC) | What happened |\n| --- | --- |\n" + strings.Join(rows, "\n") + "\n"
}

func assets(key *instance.Key, m Mistakes) string {
	hosts := key.Report.Hosts
	if m.DropAsset && len(hosts) > 0 {
		hosts = hosts[1:]
	}
	s := fmt.Sprintf("- Hosts: %s\n- Users: %s\n", strings.Join(hosts, ", "), strings.Join(key.Report.Users, ", "))
	if m.Stuff {
		for _, sc := range key.Truth.Scenarios {
			s += fmt.Sprintf("- Also: %s %s\n", strings.Join(sc.Hosts, ", "), strings.Join(sc.Users, ", "))
		}
	}
	return s
}

func iocs(key *instance.Key, m Mistakes) string {
	var b strings.Builder
	b.WriteString("| Type | Value | Context |\n| --- | --- | --- |\n")
	for i, in := range key.Report.IOCs {
		if m.DropIOC && i == 0 {
			continue
		}
		v := in.Value
		if in.Type == "ip" || in.Type == "domain" {
			v = strings.Replace(v, ".", "[.]", 1)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", in.Type, v, strings.ReplaceAll(in.Role, "_", " "))
	}
	if m.DecoyIOC && len(key.Report.Decoys) > 0 {
		d := key.Report.Decoys[0]
		fmt.Fprintf(&b, "| %s | %s | suspicious |\n", d.Type, d.Value)
	}
	if m.WrongIOC {
		b.WriteString("| ip | 192.0.2.201 | seen in the logs |\n")
	}
	if m.Stuff {
		for i := range 60 {
			fmt.Fprintf(&b, "| ip | 10.9.%d.%d | seen |\n", i/10, i)
		}
		for _, d := range key.Report.Decoys {
			fmt.Fprintf(&b, "| %s | %s | seen |\n", d.Type, d.Value)
		}
	}
	return b.String()
}

func actions(key *instance.Key, m Mistakes) string {
	var b strings.Builder
	for i, a := range key.Report.Actions {
		if m.DropAction && i == 0 || len(a.Synonyms) == 0 {
			continue
		}
		fmt.Fprintf(&b, "- %s%s.\n", strings.ToUpper(a.Synonyms[0][:1]), a.Synonyms[0][1:])
	}
	if b.Len() == 0 {
		b.WriteString("Monitor the accounts involved.\n")
	}
	return b.String()
}

// Random picks a mix of mistakes, each with probability p, using alerts of
// key; with rng seeded the same it picks the same.
func Random(key *instance.Key, rng *rand.Rand, p float64) Mistakes {
	var m Mistakes
	pick := func(tp bool) string {
		var ids []string
		for _, a := range key.Alerts {
			if (a.Verdict == labs.TruePositive) == tp {
				ids = append(ids, a.ID)
			}
		}
		if len(ids) == 0 {
			return ""
		}
		return ids[rng.IntN(len(ids))]
	}
	coin := func() bool { return rng.Float64() < p }
	if coin() {
		m.MissTP = pick(true)
	}
	if coin() {
		m.FalseAlarm = pick(false)
	}
	if coin() {
		m.AlertSeverity = key.Alerts[rng.IntN(len(key.Alerts))].ID
	}
	if coin() {
		m.AlertEscalation = key.Alerts[rng.IntN(len(key.Alerts))].ID
	}
	m.DecoyIOC, m.WrongIOC, m.DropIOC = coin(), coin(), coin()
	m.HourOff, m.Unordered = coin(), coin()
	if coin() && len(key.Report.Milestones) > 0 {
		m.DropMilestone = 1 + rng.IntN(len(key.Report.Milestones))
	}
	// The verdict is wrong one time in four: two draws, the second only
	// when the first came up (the order of draws is the mistakes' seed).
	m.ReportSeverity = coin()
	verdict := coin()
	m.ReportVerdict = verdict && coin()
	m.WrongEscalation = coin()
	m.DropAction, m.DropAsset = coin(), coin()
	if coin() {
		m.DropSection = report.Required[rng.IntN(len(report.Required))]
	}
	return m
}
