package report

import (
	"regexp"
	"strings"
)

// SectionID names one of the nine sections of an L1 report.
type SectionID string

// The sections of an L1 report, in the order of docs/grading.md
// ("report.md") and of the workspace's template.
const (
	Summary         SectionID = "summary"
	Classification  SectionID = "classification"
	Timeline        SectionID = "timeline"
	Assets          SectionID = "affected_assets"
	IOCs            SectionID = "iocs"
	Analysis        SectionID = "analysis"
	Impact          SectionID = "impact"
	Recommendations SectionID = "recommendations"
	Escalation      SectionID = "escalation"
)

// Required lists the sections every report must have, in order.
var Required = []SectionID{Summary, Classification, Timeline, Assets, IOCs, Analysis, Impact, Recommendations, Escalation}

var titles = map[SectionID]string{
	Summary: "Summary", Classification: "Classification", Timeline: "Timeline",
	Assets: "Affected Assets", IOCs: "Indicators of Compromise", Analysis: "Analysis",
	Impact: "Impact", Recommendations: "Recommendations", Escalation: "Escalation",
}

// Title is the section's heading as the template writes it.
func (id SectionID) Title() string { return titles[id] }

// Synonyms are the headings (normalized: lower case, no numbering or
// punctuation) that name each section. A heading names a section when it
// equals, starts with or contains one of them as whole words; the earliest
// match in the heading wins.
var Synonyms = map[SectionID][]string{
	Summary:         {"summary", "executive summary", "incident summary", "overview", "synopsis", "tl dr", "tldr"},
	Classification:  {"classification", "categorization", "categorisation", "verdict", "triage decision"},
	Timeline:        {"timeline", "time line", "chronology", "sequence of events", "events timeline"},
	Assets:          {"affected assets", "affected hosts", "affected systems", "affected users", "affected accounts", "affected entities", "impacted assets", "impacted hosts", "impacted systems", "assets", "scope"},
	IOCs:            {"indicators of compromise", "iocs", "ioc", "indicators", "observables", "artifacts", "artefacts"},
	Analysis:        {"analysis", "investigation", "evidence", "findings", "technical details", "details"},
	Impact:          {"impact", "business impact", "impact assessment", "damage"},
	Recommendations: {"recommendations", "recommendation", "recommended actions", "next steps", "actions", "remediation", "containment", "mitigation", "response actions", "response"},
	Escalation:      {"escalation", "escalate", "escalation decision", "handover", "hand off", "handoff"},
}

var (
	numberingRE = regexp.MustCompile(`^(section\s+)?(\d+(\.\d+)*|[ivx]+|[a-h])[.):\-]?\s+`)
	nonWordRE   = regexp.MustCompile(`[^a-z0-9]+`)
)

// normalizeHeading lower-cases a heading and drops its numbering and
// punctuation: "3) Time-line:" → "time line".
func normalizeHeading(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.Trim(h, "*_` ")
	h = numberingRE.ReplaceAllString(h, "")
	h = nonWordRE.ReplaceAllString(h, " ")
	return strings.TrimSpace(h)
}

// MatchHeading returns the section a heading names, or "" for none.
func MatchHeading(heading string) SectionID {
	h := " " + normalizeHeading(heading) + " "
	best, bestAt := SectionID(""), len(h)+1
	for _, id := range Required {
		for _, syn := range Synonyms[id] {
			if at := strings.Index(h, " "+syn+" "); at >= 0 && at < bestAt {
				best, bestAt = id, at
			}
		}
	}
	return best
}
