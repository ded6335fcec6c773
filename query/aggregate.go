package query

import (
	"maps"
	"math"
	"sort"

	"github.com/soclab/soclab/query/esql"
)

// aggState accumulates one aggregate for one group. add receives each
// single value of the argument (each value of a multi-valued cell; for
// COUNT(*) one null per row).
type aggState interface {
	add(v Val)
	merge(o aggState)
	result() Val
}

// aggFunc is one aggregate function.
type aggFunc struct {
	min, max int
	// check validates the argument type and returns the result type.
	check func(arg Type) (Type, bool)
	// newState makes an empty state; params are the constant extra
	// arguments (PERCENTILE's percentile).
	newState func(arg Type, params []Val) aggState
}

// aggregates is the table of aggregate functions, by upper-case name. It
// is made here, empty, and filled by init functions (this file's and
// aggregate_top.go's), so that their order does not matter.
var aggregates = map[string]aggFunc{}

func init() {
	anyType := func(t Type) (Type, bool) { return t, t != TSpan }
	numeric := func(res func(Type) Type) func(Type) (Type, bool) {
		return func(t Type) (Type, bool) { return res(t), t.IsNumeric() || t == TNull }
	}
	double := func(Type) Type { return TDouble }
	ordered := func(t Type) (Type, bool) { return t, t != TSpan && t != TText }
	maps.Copy(aggregates, map[string]aggFunc{
		"COUNT":          {0, 1, func(Type) (Type, bool) { return TLong, true }, func(Type, []Val) aggState { return &countState{} }},
		"COUNT_DISTINCT": {1, 2, func(t Type) (Type, bool) { return TLong, t != TSpan }, func(Type, []Val) aggState { return &distinctState{set: map[string]struct{}{}} }},
		"MIN":            {1, 1, ordered, func(t Type, _ []Val) aggState { return &minMaxState{typ: t, sign: -1} }},
		"MAX":            {1, 1, ordered, func(t Type, _ []Val) aggState { return &minMaxState{typ: t, sign: 1} }},
		"SUM":            {1, 1, numeric(func(t Type) Type { return map[bool]Type{true: TDouble, false: TLong}[t == TDouble] }), func(t Type, _ []Val) aggState { return &sumState{float: t == TDouble} }},
		"AVG":            {1, 1, numeric(double), func(Type, []Val) aggState { return &avgState{} }},
		"MEDIAN":         {1, 1, numeric(double), func(Type, []Val) aggState { return &percentileState{p: 50} }},
		"PERCENTILE":     {2, 2, numeric(double), func(_ Type, ps []Val) aggState { return &percentileState{p: ps[0].F} }},
		"VALUES":         {1, 1, anyType, func(t Type, _ []Val) aggState { return &valuesState{typ: t, set: map[string]struct{}{}} }},
	})
}

// isAggregate reports whether e is a call of an aggregate function.
func isAggregate(e esql.Expr) bool {
	c, ok := e.(*esql.Call)
	if !ok {
		return false
	}
	_, ok = aggregates[c.Name]
	return ok
}

type countState struct{ n int64 }

func (s *countState) add(Val)          { s.n++ }
func (s *countState) merge(o aggState) { s.n += o.(*countState).n }
func (s *countState) result() Val      { return intVal(s.n) }

// distinctState counts distinct values exactly (Elasticsearch's
// COUNT_DISTINCT is approximate above its precision threshold; soclab's
// is always exact).
type distinctState struct {
	set map[string]struct{}
	buf []byte
}

func (s *distinctState) add(v Val) {
	if v.K == KStr {
		if _, ok := s.set[v.S]; !ok {
			s.set[v.S] = struct{}{}
		}
		return
	}
	s.buf = keyBytes(s.buf[:0], v)
	if _, ok := s.set[string(s.buf)]; !ok {
		s.set[string(s.buf)] = struct{}{}
	}
}

func (s *distinctState) merge(o aggState) {
	for k := range o.(*distinctState).set {
		s.set[k] = struct{}{}
	}
}

func (s *distinctState) result() Val { return intVal(int64(len(s.set))) }

type minMaxState struct {
	typ  Type
	sign int
	have bool
	v    Val
}

func (s *minMaxState) add(v Val) {
	if !s.have || compareVals(v, s.v, s.typ)*s.sign > 0 {
		s.v, s.have = v, true
	}
}

func (s *minMaxState) merge(o aggState) {
	if m := o.(*minMaxState); m.have {
		s.add(m.v)
	}
}

func (s *minMaxState) result() Val { return s.v }

type sumState struct {
	float    bool
	have     bool
	overflow bool
	i        int64
	f        float64
}

func (s *sumState) add(v Val) {
	s.have = true
	if s.float {
		s.f += v.F
		return
	}
	r := s.i + v.I
	if (s.i >= 0) == (v.I >= 0) && (r >= 0) != (s.i >= 0) {
		s.overflow = true
	}
	s.i = r
}

func (s *sumState) merge(o aggState) {
	m := o.(*sumState)
	if !m.have {
		return
	}
	s.overflow = s.overflow || m.overflow
	if s.float {
		s.add(floatVal(m.f))
	} else {
		s.add(intVal(m.i))
	}
}

func (s *sumState) result() Val {
	switch {
	case !s.have || s.overflow:
		return null
	case s.float:
		return floatVal(s.f)
	}
	return intVal(s.i)
}

type avgState struct {
	sum float64
	n   int64
}

func (s *avgState) add(v Val) {
	if v.K == KFloat {
		s.sum += v.F
	} else {
		s.sum += float64(v.I)
	}
	s.n++
}

func (s *avgState) merge(o aggState) {
	m := o.(*avgState)
	s.sum += m.sum
	s.n += m.n
}

func (s *avgState) result() Val {
	if s.n == 0 {
		return null
	}
	return floatVal(s.sum / float64(s.n))
}

// percentileState keeps every value and interpolates linearly between the
// two closest ranks: exact, where Elasticsearch's t-digest is approximate
// on large inputs.
type percentileState struct {
	p  float64
	vs []float64
}

func (s *percentileState) add(v Val) {
	if v.K == KFloat {
		s.vs = append(s.vs, v.F)
	} else {
		s.vs = append(s.vs, float64(v.I))
	}
}

func (s *percentileState) merge(o aggState) { s.vs = append(s.vs, o.(*percentileState).vs...) }

func (s *percentileState) result() Val {
	if len(s.vs) == 0 {
		return null
	}
	sort.Float64s(s.vs)
	rank := s.p / 100 * float64(len(s.vs)-1)
	lo := int(math.Floor(rank))
	hi := min(lo+1, len(s.vs)-1)
	frac := rank - float64(lo)
	return floatVal(s.vs[lo] + (s.vs[hi]-s.vs[lo])*frac)
}

// valuesState collects distinct values; the result is sorted so that it is
// deterministic (Elasticsearch leaves the order unspecified).
type valuesState struct {
	typ Type
	set map[string]struct{}
	vs  []Val
	buf []byte
}

func (s *valuesState) add(v Val) {
	s.buf = keyBytes(s.buf[:0], v)
	if _, ok := s.set[string(s.buf)]; !ok {
		s.set[string(s.buf)] = struct{}{}
		s.vs = append(s.vs, v)
	}
}

func (s *valuesState) merge(o aggState) {
	for _, v := range o.(*valuesState).vs {
		s.add(v)
	}
}

func (s *valuesState) result() Val {
	sort.Slice(s.vs, func(i, j int) bool { return compareVals(s.vs[i], s.vs[j], s.typ) < 0 })
	return multi(s.vs)
}
