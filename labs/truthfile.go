package labs

import (
	"fmt"
	"reflect"
	"slices"
	"time"
)

// MaxTruthFileSize is the largest truth file ParseTruthFile accepts.
const MaxTruthFileSize = 1 << 20

// TruthFile is the instructor-written ground truth of a recorded lab
// (recorded.truth in the lab file): what the recorded events show, in the
// terms the answer key uses. It is read by validation and by the answer
// key, and never copied into a workspace. docs/labs.md ("Labs over
// recorded data") describes the format.
type TruthFile struct {
	// Techniques are the ATT&CK ids the incident shows.
	Techniques []string `yaml:"techniques"`
	// Indicators are the incident's indicators by role; the lab's
	// report.iocs names the roles a report must give.
	Indicators []Indicator `yaml:"indicators"`
	// Users and Hosts are the accounts and machines the incident touched.
	Users []string `yaml:"users"`
	Hosts []string `yaml:"hosts"`
	// Decoys are benign look-alikes' entities (an authorised scanner's
	// address): a report that names them as indicators loses points.
	Decoys []Indicator `yaml:"decoys"`
	// Milestones are the moments a report's timeline should name.
	Milestones []TruthMilestone `yaml:"milestones"`
	// Alerts are the verdicts of the alerts the lab's rules raise on the
	// recorded events, by rule and entity.
	Alerts []AlertVerdict `yaml:"alerts"`

	// File is the truth file's path as errors name it.
	File string `yaml:"-"`
	// dec holds where each field was written, for the checks against
	// the data.
	dec *decoder
	// raw is the file's bytes, for the lab's Fingerprint.
	raw []byte
	// ruleIDs are Alerts' rules resolved to the ids of the lab's pack
	// (Load fills them).
	ruleIDs []string
}

// Indicator is one indicator (or a decoy's entity) of a truth file: its
// role ("attacker_ip"), type ("ip") and value; Stage optionally names the
// catalogue scenario it belongs to.
type Indicator struct {
	Role  string `yaml:"role"`
	Type  string `yaml:"type"`
	Value string `yaml:"value"`
	Stage string `yaml:"stage"`
}

// TruthMilestone is a moment of the incident: its time, what happened,
// the stage it belongs to (an attack scenario id of the catalogue, which
// tells the grader what kind of moment it is) and an entity (an address,
// account or host) that the recorded event at that time names, which gives
// the milestone its event id.
type TruthMilestone struct {
	Time   time.Time `yaml:"time"`
	What   string    `yaml:"what"`
	Stage  string    `yaml:"stage"`
	Entity string    `yaml:"entity"`
}

// AlertVerdict is the expected triage of the alerts one rule raises on one
// entity: every alert of Rule (an id or title) whose group-by value or
// causing events have Entity.Field equal to Entity.Value.
type AlertVerdict struct {
	Rule     string `yaml:"rule"`
	Entity   Entity `yaml:"entity"`
	Verdict  string `yaml:"verdict"`
	Severity string `yaml:"severity"` // empty: the rule's level, raised to the lab's severity for a true positive
	// Techniques are the ATT&CK ids expected; empty means the rule's.
	Techniques []string `yaml:"techniques"`
	// Escalate is nil for the default: true positives of medium
	// severity or more.
	Escalate *bool `yaml:"escalate"`
	// Stage is the catalogue scenario the alert belongs to: for the
	// grader, alerts of one stage are one step of the incident.
	Stage string `yaml:"stage"`
}

// Entity is a field of an event and its value: source.ip 203.0.113.50,
// user.name deploy, host.name bastion-01.
type Entity struct {
	Field string `yaml:"field"`
	Value string `yaml:"value"`
}

// String is the entity as messages show it: field=value.
func (e Entity) String() string { return e.Field + "=" + e.Value }

// IndicatorTypes are the types an indicator may have, as the generated
// truth writes them.
var IndicatorTypes = []string{"ip", "domain", "url", "user", "host", "hash", "email", "user_agent"}

// ParseTruthFile decodes and checks one truth file's bytes on their own
// (not against a lab's events or rules: Load does that); file names it in
// errors. The error, when not nil, is an ErrorList of every problem, each
// as file:line:column: field: message.
func ParseTruthFile(data []byte, file string) (*TruthFile, error) {
	t, errs := parseTruthFile(data, file)
	if len(errs) > 0 {
		return nil, errs
	}
	return t, nil
}

// parseTruthFile returns the truth file (nil when it cannot be decoded at
// all) and every problem found.
func parseTruthFile(data []byte, file string) (*TruthFile, ErrorList) {
	root, errs := yamlRoot(data, file, truthFileKind)
	if errs != nil {
		return nil, errs
	}
	t := &TruthFile{File: file, raw: data}
	d := newDecoder(file)
	d.decode(root, reflect.ValueOf(t).Elem(), "")
	c := checker{decoder: d}
	c.truthFile(t)
	t.dec = d
	sortErrors(d.errs)
	return t, d.errs
}

// problem is a problem of the truth file at field path (positioned at
// its value, or its closest parent's).
func (t *TruthFile) problem(path, format string, args ...any) *FieldError {
	var p pos
	if t.dec != nil {
		p = t.dec.posOf(path)
	}
	return &FieldError{File: t.File, Line: p.line, Column: p.col, Path: path, Msg: fmt.Sprintf(format, args...)}
}

// sortErrors orders problems by line, then column.
func sortErrors(errs ErrorList) {
	slices.SortStableFunc(errs, func(a, b *FieldError) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}
