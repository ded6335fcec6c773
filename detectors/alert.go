package detectors

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
)

// MaxEventIDs caps the event ids an alert lists; EventCount keeps the full
// count.
const MaxEventIDs = 1000

// ecsVersion is ecs.version of alerts; it follows the telemetry's version.
const ecsVersion = "9.4.0"

// Alert is one firing of a rule: a single event matching a detection rule,
// or a group of events satisfying a correlation rule.
type Alert struct {
	ID          string // deterministic: hash of rule id, group key and first event id
	RuleID      string
	Title       string
	Description string
	Level       string // the Sigma level
	Correlation string // the correlation type, "" for a detection rule
	Tags        []string
	Techniques  []string // ATT&CK technique ids, e.g. T1110.001
	TacticIDs   []string // e.g. TA0006
	Tactics     []string // tactic names, e.g. Credential Access
	Start, End  time.Time
	GroupBy     []GroupValue // the correlation's group-by fields and values
	EventIDs    []string     // causing events in time order, at most MaxEventIDs
	EventCount  int64        // every causing event, even past the cap
	Related     Related
	// Pipelines are the pipeline transformations that changed the rule
	// ("ecs-windows/fields"), FieldMappings the fields they renamed
	// ("EventID=event.code"); both empty for a rule written in ECS.
	Pipelines     []string
	FieldMappings []string
}

// GroupValue is one group-by field and the group's value for it.
type GroupValue struct {
	Field string
	Value string
}

// Related are the entities of the causing events (related.*), sorted.
type Related struct {
	IP    []string
	User  []string
	Hosts []string
}

// Severity is the alert's numeric severity (event.severity).
func (a *Alert) Severity() int64 { return Severity(a.Level) }

// alertID derives the deterministic alert id.
func alertID(ruleID, groupKey, firstEvent string) string {
	h := sha256.New()
	h.Write([]byte(ruleID))
	h.Write([]byte{0})
	h.Write([]byte(groupKey))
	h.Write([]byte{0})
	h.Write([]byte(firstEvent))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Event returns the alert as an ECS document (event.kind: alert, dataset
// soclab.alerts).
func (a *Alert) Event() *event.Event {
	e := &event.Event{}
	e.Add(event.KeyTimestamp, event.Time(a.End))
	e.Add(event.KeyID, event.String(a.ID))
	e.Add(event.KeyKind, event.String("alert"))
	e.Add("event.module", event.String("soclab"))
	e.Add(event.KeyDataset, event.String(event.DatasetAlerts))
	e.Add("event.start", event.Time(a.Start))
	e.Add("event.end", event.Time(a.End))
	e.Add("event.severity", event.Int(a.Severity()))
	e.Add("ecs.version", event.String(ecsVersion))
	e.Add("message", event.String(a.Message()))
	e.Add("rule.id", event.String(a.RuleID))
	e.Add("rule.name", event.String(a.Title))
	if a.Description != "" {
		e.Add("rule.description", event.String(a.Description))
	}
	e.Add("rule.ruleset", event.String("soclab"))
	if len(a.Tags) > 0 {
		e.Add("tags", event.Strings(a.Tags...))
	}
	if len(a.Techniques) > 0 || len(a.Tactics) > 0 {
		e.Add("threat.framework", event.String("MITRE ATT&CK"))
	}
	addList(e, "threat.technique.id", a.Techniques)
	addList(e, "threat.tactic.id", a.TacticIDs)
	addList(e, "threat.tactic.name", a.Tactics)
	e.Add("soclab.alert.level", event.String(a.Level))
	if a.Correlation != "" {
		e.Add("soclab.alert.correlation", event.String(a.Correlation))
	}
	for _, g := range a.GroupBy {
		e.Add("soclab.alert.group_by."+g.Field, event.String(g.Value))
	}
	addList(e, "soclab.alert.pipelines", a.Pipelines)
	addList(e, "soclab.alert.field_mappings", a.FieldMappings)
	addList(e, "soclab.alert.event_ids", a.EventIDs)
	e.Add("soclab.alert.event_count", event.Int(a.EventCount))
	addList(e, "related.ip", a.Related.IP)
	addList(e, "related.user", a.Related.User)
	addList(e, "related.hosts", a.Related.Hosts)
	return e
}

func addList(e *event.Event, key string, vs []string) {
	if len(vs) > 0 {
		e.Add(key, event.Strings(vs...))
	}
}

// Message is a one-line summary for an analyst: the title, the group and
// how many events over what time.
func (a *Alert) Message() string {
	var b strings.Builder
	b.WriteString(a.Title)
	if len(a.GroupBy) > 0 {
		parts := make([]string, len(a.GroupBy))
		for i, g := range a.GroupBy {
			parts[i] = g.Field + "=" + g.Value
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	if a.EventCount == 1 {
		b.WriteString(": 1 event")
		return b.String()
	}
	fmt.Fprintf(&b, ": %d events in %s", a.EventCount, a.End.Sub(a.Start).Round(time.Second))
	return b.String()
}
