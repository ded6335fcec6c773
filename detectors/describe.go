package detectors

import "github.com/soclab/soclab/detectors/sigma"

// RuleInfo is what compiling made of one rule: the datasets its log source
// selects and what the pipelines changed in it.
type RuleInfo struct {
	Datasets      []string       // nil: every dataset (no log source, or a correlation)
	Pipelines     []string       // transformations that changed it: "ecs-windows/fields"
	FieldMappings []FieldMapping // its fields the pipelines renamed or whose values they rewrote
}

// RuleInfo returns what compiling made of r (one of the rules compiled).
func (e *Engine) RuleInfo(r *sigma.Rule) (RuleInfo, bool) {
	for _, d := range e.detectors {
		if d.meta.rule == r {
			return d.meta.info(), true
		}
	}
	for _, c := range e.correlations {
		if c.meta.rule == r {
			return c.meta.info(), true
		}
	}
	return RuleInfo{}, false
}

func (m *ruleMeta) info() RuleInfo {
	return RuleInfo{Datasets: m.datasets, Pipelines: m.steps, FieldMappings: m.mappings}
}
