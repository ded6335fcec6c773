package labs

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Difficulties a lab may declare, easiest first.
var Difficulties = []string{"beginner", "intermediate", "advanced"}

// Verdicts lists the alert and report verdicts.
var Verdicts = []string{TruePositive, FalsePositive, BenignPositive}

// Categories are the incident categories a report may be expected to name.
var Categories = []string{
	"reconnaissance", "brute_force", "account_compromise", "malware",
	"command_and_control", "lateral_movement", "privilege_escalation",
	"data_exfiltration", "benign_activity",
}

// DefaultFrom is the start of a lab's window when the lab names none.
var DefaultFrom = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// DefaultPassMark is the pass mark of a lab that names none.
const DefaultPassMark = 70

// DefaultTolerance is how far a timeline row may be from a milestone when
// the lab does not say.
const DefaultTolerance = 5 * time.Minute

// Lab is one lab file: what the organisation looks like, what happens in it,
// which rules watch it, and what a good triage and report say. Parse and
// Load fill it; a *Lab returned by them is valid.
type Lab struct {
	ID         string             `yaml:"id"`
	Title      string             `yaml:"title"`
	Summary    string             `yaml:"summary"`
	Difficulty string             `yaml:"difficulty"`
	Minutes    int                `yaml:"minutes"` // estimated time to complete
	Objectives []string           `yaml:"objectives"`
	Techniques []string           `yaml:"techniques"` // ATT&CK ids the lab teaches
	Org        OrgSpec            `yaml:"org"`
	Window     Window             `yaml:"window"`
	Rates      map[string]float64 `yaml:"rates"` // background rate per dataset; 1 when not named
	// Picks draws named accounts or machines from the seed (name → one of
	// PickKinds) that scenario parameters use as "$name", so that several
	// scenarios act on the same victim.
	Picks     map[string]string `yaml:"picks"`
	Scenarios []ScenarioRef     `yaml:"scenarios"`
	Decoys    []ScenarioRef     `yaml:"decoys"`
	Rules     RuleSpec          `yaml:"rules"`
	Report    ReportSpec        `yaml:"report"`
	Rubric    *Rubric           `yaml:"rubric"` // nil means DefaultRubric
	PassMark  float64           `yaml:"pass_mark"`
	PCAP      bool              `yaml:"pcap"` // whether the workspace gets capture.pcap
	// Recorded, when set, makes the lab's events recorded data (and the
	// truth file that judges them) instead of generated ones, or, with
	// Org, beside a generated background (HasBackground).
	Recorded *RecordedSpec `yaml:"recorded"`
	// Briefing names the briefing template, relative to the lab file;
	// empty means "<lab file name without .yaml>.briefing.md".
	Briefing string `yaml:"briefing"`

	// File is where the lab came from: a path, or "bundled/<name>.yaml".
	File string `yaml:"-"`
	// BriefingText is the briefing template's source.
	BriefingText string `yaml:"-"`
	// Bundled is true for the labs embedded in the binary.
	Bundled bool `yaml:"-"`
	// RecordedTruth is the truth file of a recorded lab, as Load read it
	// (nil for a generated lab, or from Parse, which reads no other file).
	RecordedTruth *TruthFile `yaml:"-"`

	raw []byte // the file's bytes, for Fingerprint
	// recordedSum is the SHA-256 of a recorded lab's event files and
	// capture, as stored, for Fingerprint.
	recordedSum []byte
}

// OrgSpec sizes the synthetic organisation.
type OrgSpec struct {
	Users int `yaml:"users"` // accounts, humans and services
	Hosts int `yaml:"hosts"` // 0 derives about 1.25 per user
}

// Window is the simulated time span of the lab.
type Window struct {
	From     time.Time `yaml:"from"` // zero means DefaultFrom
	Duration Duration  `yaml:"duration"`
}

// Start returns the window's start, DefaultFrom when not set.
func (w Window) Start() time.Time {
	if w.From.IsZero() {
		return DefaultFrom
	}
	return w.From.UTC()
}

