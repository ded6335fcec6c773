package detectors

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/soclab/soclab/detectors/pipeline"
	"github.com/soclab/soclab/detectors/sigma"
)

// compiler holds what compiling a rule set needs: the slot table, the
// placeholder configuration and the pipelines that map rules' fields.
type compiler struct {
	slots        *slots
	config       map[string][]string
	keywords     bool // some rule searches keywords, so every field must be decoded
	pipes        pipeline.Set
	allowUnknown bool
	warnings     sigma.ErrorList
	// The rule being compiled, its log source and what of it the
	// pipelines changed.
	rule *sigma.Rule
	ls   pipeline.Logsource
	meta *ruleMeta
}

// maxFanOut bounds how many AND groups one map of a search may become when
// pipelines map its fields to several fields each.
const maxFanOut = 256

// detection compiles a rule's detection section into one condition node,
// reporting every field it cannot compile.
func (cp *compiler) detection(r *sigma.Rule, m *ruleMeta) (node, error) {
	cp.rule, cp.ls, cp.meta = r, logsourceOf(r), m
	det := r.Detection
	searches := map[string]node{}
	var order []string
	var errs sigma.ErrorList
	for _, s := range det.Searches {
		sn := &searchNode{}
		for _, g := range s.Groups {
			groups := [][]*fieldMatcher{nil}
			for _, f := range g {
				construct := "detection." + s.Name + keyLabel(f)
				ms, err := cp.mappedField(f, construct)
				if err != nil {
					errs = append(errs, r.Errorf(f.Pos, construct, "%v", err))
					continue
				}
				groups = fanOut(groups, ms)
			}
			if len(groups) > maxFanOut {
				errs = append(errs, r.Errorf(s.Pos, "detection."+s.Name, "pipelines map its fields to %d combinations (at most %d)", len(groups), maxFanOut))
				continue
			}
			sn.groups = append(sn.groups, groups...)
		}
		searches[s.Name] = sn
		order = append(order, s.Name)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var conds orNode
	for i, e := range det.Conditions {
		n, err := compileExpr(e, searches, order)
		if err != nil {
			return nil, r.Errorf(det.Pos, "detection.condition", "%q: %v", det.ConditionText[i], err)
		}
		conds = append(conds, n)
	}
	if len(conds) == 1 {
		return conds[0], nil
	}
	return conds, nil
}

// fanOut extends every group with each alternative: a field mapped to
// several fields (linked with OR) turns one AND group into several.
func fanOut(groups [][]*fieldMatcher, alts []*fieldMatcher) [][]*fieldMatcher {
	if len(alts) == 1 {
		for i := range groups {
			groups[i] = append(groups[i], alts[0])
		}
		return groups
	}
	out := make([][]*fieldMatcher, 0, len(groups)*len(alts))
	for _, g := range groups {
		for _, a := range alts {
			out = append(out, append(append([]*fieldMatcher(nil), g...), a))
		}
	}
	return out
}

// mappedField compiles one field match through the pipelines: its name
// becomes one or more event fields, its values are rewritten where a value
// mapping says so, and a name nothing knows is refused (or warned about).
func (cp *compiler) mappedField(f *sigma.FieldMatch, construct string) ([]*fieldMatcher, error) {
	if f.Field == "" {
		m, err := cp.field(f, "")
		return []*fieldMatcher{m}, err
	}
	mp := cp.pipes.MapField(cp.ls, f.Field)
	f, vsteps := cp.mapValues(f)
	var out []*fieldMatcher
	for _, name := range mp.Fields {
		if err := cp.checkField(name, len(mp.Steps) > 0, f.Pos, construct); err != nil {
			return nil, err
		}
		m, err := cp.field(f, name)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	cp.meta.record(f.Field, mp, vsteps)
	return out, nil
}

// mapValues applies the pipelines' value mappings to a field match's
// values, returning a copy when any changed.
func (cp *compiler) mapValues(f *sigma.FieldMatch) (*sigma.FieldMatch, []pipeline.Step) {
	out := f
	var steps []pipeline.Step
	for i, v := range f.Values {
		if v.Kind == sigma.ValueNull || v.Kind == sigma.ValueFloat {
			continue
		}
		nv, st, ok := cp.pipes.MapValue(cp.ls, f.Field, v.Str)
		if !ok {
			continue
		}
		if out == f {
			c := *f
			c.Values = append([]sigma.Value(nil), f.Values...)
			out = &c
		}
		out.Values[i] = sigma.Value{Kind: sigma.ValueString, Str: nv, Pos: v.Pos}
		steps = append(steps, st...)
	}
	return out, steps
}

// checkField refuses a field that is neither ECS, nor produced by a
// pipeline mapping, nor declared custom: such a rule would load and never
// match. With AllowUnknownFields it is a warning instead.
func (cp *compiler) checkField(name string, mapped bool, pos sigma.Pos, construct string) error {
	if strings.ContainsAny(name, " \t") {
		return fmt.Errorf("field %q contains a space", name)
	}
	if mapped || cp.pipes.Known(name) {
		return nil
	}
	msg := fmt.Sprintf("field %q is not an ECS field, no pipeline maps it and none declares it custom: "+
		"write its ECS name (e.g. user.name), map it with --pipeline FILE, or declare it in a pipeline's custom_fields", name)
	if cp.allowUnknown {
		cp.warnings = append(cp.warnings, cp.rule.Errorf(pos, construct, "%s (kept: it matches only events that carry this exact field)", msg))
		return nil
	}
	return errors.New(msg)
}

// mappedSlot maps one field a rule names outside a field match (a
// correlation's group-by or counted field, a fieldref's other field)
// through the pipelines, checks it and gives its first mapped name a slot.
func (cp *compiler) mappedSlot(field string, pos sigma.Pos, construct string) (int, error) {
	mp := cp.pipes.MapField(cp.ls, field)
	if err := cp.checkField(mp.Fields[0], len(mp.Steps) > 0, pos, construct); err != nil {
		return 0, err
	}
	return cp.slots.slot(mp.Fields[0]), nil
}

func keyLabel(f *sigma.FieldMatch) string {
	if f.Key == "" {
		return " (keywords)"
	}
	return "." + f.Key
}

// field compiles one field match reading the event field name ("" for
// keywords).
func (cp *compiler) field(f *sigma.FieldMatch, name string) (*fieldMatcher, error) {
	m := &fieldMatcher{slot: -1, all: f.Has("all"), neq: f.Has("neq")}
	if name != "" {
		m.slot = cp.slots.slot(name)
	} else {
		cp.keywords = true
	}
	for _, mod := range f.Modifiers {
		if sigma.TimeParts[mod] {
			m.timePart = mod
		}
	}
	if f.Has("exists") {
		m.exists = -1
		if f.Values[0].Bool {
			m.exists = 1
		}
		return m, nil
	}
	for _, v := range f.Values {
		if v.Kind == sigma.ValueNull {
			m.nullOK = true
			continue
		}
		t, err := cp.valueTest(f, v)
		if err != nil {
			return nil, err
		}
		m.tests = append(m.tests, t)
	}
	if m.slot >= 0 && !m.all && m.timePart == "" {
		m.fast = newLitSet(m.tests)
	}
	return m, nil
}

func (cp *compiler) valueTest(f *sigma.FieldMatch, v sigma.Value) (valueTest, error) {
	switch {
	case f.Has("re"):
		return compileRegexp(f, v.Str)
	case f.Has("cidr"):
		p, err := netip.ParsePrefix(strings.TrimSpace(v.Str))
		if err != nil {
			return nil, fmt.Errorf("%q is not a network in CIDR notation (e.g. 10.0.0.0/8)", v.Str)
		}
		return &cidrTest{prefix: p.Masked()}, nil
	case f.Has("fieldref"):
		return cp.fieldref(f, v.Str)
	}
	for _, op := range []string{"lt", "lte", "gt", "gte"} {
		if f.Has(op) {
			return &cmpTest{op: op, n: v.Float}, nil
		}
	}
	return cp.patterns(f, v)
}

func compileRegexp(f *sigma.FieldMatch, expr string) (valueTest, error) {
	flags := ""
	for _, fl := range []string{"i", "m", "s"} {
		if f.Has(fl) {
			flags += fl
		}
	}
	if flags != "" {
		expr = "(?" + flags + ")" + expr
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("regular expression not supported by the engine (RE2 syntax: no look-around or back-references): %v", err)
	}
	return &reTest{re: re}, nil
}

func (cp *compiler) fieldref(f *sigma.FieldMatch, other string) (valueTest, error) {
	slot, err := cp.mappedSlot(other, f.Pos, "fieldref")
	if err != nil {
		return nil, err
	}
	t := &fieldrefTest{slot: slot, cased: f.Has("cased")}
	for _, mode := range []string{"startswith", "endswith", "contains"} {
		if f.Has(mode) {
			t.mode = mode
		}
	}
	for _, mod := range f.Modifiers {
		switch mod {
		case "fieldref", "cased", "all", "neq", "startswith", "endswith", "contains":
		default:
			return nil, fmt.Errorf("fieldref cannot be combined with %q", mod)
		}
	}
	return t, nil
}

// patterns compiles a string (or a number or boolean compared as text)
// through its transformation chain.
func (cp *compiler) patterns(f *sigma.FieldMatch, v sigma.Value) (valueTest, error) {
	t := &patTest{}
	cased := f.Has("cased")
	src := v.Str
	if v.Kind != sigma.ValueString {
		// Numbers and booleans are matched as their text, literally.
		src = escapeWildcards(v.Str)
		t.isInt = v.Kind == sigma.ValueInt && onlyFlags(f) && f.Field != ""
		t.intVal = v.Int
	}
	mods := f.Modifiers
	if f.Field == "" {
		mods = append(append([]string(nil), mods...), "contains")
	}
	alts, err := expandValue(src, mods, cp.config)
	if err != nil {
		return nil, err
	}
	for _, a := range alts {
		t.pats = append(t.pats, compilePattern(a, cased))
	}
	return t, nil
}

// onlyFlags reports whether the chain has no modifier that changes what a
// plain value matches (so an integer can compare as an integer).
func onlyFlags(f *sigma.FieldMatch) bool {
	for _, m := range f.Modifiers {
		if m != "all" && m != "cased" && m != "neq" {
			return false
		}
	}
	return true
}

func escapeWildcards(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`)
	return r.Replace(s)
}
