package query

import (
	"strings"

	"github.com/soclab/soclab/query/esql"
)

// The multi-value functions MV_DEDUPE, MV_FIRST, MV_LAST, MV_MIN, MV_MAX,
// MV_JOIN and MV_CONTAINS, in Elasticsearch's semantics: each reads every
// value of a (possibly multi-valued) argument, null is the empty set, and
// the result is single-valued (MV_DEDUPE keeps a list).
func init() {
	for name, f := range map[string]scalarFunc{
		"MV_DEDUPE":   {1, 1, compileMvDedupe},
		"MV_FIRST":    {1, 1, mvPick(func(vs []Val, _ Type) Val { return vs[0] })},
		"MV_LAST":     {1, 1, mvPick(func(vs []Val, _ Type) Val { return vs[len(vs)-1] })},
		"MV_MIN":      {1, 1, mvPick(mvExtreme(-1))},
		"MV_MAX":      {1, 1, mvPick(mvExtreme(1))},
		"MV_JOIN":     {2, 2, compileMvJoin},
		"MV_CONTAINS": {2, 2, compileMvContains},
	} {
		scalars[name] = f
	}
}

// mvPick makes a function that picks one of a field's values (null for
// null).
func mvPick(pick func(vs []Val, t Type) Val) func(*compiler, *esql.Call, []*cexpr) (*cexpr, error) {
	return func(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
		f, t := args[0].fn, args[0].typ
		e := &cexpr{typ: t, node: x, fn: func(r *Row) Val {
			vs := f(r).values()
			if len(vs) == 0 {
				return null
			}
			return pick(vs, t)
		}}
		return foldConst(e, args), nil
	}
}

// mvExtreme is MV_MIN (sign -1) or MV_MAX (sign 1); IPs order by address.
func mvExtreme(sign int) func(vs []Val, t Type) Val {
	return func(vs []Val, t Type) Val {
		best := vs[0]
		for _, v := range vs[1:] {
			if compareVals(v, best, t)*sign > 0 {
				best = v
			}
		}
		return best
	}
}

// compileMvDedupe removes repeated values, keeping the first of each.
func compileMvDedupe(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	f, t := args[0].fn, args[0].typ
	e := &cexpr{typ: t, node: x, fn: func(r *Row) Val {
		v := f(r)
		if v.K != KMulti {
			return v
		}
		out := make([]Val, 0, len(v.L))
		for _, item := range v.L {
			if !containsVal(out, item, t) {
				out = append(out, item)
			}
		}
		if len(out) == 1 {
			return out[0]
		}
		return multiVal(out)
	}}
	return foldConst(e, args), nil
}

func containsVal(vs []Val, v Val, t Type) bool {
	for _, w := range vs {
		if w.K == v.K && compareVals(w, v, t) == 0 {
			return true
		}
	}
	return false
}

// compileMvJoin joins a string field's values with a delimiter.
func compileMvJoin(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
		return nil, err
	}
	if err := c.checkArg(x, 1, args[1], TKeyword, TText); err != nil {
		return nil, err
	}
	field, delim := args[0].fn, args[1].fn
	e := &cexpr{typ: TKeyword, node: x, fn: func(r *Row) Val {
		vs := field(r).values()
		d := delim(r)
		if len(vs) == 0 || d.K == KNull {
			return null
		}
		if d.K == KMulti {
			return c.warnNull(x, multiValueMsg)
		}
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = v.S
		}
		return strVal(strings.Join(parts, d.S))
	}}
	return foldConst(e, args), nil
}

// compileMvContains tells whether every value of the second argument is a
// value of the first; null is the empty set, which every set contains.
func compileMvContains(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	sup, sub := args[0], args[1]
	if sup.typ != TNull && sub.typ != TNull && !comparableTypes(sup.typ, sub.typ) {
		return nil, c.errorf(sub.node.Start(), "second argument of [%s] must be [%s], found value [%s] type [%s]",
			x, typeName(sup.typ), sub.node, typeName(sub.typ))
	}
	t := sup.typ
	e := &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
		have := sup.fn(r).values()
		for _, v := range sub.fn(r).values() {
			if !containsVal(have, v, t) {
				return boolVal(false)
			}
		}
		return boolVal(true)
	}}
	return foldConst(e, args), nil
}

func comparableTypes(a, b Type) bool {
	str := func(t Type) bool { return t == TKeyword || t == TText }
	whole := func(t Type) bool { return t == TLong || t == TInteger }
	return a == b || str(a) && str(b) || whole(a) && whole(b)
}
