package query

import (
	"strings"

	"github.com/soclab/soclab/query/esql"
)

func init() {
	aggregates["TOP"] = aggFunc{3, 3,
		func(t Type) (Type, bool) { return t, t != TSpan && t != TText },
		func(t Type, ps []Val) aggState {
			return &topState{typ: t, limit: int(ps[0].F), desc: strings.EqualFold(ps[1].S, "desc")}
		}}
	aggParamChecks["TOP"] = checkTopParams
}

// aggParamChecks validate the constant extra arguments of an aggregate,
// by name, after their types have been checked.
var aggParamChecks = map[string]func(c *compiler, x *esql.Call, params []Val) error{}

// checkTopParams: TOP(field, limit, order) takes a positive whole limit
// and "asc" or "desc".
func checkTopParams(c *compiler, x *esql.Call, ps []Val) error {
	if ps[0].K != KFloat || ps[0].F < 1 || ps[0].F != float64(int64(ps[0].F)) || ps[0].F > 10000 {
		return c.errorf(x.Args[1].Start(), "limit must be a whole number from 1 to 10000 in [%s], found [%s]", x, x.Args[1])
	}
	if ps[1].K != KStr || !strings.EqualFold(ps[1].S, "asc") && !strings.EqualFold(ps[1].S, "desc") {
		return c.errorf(x.Args[2].Start(), "invalid order value in [%s], expected one of [ASC, DESC] but got [%s]", x, x.Args[2])
	}
	return nil
}

// topState keeps the limit greatest (desc) or least (asc) values of a
// group, repeats included, in that order: Elasticsearch's TOP.
type topState struct {
	typ   Type
	limit int
	desc  bool
	vs    []Val
}

// before reports whether a comes first in the state's order.
func (s *topState) before(a, b Val) bool {
	c := compareVals(a, b, s.typ)
	if s.desc {
		return c > 0
	}
	return c < 0
}

func (s *topState) add(v Val) {
	if len(s.vs) == s.limit && !s.before(v, s.vs[len(s.vs)-1]) {
		return
	}
	i := len(s.vs)
	for i > 0 && s.before(v, s.vs[i-1]) {
		i--
	}
	if len(s.vs) < s.limit {
		s.vs = append(s.vs, Val{})
	}
	copy(s.vs[i+1:], s.vs[i:len(s.vs)-1])
	s.vs[i] = v
}

func (s *topState) merge(o aggState) {
	for _, v := range o.(*topState).vs {
		s.add(v)
	}
}

func (s *topState) result() Val { return multi(append([]Val(nil), s.vs...)) }
