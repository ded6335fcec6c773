package detectors

import (
	"time"

	"github.com/soclab/soclab/detectors/sigma"
)

// ruleMeta is what every alert of a rule carries.
type ruleMeta struct {
	rule                                 *sigma.Rule
	id, title, description, level        string
	tags, techniques, tacticIDs, tactics []string
}

func newMeta(r *sigma.Rule) *ruleMeta {
	m := &ruleMeta{rule: r, id: r.ID, title: r.Title, description: r.Description, level: r.Level, tags: r.Tags}
	if m.id == "" {
		m.id = r.Name
	}
	if m.id == "" {
		m.id = r.Title
	}
	if m.level == "" {
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
			if Severity(s.level) > Severity(m.level) {
				m.level = s.level
			}
		}
	}
}

func (m *ruleMeta) newAlert(corr string) *Alert {
	return &Alert{RuleID: m.id, Title: m.title, Description: m.description, Level: m.level, Correlation: corr,
		Tags: m.tags, Techniques: m.techniques, TacticIDs: m.tacticIDs, Tactics: m.tactics}
}

func timeOf(ns int64) time.Time { return time.Unix(0, ns).UTC() }