// End returns the window's end.
func (w Window) End() time.Time { return w.Start().Add(w.Duration.D()) }

// ScenarioRef places one attack scenario or decoy in the lab.
type ScenarioRef struct {
	ID string `yaml:"id"`
	// At is when the scenario starts, absolute or relative to the window
	// ("+14h"); it becomes the scenario's "start" parameter.
	At *At `yaml:"at"`
	// Jitter moves the start by a seed-drawn amount within ±Jitter, so
	// that every instance's attack happens at a different time.
	Jitter Duration `yaml:"jitter"`
	// Params are the scenario's own parameters (see soclab's scenario
	// catalogue); those left out are drawn from the seed.
	Params map[string]any `yaml:"params"`
}

// RuleSpec is the rule pack a lab runs.
type RuleSpec struct {
	// Bundled runs soclab's bundled rule pack; nil means true.
	Bundled *bool `yaml:"bundled"`
	// Files are extra Sigma rule files or folders, relative to the lab file.
	Files []string `yaml:"files"`
	// Include, when set, keeps only the rules with these ids.
	Include []string `yaml:"include"`
	// Exclude drops the rules with these ids.
	Exclude []string `yaml:"exclude"`
	// Pipelines are Sigma processing pipelines (files relative to the lab
	// file, or names of bundled pipelines) applied after the bundled ones,
	// in order: they map the log sources and field names of rules written
	// for another taxonomy onto soclab's events.
	Pipelines []string `yaml:"pipelines"`
}

// UseBundled reports whether the bundled pack runs.
func (r RuleSpec) UseBundled() bool { return r.Bundled == nil || *r.Bundled }

// ReportSpec is what the lab expects the trainee's L1 report to say.
type ReportSpec struct {
	Verdict  string `yaml:"verdict"`
	Severity string `yaml:"severity"`
	Category string `yaml:"category"`
	// Escalate says whether the incident goes to L2; nil means yes for a
	// true positive of medium severity or more.
	Escalate *bool `yaml:"escalate"`
	// IOCs are the roles of the key indicators ("attacker_ip",
	// "compromised_user"): every indicator of an attack scenario with one
	// of these roles must be in the report.
	IOCs []string `yaml:"iocs"`
	// Tolerance is how far a timeline row may be from a milestone.
	Tolerance Duration `yaml:"tolerance"`
	// Actions are the recommended actions the report must contain.
	Actions []ActionGroup `yaml:"actions"`
}

// ShouldEscalate resolves Escalate's default.
func (r ReportSpec) ShouldEscalate() bool {
	if r.Escalate != nil {
		return *r.Escalate
	}
	return r.Verdict == TruePositive && SeverityRank(r.Severity) >= 1
}

// EffectivePassMark returns the pass mark, DefaultPassMark when not set.
func (l *Lab) EffectivePassMark() float64 {
	if l.PassMark == 0 {
		return DefaultPassMark
	}
	return l.PassMark
}

// Tolerance returns the milestone tolerance, DefaultTolerance when not set.
func (l *Lab) Tolerance() time.Duration {
	if l.Report.Tolerance == 0 {
		return DefaultTolerance
	}
	return l.Report.Tolerance.D()
}

// Source returns the lab file's bytes as read.
func (l *Lab) Source() []byte { return append([]byte(nil), l.raw...) }

// Fingerprint returns the SHA-256 of the lab file and its briefing (and,
// for a recorded lab, its truth file and recorded files), so that a grader
// can tell when a lab changed since a workspace was made.
func (l *Lab) Fingerprint() string {
	h := sha256.New()
	h.Write(l.raw)
	h.Write([]byte{0})
	h.Write([]byte(l.BriefingText))
	if l.RecordedTruth != nil {
		h.Write([]byte{0})
		h.Write(l.RecordedTruth.raw)
		h.Write(l.recordedSum)
	}
	return hex.EncodeToString(h.Sum(nil))
}
