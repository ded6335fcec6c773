package detectors

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/soclab/soclab/detectors/sigma"
)

// compiler holds what compiling a rule set needs: the slot table and the
// placeholder configuration.
type compiler struct {
	slots    *slots
	config   map[string][]string
	keywords bool // some rule searches keywords, so every field must be decoded
}

// detection compiles a rule's detection section into one condition node.
func (cp *compiler) detection(r *sigma.Rule) (node, error) {
	det := r.Detection
	searches := map[string]node{}
	var order []string
	for _, s := range det.Searches {
		sn := &searchNode{}
		for _, g := range s.Groups {
			var ms []*fieldMatcher
			for _, f := range g {
				m, err := cp.field(f)
				if err != nil {
					return nil, r.Errorf(f.Pos, "detection."+s.Name+keyLabel(f), "%v", err)
				}
				ms = append(ms, m)
			}
			sn.groups = append(sn.groups, ms)
		}
		searches[s.Name] = sn
		order = append(order, s.Name)
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

func keyLabel(f *sigma.FieldMatch) string {
	if f.Key == "" {
		return " (keywords)"
	}
	return "." + f.Key
}

// fieldNameOK checks a field against ECS naming: lower case, dotted.
func fieldNameOK(name string) error {
	if name == "@timestamp" {
		return nil
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			return fmt.Errorf("field %q is not an ECS field name: soclab events use lower-case ECS paths such as event.code or user.name (Sigma's Windows names like EventID are not mapped)", name)
		}
		if c == ' ' {
			return fmt.Errorf("field %q contains a space", name)
		}
	}
	return nil
}

func (cp *compiler) field(f *sigma.FieldMatch) (*fieldMatcher, error) {
	m := &fieldMatcher{slot: -1, all: f.Has("all"), neq: f.Has("neq")}
	if f.Field != "" {
		if err := fieldNameOK(f.Field); err != nil {
			return nil, err
		}
		m.slot = cp.slots.slot(f.Field)
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
	if err := fieldNameOK(other); err != nil {
		return nil, err
	}
	t := &fieldrefTest{slot: cp.slots.slot(other), cased: f.Has("cased")}
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
		t.isInt = v.Kind == sigma.ValueInt && onlyFlags(f)
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
