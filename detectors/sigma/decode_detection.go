package sigma

import (
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

func (d *decoder) detection(n *yaml.Node) *Detection {
	det := &Detection{Pos: pos(n)}
	var cond *yaml.Node
	for _, kv := range d.pairs(n, "detection") {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "condition":
			cond = v
		case "timeframe":
			d.errorf(k, "detection.timeframe", "timeframe is not supported; write a correlation rule with a timespan instead")
		default:
			if s := d.search(k, v); s != nil {
				det.Searches = append(det.Searches, s)
			}
		}
	}
	if cond == nil {
		d.errorf(n, "detection.condition", "missing condition")
		return det
	}
	if len(det.Searches) == 0 {
		d.errorf(n, "detection", "no search identifiers")
	}
	d.conditions(det, cond)
	return det
}

func validIdent(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !identByte(c) || c == '*' {
			return false
		}
	}
	_, isKeyword := keywords[lower(name)]
	return !isKeyword
}

func (d *decoder) search(k, v *yaml.Node) *Search {
	name := k.Value
	construct := "detection." + name
	if !validIdent(name) {
		d.errorf(k, construct, "a search identifier is made of letters, digits, \"_\", \"-\" and \".\", and is not a condition keyword")
		return nil
	}
	s := &Search{Name: name, Pos: pos(k)}
	before := len(d.errs)
	switch v.Kind {
	case yaml.MappingNode:
		if g := d.group(v, construct); g != nil {
			s.Groups = append(s.Groups, g)
		}
	case yaml.SequenceNode:
		var kw []Value
		for _, it := range v.Content {
			switch it.Kind {
			case yaml.MappingNode:
				if g := d.group(it, construct); g != nil {
					s.Groups = append(s.Groups, g)
				}
			case yaml.ScalarNode:
				kw = append(kw, d.value(it, construct))
			default:
				d.errorf(it, construct, "list items must be values or maps, found %s", kindName(it))
			}
		}
		if len(kw) > 0 {
			f := &FieldMatch{Values: kw, Pos: pos(v)}
			s.Groups = append(s.Groups, []*FieldMatch{f})
		}
	case yaml.ScalarNode:
		if isNullNode(v) {
			d.errorf(v, construct, "search identifier is empty")
			return nil
		}
		s.Groups = append(s.Groups, []*FieldMatch{{Values: []Value{d.value(v, construct)}, Pos: pos(v)}})
	default:
		d.errorf(v, construct, "must be a map or a list, found %s", kindName(v))
		return nil
	}
	if len(s.Groups) == 0 && len(d.errs) == before {
		d.errorf(v, construct, "search identifier is empty")
	}
	return s // kept even when broken, so the condition does not report it missing
}

// group decodes one map of field matches (linked with AND).
func (d *decoder) group(n *yaml.Node, construct string) []*FieldMatch {
	var g []*FieldMatch
	for _, kv := range d.pairs(n, construct) {
		k, v := kv[0], kv[1]
		parts := strings.Split(k.Value, "|")
		f := &FieldMatch{Field: parts[0], Modifiers: parts[1:], Key: k.Value, Pos: pos(k)}
		fc := construct + "." + k.Value
		for i, m := range f.Modifiers {
			f.Modifiers[i] = strings.ToLower(strings.TrimSpace(m))
		}
		switch v.Kind {
		case yaml.ScalarNode:
			f.Values = []Value{d.value(v, fc)}
		case yaml.SequenceNode:
			if len(v.Content) == 0 {
				d.errorf(v, fc, "empty list of values")
				continue
			}
			for _, it := range v.Content {
				if it.Kind != yaml.ScalarNode {
					d.errorf(it, fc, "values must be strings, numbers, booleans or null, found %s", kindName(it))
					continue
				}
				if isNullNode(it) && len(v.Content) > 1 {
					d.errorf(it, fc, "null inside a list of values is not allowed: test a missing field with its own search (%s: null) linked with or", f.Field)
					continue
				}
				f.Values = append(f.Values, d.value(it, fc))
			}
		default:
			d.errorf(v, fc, "a field's value must be a value or a list of values, found %s", kindName(v))
			continue
		}
		if msg := checkModifiers(f); msg != "" {
			d.errorf(k, fc, "%s", msg)
			continue
		}
		g = append(g, f)
	}
	if len(g) == 0 && len(n.Content) == 0 {
		d.errorf(n, construct, "empty map")
	}
	return g
}

