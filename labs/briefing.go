package labs

import (
	"fmt"
	"hash/fnv"
	"strings"
	"text/template"
	"time"
)

// BriefingData is everything a briefing template may use: the instance's
// public face. It holds no ground truth by construction, so a briefing can
// never reveal an attacker's address, a user or a time of the attack.
type BriefingData struct {
	Lab        LabInfo
	Ticket     int // a ticket number for the briefing's heading
	Org        OrgInfo
	Trainee    string // empty in self-study
	From, To   time.Time
	Datasets   []DatasetCount // datasets with events, in a fixed order
	Alerts     int            // alerts in the workspace
	PCAP       bool           // whether capture.pcap is in the workspace
	Namespace  string         // the Elasticsearch namespace of the instance
	Objectives []string
}

// LabInfo is the lab as a briefing names it.
type LabInfo struct {
	ID, Title, Difficulty string
	Minutes               int
}

// OrgInfo is the organisation as the trainee knows it.
type OrgInfo struct {
	Name     string `json:"name"`      // "Northwind Traders"
	Domain   string `json:"domain"`    // "northwind-traders.example"
	ADDomain string `json:"ad_domain"` // "NORTHWINDTRADERS"
	Users    int    `json:"users"`
}

// DatasetCount is one dataset of the workspace and its number of events.
type DatasetCount struct {
	Name   string `json:"name"`
	Events int64  `json:"events"`
}

// briefingFuncs are the helpers a briefing template may call.
var briefingFuncs = template.FuncMap{
	// utc formats a time as "2026-03-02 00:00 UTC".
	"utc": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	// date formats a time as "Monday 2 March 2026".
	"date": func(t time.Time) string { return t.UTC().Format("Monday 2 January 2006") },
	// hours is the window's length in hours.
	"hours": func(from, to time.Time) int { return int(to.Sub(from).Hours()) },
}

// parseBriefing compiles a lab's briefing template and checks that it stays
// within the limits of limitBriefing.
func parseBriefing(l *Lab) (*template.Template, error) {
	if len(l.BriefingText) > MaxBriefingSize {
		return nil, fmt.Errorf("the briefing is %d bytes, more than the %d allowed", len(l.BriefingText), MaxBriefingSize)
	}
	t, err := template.New(l.briefingPath()).Funcs(briefingFuncs).Option("missingkey=error").Parse(l.BriefingText)
	if err != nil {
		return nil, err
	}
	if err := limitBriefing(t); err != nil {
		return nil, err
	}
	return t, nil
}

// checkBriefing parses the briefing and renders it once with sample data,
// so that a misspelt field fails validation rather than a trainee's start.
func checkBriefing(l *Lab) error {
	if strings.TrimSpace(l.BriefingText) == "" {
		return fmt.Errorf("the briefing is empty")
	}
	t, err := parseBriefing(l)
	if err != nil {
		return err
	}
	sample := BriefingData{
		Lab:      LabInfo{l.ID, l.Title, l.Difficulty, l.Minutes},
		Org:      OrgInfo{"Example Corp", "example-corp.example", "EXAMPLECORP", l.Org.Users},
		Ticket:   12345,
		Trainee:  "trainee",
		From:     l.Window.Start(),
		To:       l.Window.End(),
		Datasets: []DatasetCount{{"system.auth", 1}},
		// The lab's own objectives, so that a briefing ranging over them
		// is checked at its real length.
		Objectives: l.Objectives,
	}
	return t.Execute(&cappedWriter{max: MaxBriefingOutput}, sample)
}

// RenderBriefing renders the lab's briefing for one instance.
func RenderBriefing(l *Lab, data BriefingData) ([]byte, error) {
	t, err := parseBriefing(l)
	if err != nil {
		return nil, err
	}
	b := &cappedWriter{max: MaxBriefingOutput}
	if err := t.Execute(b, data); err != nil {
		return nil, fmt.Errorf("briefing of lab %s: %w", l.ID, err)
	}
	return b.buf.Bytes(), nil
}

// TicketNumber is a plausible ticket number, stable for an instance and
// derived from public facts only (the lab and the organisation's domain).
func TicketNumber(labID, domain string) int {
	h := fnv.New32a()
	h.Write([]byte(labID + "\x00" + domain))
	return 10000 + int(h.Sum32()%90000)
}
