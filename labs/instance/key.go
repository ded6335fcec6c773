package instance

import (
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/labs"
)

// Key is the answer key of one lab instance (lab + seed): what the grader
// compares a trainee's triage and report against. It is computed from the
// instance and never written into a workspace.
type Key struct {
	Lab      string      `json:"lab"`
	Seed     int64       `json:"seed"`
	PassMark float64     `json:"pass_mark"`
	Rubric   labs.Rubric `json:"rubric"`
	Alerts   []AlertKey  `json:"alerts"`
	Report   ReportKey   `json:"report"`
	Truth    truth.Truth `json:"truth"`
}

// AlertKey is the expected triage of one alert.
type AlertKey struct {
	ID         string   `json:"id"`
	Rule       string   `json:"rule"`
	Title      string   `json:"title"`
	Verdict    string   `json:"verdict"`
	Severity   string   `json:"severity"`
	Techniques []string `json:"techniques"`
	// Accepted are further ATT&CK ids that fit the alert and cost nothing
	// when listed: for a true positive, the tags of the rule that fired on
	// the attack's evidence and the techniques of its scenario.
	Accepted []string `json:"accepted_techniques,omitempty"`
	Escalate bool     `json:"escalate"`
	// Scenario is the id of the scenario or decoy the alert's events belong
	// to, or "" for ordinary noise.
	Scenario string `json:"scenario"`
}

// ReportKey is what a correct L1 incident report says.
type ReportKey struct {
	Verdict    string   `json:"verdict"`
	Severity   string   `json:"severity"`
	Category   string   `json:"category"`
	Techniques []string `json:"techniques"`
	// Accepted are further ATT&CK ids that fit the incident: the tags of
	// the rules that fired on its evidence.
	Accepted   []string          `json:"accepted_techniques,omitempty"`
	IOCs       []truth.IOC       `json:"iocs"`   // key indicators a report must name
	Decoys     []truth.IOC       `json:"decoys"` // benign look-alikes a report must not name as IOCs
	Milestones []truth.Milestone `json:"milestones"`
	// ToleranceSeconds is how far a timeline row may be from a milestone.
	ToleranceSeconds int                `json:"tolerance_seconds"`
	Users            []string           `json:"users"`
	Hosts            []string           `json:"hosts"`
	Actions          []labs.ActionGroup `json:"actions"`
	Escalate         bool               `json:"escalate"`
}
