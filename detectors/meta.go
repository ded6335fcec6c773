package detectors

import (
	"strings"
	"time"

	"github.com/soclab/soclab/detectors/pipeline"
	"github.com/soclab/soclab/detectors/sigma"
)

// ruleMeta is what every alert of a rule carries.
type ruleMeta struct {
	rule                                 *sigma.Rule
	id, title, description, level        string
	tags, techniques, tacticIDs, tactics []string
	datasets                             []string       // what its log source selects (nil: every dataset)
	steps                                []string       // pipeline transformations that changed it
	mappings                             []FieldMapping // fields the pipelines renamed or whose values they rewrote
}

func newMeta(r *sigma.Rule) *ruleMeta {
	m := &ruleMeta{rule: r, id: r.ID, title: r.Title, description: r.Description, level: r.Level, tags: r.Tags}
	if m.id == "" {
		m.id = r.Name
	}
	if m.id == "" {
		m.id = r.Title
	}
	if m.level == "" && r.Correlation == nil {
		m.level = "medium"
	}
	m.techniques, m.tacticIDs, m.tactics = attackTags(r.Tags)
	return m
}

// inherit gives a correlation without tags the tags of the rules it
// correlates, and without a level the highest of theirs.
func (m *ruleMeta) inherit(sources []*ruleMeta) {
	if len(m.rule.Tags) == 0 {
		seen := map[string]bool{}
		var tags []string
		for _, s := range sources {
			for _, t := range s.tags {
				if !seen[t] {
					seen[t] = true
					tags = append(tags, t)
				}
			}
		}
		m.tags = tags
		m.techniques, m.tacticIDs, m.tactics = attackTags(tags)
	}
	if m.rule.Level == "" {
		for _, s := range sources {
			if m.level == "" || Severity(s.level) > Severity(m.level) {
				m.level = s.level
			}
		}
		if m.level == "" {
			m.level = "medium"
		}
	}
}

func (m *ruleMeta) newAlert(corr string) *Alert {
	return &Alert{RuleID: m.id, Title: m.title, Description: m.description, Level: m.level, Correlation: corr,
		Tags: m.tags, Techniques: m.techniques, TacticIDs: m.tacticIDs, Tactics: m.tactics,
		Pipelines: m.steps, FieldMappings: m.mappingTexts()}
}

func timeOf(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// FieldMapping is what the pipelines made of one field of a rule.
type FieldMapping struct {
	From  string   `json:"from"`
	To    []string `json:"to"`
	Steps []string `json:"steps"` // pipeline/transformation, in order
}

// record notes a field's mapping (and value rewrites) when the pipelines
// changed anything.
func (m *ruleMeta) record(from string, mp pipeline.Mapped, valueSteps []pipeline.Step) {
	if len(mp.Steps) == 0 && len(valueSteps) == 0 {
		return
	}
	var steps []string
	for _, s := range append(append([]pipeline.Step(nil), mp.Steps...), valueSteps...) {
		steps = appendNew(steps, s.String())
		m.steps = appendNew(m.steps, s.String())
	}
	for i, fm := range m.mappings {
		if fm.From == from {
			for _, s := range steps {
				m.mappings[i].Steps = appendNew(m.mappings[i].Steps, s)
			}
			return
		}
	}
	m.mappings = append(m.mappings, FieldMapping{From: from, To: append([]string(nil), mp.Fields...), Steps: steps})
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// mappingTexts renders the field mappings as "EventID=event.code" (several
// targets joined by "|").
func (m *ruleMeta) mappingTexts() []string {
	if len(m.mappings) == 0 {
		return nil
	}
	out := make([]string, len(m.mappings))
	for i, fm := range m.mappings {
		out[i] = fm.From + "=" + strings.Join(fm.To, "|")
	}
	return out
}
