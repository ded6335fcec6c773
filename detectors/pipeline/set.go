package pipeline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/soclab/soclab/internal/ecs"
)

// Set is the pipelines applied to one rule set, in order: a later
// pipeline's log source entry replaces an earlier one's for the same
// attribute value, and its transformations see the names the earlier ones
// produced.
type Set []*Pipeline

// Step names one transformation that changed a rule: "ecs-windows/fields".
type Step struct {
	Pipeline string
	ID       string
}

// String renders the step as pipeline/id.
func (s Step) String() string { return s.Pipeline + "/" + s.ID }

// Logsource is a rule's log source as the Set matches it.
type Logsource struct{ Category, Product, Service string }

func (l Logsource) matches(c Condition) bool { return c.Matches(l.Category, l.Product, l.Service) }

// Datasets returns the datasets a log source selects: each attribute it
// gives selects the datasets of the last pipeline entry for its value, and
// the rule applies to their intersection, in the order of all (the
// datasets soclab knows, then any others the pipelines name). A value no
// pipeline maps is an error that names it and the values that are known.
func (s Set) Datasets(ls Logsource, all []string) ([]string, []Step, error) {
	set := s.universe(all)
	var steps []Step
	for _, part := range [][2]string{{"category", ls.Category}, {"product", ls.Product}, {"service", ls.Service}} {
		if part[1] == "" {
			continue
		}
		ds, step, ok := s.lookup(part[0], strings.ToLower(part[1]))
		if !ok {
			return nil, nil, fmt.Errorf("logsource %s %q is not a soclab log source (known: %s)", part[0], part[1], strings.Join(s.known(part[0]), ", "))
		}
		steps = append(steps, step)
		set = intersect(set, ds)
	}
	if len(set) == 0 {
		return nil, nil, fmt.Errorf("logsource %s selects no soclab dataset: its attributes name different logs (see docs/detectors.md)", describe(ls))
	}
	return set, steps, nil
}

func (s Set) lookup(attr, val string) ([]string, Step, bool) {
	for i := len(s) - 1; i >= 0; i-- {
		for j := len(s[i].Logsources) - 1; j >= 0; j-- {
			if m := s[i].Logsources[j]; m.Attr == attr && m.Value == val {
				return m.Datasets, Step{Pipeline: s[i].Name, ID: "logsources"}, true
			}
		}
	}
	return nil, Step{}, false
}

func (s Set) known(attr string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range s {
		for _, m := range p.Logsources {
			if m.Attr == attr && !seen[m.Value] {
				seen[m.Value] = true
				out = append(out, m.Value)
			}
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return []string{"none: no pipeline maps log sources"}
	}
	return out
}

// universe is all, then every other dataset a pipeline names.
func (s Set) universe(all []string) []string {
	out := append([]string(nil), all...)
	seen := map[string]bool{}
	for _, d := range all {
		seen[d] = true
	}
	for _, p := range s {
		for _, m := range p.Logsources {
			for _, d := range m.Datasets {
				if !seen[d] {
					seen[d] = true
					out = append(out, d)
				}
			}
		}
	}
	return out
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

func describe(ls Logsource) string {
	var parts []string
	for _, p := range [][2]string{{"category", ls.Category}, {"product", ls.Product}, {"service", ls.Service}} {
		if p[1] != "" {
			parts = append(parts, p[0]+": "+p[1])
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// Mapped is what the Set makes of one field of a rule.
type Mapped struct {
	Fields []string // the event fields to read, linked with OR; one when nothing fanned out
	Steps  []Step   // the transformations that renamed it, in order
}

// MapField renames one field of a rule with log source ls through every
// pipeline, in order.
func (s Set) MapField(ls Logsource, field string) Mapped {
	out := Mapped{Fields: []string{field}}
	for _, p := range s {
		mapped := map[string]bool{}
		for _, t := range p.Transforms {
			if !ls.matches(t.Logsource) {
				continue
			}
			switch t.Type {
			case FieldNameMapping:
				out.Fields = t.rename(out.Fields, mapped, func() { out.Steps = append(out.Steps, Step{p.Name, t.ID}) })
			case FieldNamePrefix:
				changed := false
				for i, f := range out.Fields {
					if !mapped[f] && !strings.Contains(f, ".") && !ecs.IsECS(f) {
						out.Fields[i] = t.Prefix + f
						mapped[out.Fields[i]] = true
						changed = true
					}
				}
				if changed {
					out.Steps = append(out.Steps, Step{p.Name, t.ID})
				}
			}
		}
	}
	return out
}

func (t *Transform) rename(fields []string, mapped map[string]bool, record func()) []string {
	var out []string
	changed := false
	for _, f := range fields {
		to, ok := t.Mapping[f]
		if !ok {
			out = append(out, f)
			continue
		}
		changed = true
		for _, n := range to {
			mapped[n] = true
			out = append(out, n)
		}
	}
	if changed {
		record()
	}
	return out
}

// MapValue rewrites one value of field (as the rule writes it) through the
// value mappings that apply to log source ls; ok is false when none did.
func (s Set) MapValue(ls Logsource, field, value string) (string, []Step, bool) {
	var steps []Step
	for _, p := range s {
		for _, t := range p.Transforms {
			if t.Type != ValueMapping || t.Field != field || !ls.matches(t.Logsource) {
				continue
			}
			if to, ok := t.Values[strings.ToLower(value)]; ok {
				value = to
				steps = append(steps, Step{p.Name, t.ID})
			}
		}
	}
	return value, steps, len(steps) > 0
}

// Known reports whether field is ECS, a field of the Elastic integrations
// soclab's events follow (ecs.LookupIntegration: winlog.*, system.auth.*,
// zeek.*), or declared custom by a pipeline (a name, or a namespace
// written "prefix.*").
func (s Set) Known(field string) bool {
	if ecs.IsECS(field) {
		return true
	}
	if _, ok := ecs.LookupIntegration(field); ok {
		return true
	}
	for _, p := range s {
		for _, c := range p.Custom {
			if c == field || strings.HasSuffix(c, ".*") && strings.HasPrefix(field, c[:len(c)-1]) {
				return true
			}
		}
	}
	return false
}

// Names lists the pipelines' names, in order.
func (s Set) Names() []string {
	out := make([]string, len(s))
	for i, p := range s {
		out[i] = p.Name
	}
	return out
}