// value converts a YAML scalar, keeping its type as YAML resolved it.
func (d *decoder) value(n *yaml.Node, construct string) Value {
	v := Value{Str: n.Value, Pos: pos(n)}
	switch n.Tag {
	case "!!null":
		v.Kind, v.Str = ValueNull, ""
	case "!!bool":
		v.Kind = ValueBool
		v.Bool = strings.EqualFold(n.Value, "true")
		v.Str = strconv.FormatBool(v.Bool)
	case "!!int":
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil {
			d.errorf(n, construct, "number %q is out of range", n.Value)
		}
		v.Kind, v.Int, v.Float = ValueInt, i, float64(i)
		v.Str = strconv.FormatInt(i, 10)
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.errorf(n, construct, "number %q is not a finite number", n.Value)
		}
		v.Kind, v.Float = ValueFloat, f
		v.Str = strconv.FormatFloat(f, 'f', -1, 64)
	default:
		v.Kind = ValueString
	}
	return v
}

func (d *decoder) conditions(det *Detection, n *yaml.Node) {
	var nodes []*yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		nodes = []*yaml.Node{n}
	case yaml.SequenceNode:
		nodes = n.Content
	}
	if len(nodes) == 0 || isNullNode(n) {
		d.errorf(n, "detection.condition", "must be a condition string or a list of them")
		return
	}
	for _, c := range nodes {
		if c.Kind != yaml.ScalarNode || isNullNode(c) {
			d.errorf(c, "detection.condition", "must be a condition string, found %s", kindName(c))
			continue
		}
		expr, err := ParseCondition(c.Value)
		if err != nil {
			pe := err.(*ParseError)
			d.errs = append(d.errs, d.rule.Errorf(conditionPos(c, pe.Pos), "detection.condition", "%s", pe.Msg))
			continue
		}
		if d.resolve(det, c, expr) {
			det.Conditions = append(det.Conditions, expr)
			det.ConditionText = append(det.ConditionText, c.Value)
		}
	}
}

// conditionPos turns a byte offset in a condition into a file position; it
// is exact for conditions written on one line.
func conditionPos(n *yaml.Node, off int) Pos {
	p := pos(n)
	switch n.Style {
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		p.Col++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		p.Line++
		p.Col = 1
	}
	p.Col += off
	return p
}

// resolve checks that every identifier the condition names exists.
func (d *decoder) resolve(det *Detection, c *yaml.Node, expr Expr) bool {
	ok := true
	Walk(expr, func(e Expr) {
		switch n := e.(type) {
		case *Ident:
			if det.Search(n.Name) == nil {
				ok = false
				if strings.Contains(n.Name, "*") {
					d.errs = append(d.errs, d.rule.Errorf(conditionPos(c, n.Pos), "detection.condition", "wildcard %q needs a quantifier, e.g. \"1 of %s\"", n.Name, n.Name))
					return
				}
				d.errs = append(d.errs, d.rule.Errorf(conditionPos(c, n.Pos), "detection.condition", "unknown search identifier %q", n.Name))
			}
		case *Of:
			matched := 0
			for _, s := range det.Searches {
				if MatchPattern(n.Pattern, s.Name) {
					matched++
				}
			}
			if matched == 0 {
				ok = false
				d.errs = append(d.errs, d.rule.Errorf(conditionPos(c, n.Pos), "detection.condition", "%q matches no search identifier", n.String()))
			}
		}
	})
	return ok
}
