package labs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/event"
)

// RecordedRun is one pass of a recorded lab's rules over its recorded
// events: the alerts, which truth-file entry judges each, and what the
// events hold.
type RecordedRun struct {
	// Alerts are in the engine's order: fire time, then id.
	Alerts []*detectors.Alert
	// Judged[i] is the index in the truth file's Alerts of the entry that
	// judges Alerts[i], or -1 when none does (Load refuses such a lab).
	Judged []int
	// Events counts the events; ByDataset counts them by event.dataset.
	Events    int64
	ByDataset map[string]int64
	// First and Last are the times of the first and last events.
	First, Last time.Time
	// MilestoneEvents[i] is the id of the event the truth file's
	// milestone i resolved to (the first event of its second naming its
	// entity), "" when none did.
	MilestoneEvents []string

	truth  *TruthFile
	values map[string]map[string][]string // event id → field → values, for the fields entities name
	where  map[string]place               // event id → file and line, for messages (the source's)
}

// entityFields are the fields an alert's entity is looked up in when no
// truth-file entry judges it, to name it in the message.
var entityFields = []string{"source.ip", "user.name", "host.name", "destination.ip"}

// RunRecorded reads the lab's recorded events in time order (checking
// them, see RecordedSource), feeds each to the lab's rules, and judges every alert with the truth file. The truth file must
// be loaded (Load does it) for alerts to be judged; without it every
// Judged entry is -1. The same lab gives the same run.
func (l *Lab) RunRecorded(ctx context.Context) (*RecordedRun, error) {
	src, err := l.RecordedSource()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	rules, err := l.RulePack()
	if err != nil {
		return nil, err
	}
	dopts, err := l.DetectorOptions()
	if err != nil {
		return nil, err
	}
	run := &RecordedRun{ByDataset: map[string]int64{}, truth: l.RecordedTruth, values: map[string]map[string][]string{}, where: src.seen}
	dopts.OnAlert = func(a *detectors.Alert) { run.Alerts = append(run.Alerts, a) }
	eng, err := detectors.Compile(rules, dopts)
	if err != nil {
		return nil, fmt.Errorf("lab %s: rules: %w", l.ID, err)
	}
	fields := slices.Clone(entityFields)
	if run.truth != nil {
		for _, v := range run.truth.Alerts {
			fields = addNew(fields, v.Entity.Field)
		}
		run.MilestoneEvents = make([]string, len(run.truth.Milestones))
	}
	for {
		if run.Events%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		e, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		t := e.Time()
		if run.Events == 0 {
			run.First = t
		}
		run.Last = t
		run.Events++
		run.ByDataset[e.Dataset()]++
		id := e.ID()
		run.index(e, id, fields)
		if run.truth != nil {
			run.truth.resolveMilestones(e, id, t, run.MilestoneEvents)
		}
		if err := eng.Write(e); err != nil {
			return nil, fmt.Errorf("lab %s: detectors: %w", l.ID, err)
		}
	}
	if err := eng.Close(); err != nil {
		return nil, fmt.Errorf("lab %s: detectors: %w", l.ID, err)
	}
	run.Judged = make([]int, len(run.Alerts))
	for i, a := range run.Alerts {
		run.Judged[i] = run.Judge(a)
	}
	return run, nil
}

// index keeps the values of the entity fields of one event.
func (r *RecordedRun) index(e *event.Event, id string, fields []string) {
	var m map[string][]string
	for _, f := range fields {
		vs := stringValues(e, f)
		if len(vs) == 0 {
			continue
		}
		if m == nil {
			m = map[string][]string{}
		}
		m[f] = vs
	}
	if m != nil {
		r.values[id] = m
	}
}

// Values implements EntityValues over the run's events.
func (r *RecordedRun) Values(eventID, field string) []string { return r.values[eventID][field] }

// stringValues returns the text of a field's value, or of each element of
// a list.
func stringValues(e *event.Event, field string) []string {
	v, ok := e.Get(field)
	if !ok || v.IsNull() {
		return nil
	}
	if v.Kind() == event.KindList {
		var out []string
		for _, x := range v.ListVal() {
			if s := x.Text(); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := v.Text(); s != "" {
		return []string{s}
	}
	return nil
}

// resolveMilestones gives each milestone with an entity the id of the
// first event of its second that names the entity in any field.
func (t *TruthFile) resolveMilestones(e *event.Event, id string, at time.Time, ids []string) {
	for i, m := range t.Milestones {
		if ids[i] != "" || m.Entity == "" || !at.Truncate(time.Second).Equal(m.Time.Truncate(time.Second)) {
			continue
		}
		if eventNames(e, m.Entity) {
			ids[i] = id
		}
	}
}

// eventNames reports whether any field of e holds value (or a list with it).
func eventNames(e *event.Event, value string) bool {
	for _, f := range e.Fields {
		v := f.Val
		if v.Kind() == event.KindList {
			for _, x := range v.ListVal() {
				if x.Text() == value {
					return true
				}
			}
			continue
		}
		if v.Kind() == event.KindString && v.Str() == value {
			return true
		}
	}
	return false
}

// Entity returns the entity an alert is about, for messages: its first
// group-by value, else the first of source.ip, user.name, host.name and
// destination.ip that its first causing event has.
func (r *RecordedRun) Entity(a *detectors.Alert) Entity {
	if len(a.GroupBy) > 0 {
		return Entity{Field: a.GroupBy[0].Field, Value: a.GroupBy[0].Value}
	}
	for _, id := range a.EventIDs {
		for _, f := range entityFields {
			if vs := r.values[id][f]; len(vs) > 0 {
				return Entity{Field: f, Value: vs[0]}
			}
		}
	}
	return Entity{}
}

// Where returns the file:line of a recorded event, "" when unknown.
func (r *RecordedRun) Where(eventID string) string {
	if p, ok := r.where[eventID]; ok {
		return p.String()
	}
	return ""
}

// HasEvent reports whether eventID is the id of one of the run's recorded
// events: in a lab with a generated background, it tells the recorded
// events of an alert from the generated ones.
func (r *RecordedRun) HasEvent(eventID string) bool {
	_, ok := r.where[eventID]
	return ok
}

// Judge returns the index in the truth file's Alerts of the entry that
// judges alert a (TruthFile.Judge, with the entity values of the run's
// recorded events), -1 when none does or the run has no truth file. The
// alert may come from another run over the same recorded events (one with
// a generated background): its generated events' values are unknown
// here, so only its group-by values and its recorded events name an
// entity.
func (r *RecordedRun) Judge(a *detectors.Alert) int {
	if r.truth == nil {
		return -1
	}
	return r.truth.Judge(a, r.Values)
}
