package sigma

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// CorrelationTypes are the correlation types this package decodes.
var CorrelationTypes = map[string]bool{"event_count": true, "value_count": true, "temporal": true, "temporal_ordered": true}

// unsupportedTypes are newer Sigma correlation types that are rejected with a
// clear message.
var unsupportedTypes = map[string]bool{"value_sum": true, "value_avg": true, "value_percentile": true, "value_median": true, "value_min": true, "value_max": true}

var timespanRE = regexp.MustCompile(`^([0-9]+)([smhdw])$`)

// ParseTimespan parses a Sigma timespan: a number and one of s, m, h, d
// (and w, weeks).
func ParseTimespan(s string) (time.Duration, error) {
	m := timespanRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a timespan; write a number and a unit: s, m, h or d (e.g. 5m)", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n <= 0 || n > 366*24*3600 {
		return 0, fmt.Errorf("timespan %q is out of range", s)
	}
	unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[2]]
	d := time.Duration(n) * unit
	if d > 366*24*time.Hour {
		return 0, fmt.Errorf("timespan %q is longer than a year", s)
	}
	return d, nil
}

func (d *decoder) correlation(n *yaml.Node) *Correlation {
	c := &Correlation{Pos: pos(n), KeyPos: map[string]Pos{}}
	for _, kv := range d.pairs(n, "correlation") {
		k, v := kv[0], kv[1]
		c.KeyPos[k.Value] = pos(k)
		construct := "correlation." + k.Value
		switch k.Value {
		case "type":
			c.Type = d.str(v, construct)
			if unsupportedTypes[c.Type] {
				d.errorf(v, construct, "correlation type %q is not supported (supported: event_count, value_count, temporal, temporal_ordered)", c.Type)
			} else if c.Type != "" && !CorrelationTypes[c.Type] {
				d.errorf(v, construct, "unknown correlation type %q (use event_count, value_count, temporal or temporal_ordered)", c.Type)
			}
		case "rules":
			c.Rules = d.strList(v, construct)
		case "group-by":
			c.GroupBy = d.strList(v, construct)
		case "timespan":
			c.TimespanText = d.str(v, construct)
			if c.TimespanText != "" {
				ts, err := ParseTimespan(c.TimespanText)
				if err != nil {
					d.errorf(v, construct, "%v", err)
				}
				c.Timespan = ts
			}
		case "condition":
			c.Condition = d.countCondition(v)
		case "aliases":
			c.Aliases = d.aliases(v)
		case "generate":
			if b := d.boolean(v, construct); b != nil {
				c.Generate = *b
			}
		default:
			d.errorf(k, construct, "unknown attribute")
		}
	}
	d.checkCorrelation(n, c)
	return c
}

func (d *decoder) checkCorrelation(n *yaml.Node, c *Correlation) {
	if c.Type == "" {
		d.errorf(n, "correlation.type", "missing")
	}
	if len(c.Rules) == 0 {
		d.errorf(n, "correlation.rules", "missing: name the rules (by id or name) to correlate")
	}
	if c.TimespanText == "" {
		d.errorf(n, "correlation.timespan", "missing")
	}
	seen := map[string]bool{}
	for _, g := range c.GroupBy {
		if seen[g] {
			d.errorf(n, "correlation.group-by", "field %q is listed twice", g)
		}
		seen[g] = true
	}
	switch c.Type {
	case "event_count", "value_count":
		if c.Condition == nil || len(c.Condition.Ops) == 0 {
			d.errorf(n, "correlation.condition", "%s needs a condition such as {gte: 10}", c.Type)
		}
	case "temporal", "temporal_ordered":
		if len(c.Rules) < 2 {
			d.errorf(n, "correlation.rules", "%s needs at least two rules", c.Type)
		}
	}
	if c.Condition == nil {
		return
	}
	if c.Type == "value_count" && len(c.Condition.Field) == 0 {
		d.errorf(n, "correlation.condition.field", "value_count needs the field whose distinct values are counted")
	}
	if c.Type != "value_count" && len(c.Condition.Field) > 0 {
		d.errorf(n, "correlation.condition.field", "only value_count counts a field")
	}
}

func (d *decoder) countCondition(n *yaml.Node) *CountCondition {
	cc := &CountCondition{Pos: pos(n)}
	for _, kv := range d.pairs(n, "correlation.condition") {
		k, v := kv[0], kv[1]
		construct := "correlation.condition." + k.Value
		switch k.Value {
		case "gt", "gte", "lt", "lte", "eq", "neq":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
				d.errorf(v, construct, "must be a whole number")
				continue
			}
			num, err := strconv.ParseInt(v.Value, 0, 64)
			if err != nil || num < 0 {
				d.errorf(v, construct, "must be a whole number of 0 or more")
				continue
			}
			cc.Ops = append(cc.Ops, CountOp{Op: k.Value, N: num})
		case "field":
			cc.Field = d.strList(v, construct)
		default:
			d.errorf(k, construct, "unknown comparison (use gt, gte, lt, lte, eq, neq, and field for value_count)")
		}
	}
	if len(cc.Ops) > 0 && !satisfiable(cc) {
		d.errorf(n, "correlation.condition", "no count satisfies this condition")
	}
	return cc
}

// satisfiable reports whether some count in 0..max(N)+1 passes.
func satisfiable(cc *CountCondition) bool {
	var hi int64
	for _, op := range cc.Ops {
		if op.N > hi {
			hi = op.N
		}
	}
	for _, n := range []int64{0, 1, hi - 1, hi, hi + 1} {
		if n >= 0 && cc.Holds(n) {
			return true
		}
	}
	for _, op := range cc.Ops { // ranges: try the bounds' neighbours
		for _, n := range []int64{op.N - 1, op.N, op.N + 1} {
			if n >= 0 && cc.Holds(n) {
				return true
			}
		}
	}
	return false
}

func (d *decoder) aliases(n *yaml.Node) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, kv := range d.pairs(n, "correlation.aliases") {
		alias := kv[0].Value
		m := map[string]string{}
		for _, rv := range d.pairs(kv[1], "correlation.aliases."+alias) {
			m[rv[0].Value] = d.str(rv[1], "correlation.aliases."+alias+"."+rv[0].Value)
		}
		out[alias] = m
	}
	return out
}
