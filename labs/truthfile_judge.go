package labs

import (
	"slices"
	"time"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/generator/truth"
)

// Stages of a truth file's entries that name none.
const (
	// RecordedAttackStage is the scenario id the answer key gives the
	// incident's indicators, milestones and true positives that name no
	// stage.
	RecordedAttackStage = "recorded-incident"
	// RecordedDecoyStage is the scenario id of decoys and benign
	// positives that name no stage.
	RecordedDecoyStage = "recorded-benign"
)

// EntityValues looks up the values of a field in one of an alert's causing
// events (by event id); nil when the event or field is unknown.
type EntityValues func(eventID, field string) []string

// Judge returns the index in Alerts of the entry that judges alert a: the
// first whose rule is a's and whose entity is one of a's group-by values
// or a value of its causing events; -1 when none does. The entries' rules
// are those Load resolved to rule ids of the lab's pack: a truth file that
// was not loaded with its lab judges nothing.
func (t *TruthFile) Judge(a *detectors.Alert, values EntityValues) int {
	for i, v := range t.Alerts {
		if i >= len(t.ruleIDs) || t.ruleIDs[i] != a.RuleID {
			continue
		}
		if alertHasEntity(a, v.Entity, values) {
			return i
		}
	}
	return -1
}

// alertHasEntity reports whether ent is a group-by value of a or a value
// of one of its causing events.
func alertHasEntity(a *detectors.Alert, ent Entity, values EntityValues) bool {
	for _, g := range a.GroupBy {
		if g.Field == ent.Field && g.Value == ent.Value {
			return true
		}
	}
	if values == nil {
		return false
	}
	for _, id := range a.EventIDs {
		if slices.Contains(values(id, ent.Field), ent.Value) {
			return true
		}
	}
	return false
}

// AlertStage is the scenario id the answer key gives an alert judged by
// entry v: its stage, or the default stage of its verdict; "" for a false
// positive without a stage (ordinary noise, which the grader also accepts
// as a benign positive).
func (v AlertVerdict) AlertStage() string {
	switch {
	case v.Stage != "":
		return v.Stage
	case v.Verdict == TruePositive:
		return RecordedAttackStage
	case v.Verdict == BenignPositive:
		return RecordedDecoyStage
	}
	return ""
}

// GroundTruth is the truth.Truth of a recorded lab, as the answer key
// carries it: one attack scenario per stage (the incident's techniques,
// users and hosts on the first), one decoy scenario per decoy stage,
// milestones with the event ids validation resolved, and as each
// scenario's events the causing events of the alerts judged to be in it.
// The run is RunRecorded's with this truth file.
func (t *TruthFile) GroundTruth(from, to time.Time, run *RecordedRun) truth.Truth {
	alerts, judged := run.Alerts, run.Judged
	tr := truth.Truth{From: from.UTC(), To: to.UTC(), Scenarios: []truth.Scenario{}}
	index := map[string]int{}
	scenarioOf := func(id, kind string) *truth.Scenario {
		if id == "" {
			id = map[string]string{truth.KindAttack: RecordedAttackStage, truth.KindDecoy: RecordedDecoyStage}[kind]
		}
		i, ok := index[id]
		if !ok {
			i = len(tr.Scenarios)
			index[id] = i
			tr.Scenarios = append(tr.Scenarios, truth.Scenario{ID: id, Kind: kind, Events: []string{}, IOCs: []truth.IOC{}, Users: []string{}, Hosts: []string{}})
		}
		return &tr.Scenarios[i]
	}
	if len(t.Techniques)+len(t.Users)+len(t.Hosts) > 0 {
		first := ""
		if len(t.Indicators) > 0 {
			first = t.Indicators[0].Stage
		}
		s := scenarioOf(first, truth.KindAttack)
		s.Techniques = slices.Clone(t.Techniques)
		s.Users = addNew(s.Users, t.Users...)
		s.Hosts = addNew(s.Hosts, t.Hosts...)
	}
	for _, ind := range t.Indicators {
		s := scenarioOf(ind.Stage, truth.KindAttack)
		ioc := truth.IOC{Type: ind.Type, Value: ind.Value, Role: ind.Role}
		if !slices.Contains(s.IOCs, ioc) {
			s.IOCs = append(s.IOCs, ioc)
		}
	}
	for i, m := range t.Milestones {
		s := scenarioOf(m.Stage, truth.KindAttack)
		ev := ""
		if i < len(run.MilestoneEvents) {
			ev = run.MilestoneEvents[i]
		}
		s.Milestones = append(s.Milestones, truth.Milestone{Time: m.Time.UTC(), Event: ev, What: m.What})
	}
	for _, d := range t.Decoys {
		s := scenarioOf(d.Stage, truth.KindDecoy)
		s.Entities = append(s.Entities, truth.IOC{Type: d.Type, Value: d.Value, Role: d.Role})
	}
	for i, a := range alerts {
		if i >= len(judged) || judged[i] < 0 {
			continue
		}
		v := t.Alerts[judged[i]]
		stage := v.AlertStage()
		if stage == "" {
			continue
		}
		kind := truth.KindAttack
		if v.Verdict != TruePositive {
			kind = truth.KindDecoy
		}
		s := scenarioOf(stage, kind)
		s.Events = addNew(s.Events, a.EventIDs...)
	}
	for i := range tr.Scenarios {
		slices.SortStableFunc(tr.Scenarios[i].Milestones, func(a, b truth.Milestone) int { return a.Time.Compare(b.Time) })
	}
	return tr
}

// addNew appends the values not already in list.
func addNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}
