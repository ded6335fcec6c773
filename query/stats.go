package query

import (
	"cmp"
	"slices"

	"github.com/soclab/soclab/query/esql"
	"github.com/soclab/soclab/store/columnar"
)

// aggCall is one aggregate function call of a STATS command.
type aggCall struct {
	fn     aggFunc
	arg    *cexpr // nil for COUNT(*)
	argTyp Type
	params []Val
	filter *cexpr // STATS agg WHERE filter: only rows where it is true count; nil for all
}

// statsOp is a compiled STATS: the aggregates, the output expressions over
// their results, and the grouping keys. Output columns come in
// Elasticsearch's order: the aggregates, then the BY keys.
type statsOp struct {
	aggs    []aggCall
	outs    []*cexpr // evaluated over a Row whose vals are the aggregate results
	names   []string
	types   []Type
	by      []*cexpr
	byNames []string
	// dictKey is the accessor of the one BY key when it is a plain source
	// column (-1 otherwise): its dictionary codes then pick the group.
	dictKey int
}

// compileStats compiles s against the compiler's current scope.
func (c *compiler) compileStats(s *esql.Stats) (*statsOp, error) {
	op := &statsOp{dictKey: -1}
	aggScope := &scope{}
	for _, f := range s.Aggs {
		first := len(op.aggs)
		rewritten, err := c.extractAggs(f.Expr, op, aggScope)
		if err != nil {
			return nil, err
		}
		if err := c.aggFilter(f, op.aggs[first:]); err != nil {
			return nil, err
		}
		if rewritten == f.Expr && !isAggregate(f.Expr) {
			return nil, c.errorf(f.Expr.Start(), "expected an aggregate function but found [%s]", f.Expr)
		}
		sub := *c
		sub.sc = aggScope
		out, err := sub.expr(rewritten)
		if err != nil {
			return nil, err
		}
		op.outs = append(op.outs, out)
		op.names = append(op.names, f.Name)
		op.types = append(op.types, out.typ)
	}
	for _, f := range s.By {
		if isAggregate(f.Expr) {
			return nil, c.errorf(f.Expr.Start(), "cannot group by an aggregate function [%s]", f.Expr)
		}
		k, err := c.expr(f.Expr)
		if err != nil {
			return nil, err
		}
		if k.typ == TSpan {
			return nil, c.errorf(f.Expr.Start(), "cannot group by a time span [%s]", f.Expr)
		}
		op.by = append(op.by, k)
		op.byNames = append(op.byNames, f.Name)
		op.names = append(op.names, f.Name)
		op.types = append(op.types, k.typ)
	}
	if len(op.by) == 1 && op.by[0].direct && isString(op.by[0].typ) || len(op.by) == 1 && op.by[0].direct && op.by[0].typ == TIP {
		op.dictKey = op.by[0].src
	}
	return op, nil
}

// extractAggs replaces every aggregate call in e by a reference to its
// result slot, compiling the call's argument in the current scope.
func (c *compiler) extractAggs(e esql.Expr, op *statsOp, aggScope *scope) (esql.Expr, error) {
	var firstErr error
	out := rewrite(e, func(x esql.Expr) (esql.Expr, bool) {
		call, ok := x.(*esql.Call)
		if !ok || !isAggregate(call) || firstErr != nil {
			return nil, false
		}
		a, err := c.aggCall(call)
		if err != nil {
			firstErr = err
			return x, true
		}
		slot := len(op.aggs)
		op.aggs = append(op.aggs, a)
		name := "$agg" + itoa(slot)
		res, _ := a.fn.check(a.argTyp)
		aggScope.set(colRef{name: name, typ: res, src: -1, slot: slot})
		return &esql.Ident{At: call.At, Name: name}, true
	})
	return out, firstErr
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func (c *compiler) aggCall(x *esql.Call) (aggCall, error) {
	fn := aggregates[x.Name]
	if x.Star {
		if x.Name != "COUNT" {
			return aggCall{}, c.errorf(x.At, "[*] is only valid in COUNT(*)")
		}
		return aggCall{fn: fn, argTyp: TNull}, nil
	}
	if len(x.Args) < max(fn.min, 1) || len(x.Args) > fn.max {
		return aggCall{}, c.errorf(x.At, "function [%s] expects %s, found %d", x.Name, arity(max(fn.min, 1), fn.max), len(x.Args))
	}
	for _, a := range x.Args {
		var nested esql.Expr
		esql.Walk(a, func(e esql.Expr) {
			if nested == nil && isAggregate(e) {
				nested = e
			}
		})
		if nested != nil {
			return aggCall{}, c.errorf(nested.Start(), "nested aggregations [%s] not allowed inside other aggregations [%s]", nested, x)
		}
	}
	arg, err := c.expr(x.Args[0])
	if err != nil {
		return aggCall{}, err
	}
	if _, ok := fn.check(arg.typ); !ok {
		want := "numeric"
		if x.Name == "MIN" || x.Name == "MAX" {
			want = "boolean, date, ip, keyword or numeric"
		}
		return aggCall{}, c.errorf(arg.node.Start(), "first argument of [%s] must be [%s], found value [%s] type [%s]", x, want, x.Args[0], typeName(arg.typ))
	}
	a := aggCall{fn: fn, arg: arg, argTyp: arg.typ}
	for i, p := range x.Args[1:] {
		pc, err := c.expr(p)
		if err != nil {
			return aggCall{}, err
		}
		if pc.konst && pc.typ == TKeyword && x.Name == "TOP" {
			a.params = append(a.params, pc.val) // TOP's order
			continue
		}
		if !pc.konst || !pc.typ.IsNumeric() {
			return aggCall{}, c.errorf(p.Start(), "%s argument of [%s] must be a constant number, found [%s]", ordinal(i+1), x, p)
		}
		a.params = append(a.params, toDouble(pc).val)
	}
	if check := aggParamChecks[x.Name]; check != nil {
		if err := check(c, x, a.params); err != nil {
			return aggCall{}, err
		}
	}
	if x.Name == "PERCENTILE" && (a.params[0].F < 0 || a.params[0].F > 100) {
		return aggCall{}, c.errorf(x.Args[1].Start(), "percentile must be between 0 and 100, found [%s]", x.Args[1])
	}
	return a, nil
}

// rewrite returns e with every node for which fn returns (n, true)
// replaced by n; other nodes are copied as needed.
func rewrite(e esql.Expr, fn func(esql.Expr) (esql.Expr, bool)) esql.Expr {
	if n, ok := fn(e); ok {
		return n
	}
	switch x := e.(type) {
	case *esql.Unary:
		y := *x
		y.X = rewrite(x.X, fn)
		return &y
	case *esql.Binary:
		y := *x
		y.X, y.Y = rewrite(x.X, fn), rewrite(x.Y, fn)
		return &y
	case *esql.In:
		y := *x
		y.X = rewrite(x.X, fn)
		y.List = make([]esql.Expr, len(x.List))
		for i, a := range x.List {
			y.List[i] = rewrite(a, fn)
		}
		return &y
	case *esql.Like:
		y := *x
		y.X = rewrite(x.X, fn)
		return &y
	case *esql.IsNull:
		y := *x
		y.X = rewrite(x.X, fn)
		return &y
	case *esql.Call:
		y := *x
		y.Args = make([]esql.Expr, len(x.Args))
		for i, a := range x.Args {
			y.Args[i] = rewrite(a, fn)
		}
		return &y
	case *esql.Cast:
		y := *x
		y.X = rewrite(x.X, fn)
		return &y
	}
	return e
}

// groupTable accumulates a statsOp's groups in order of first appearance.
type groupTable struct {
	mem    *memBudget // the query's, or nil
	op     *statsOp
	dcol   *columnar.Column // the column dgroups is for
	dgroup []int32          // dictionary code → group index + 1
	index  map[string]int32
	// sindex holds the groups of a single string key, keyed by the string
	// itself: no key encoding, and no copy, for a high-cardinality STATS.
	sindex    map[string]int32
	keys      [][]Val
	states    [][]aggState
	first     []int64 // where each group was first seen: row group << 32 | row
	base      int64   // the current row group << 32
	pos       int64   // the position of the row being pushed
	keySlab   []Val
	stateSlab []aggState
	buf       []byte
	kv        []Val
	argv      []Val
	skip      []bool // per aggregate: the row fails its WHERE filter
	// chunks is about how many row groups this table will see; with the
	// first dictionary it sizes sindex once instead of growing it.
	chunks int
}

func newGroupTable(op *statsOp) *groupTable {
	return &groupTable{op: op, index: map[string]int32{}, kv: make([]Val, len(op.by)), argv: make([]Val, len(op.aggs))}
}

// maxGroupHint caps the groups a table reserves room for up front.
const maxGroupHint = 1 << 22

// reserve sizes an empty sindex for the groups a dictionary of n strings
// suggests: n per row group when most of the group's rows are distinct.
func (g *groupTable) reserve(n, rows int) {
	if g.sindex != nil || len(g.keys) > 0 || n < 4096 || 2*n < rows {
		return
	}
	hint := min(n*max(1, g.chunks), maxGroupHint)
	g.sindex = make(map[string]int32, hint)
	g.keys = make([][]Val, 0, hint)
	g.states = make([][]aggState, 0, hint)
	g.first = make([]int64, 0, hint)
}

func (g *groupTable) newStates() []aggState {
	n := len(g.op.aggs)
	if len(g.stateSlab) < n {
		g.stateSlab = make([]aggState, max(1024, n))
	}
	st := g.stateSlab[:n:n]
	g.stateSlab = g.stateSlab[n:]
	for i, a := range g.op.aggs {
		st[i] = a.fn.newState(a.argTyp, a.params)
	}
	return st
}

// lookup finds the group of the given key values. A single string key is
// looked up by itself in sindex; other keys by their encoding, left in
// g.buf, in index.
func (g *groupTable) lookup(kv []Val) (int32, bool) {
	if len(kv) == 1 && kv[0].K == KStr {
		i, ok := g.sindex[kv[0].S]
		return i, ok
	}
	g.buf = g.buf[:0]
	for _, v := range kv {
		g.buf = keyBytes(g.buf, v)
	}
	i, ok := g.index[string(g.buf)]
	return i, ok
}

// insert records the key last passed to lookup as group i.
func (g *groupTable) insert(kv []Val, i int32) {
	if len(kv) == 1 && kv[0].K == KStr {
		if g.sindex == nil {
			g.sindex = map[string]int32{}
		}
		g.sindex[kv[0].S] = i
		return
	}
	g.index[string(g.buf)] = i
}

// group returns the index of the group with the given key values,
// creating it (at position g.pos) if needed. Keys and state lists are cut
// from slabs, so a high-cardinality STATS allocates little per group.
func (g *groupTable) group(kv []Val) int32 {
	if i, ok := g.lookup(kv); ok {
		return i
	}
	gi := int32(len(g.keys))
	g.mem.charge(rowBytes(kv)+64, "the STATS groups")
	g.insert(kv, gi)
	if len(g.keySlab) < len(kv) {
		g.keySlab = make([]Val, max(1024, len(kv)))
	}
	key := g.keySlab[:len(kv):len(kv)]
	g.keySlab = g.keySlab[len(kv):]
	copy(key, kv)
	g.keys = append(g.keys, key)
	g.first = append(g.first, g.pos)
	g.states = append(g.states, g.newStates())
	return gi
}

// push adds one row. A multi-valued key puts the row in the group of each
// of its values, as Elasticsearch does.
func (g *groupTable) push(r *Row) bool {
	g.pos = g.base | int64(r.i)
	if g.op.dictKey >= 0 && r.acc != nil {
		acc := &r.acc[g.op.dictKey]
		if code, ok := acc.dictCode(r.i); ok && code >= 0 {
			if acc.c != g.dcol {
				g.dcol = acc.c
				g.dgroup = make([]int32, len(acc.c.Dict))
				g.reserve(len(acc.c.Dict), acc.c.Len)
			}
			gi := g.dgroup[code] - 1
			if gi < 0 {
				g.kv[0] = strVal(acc.c.Dict[code])
				gi = g.group(g.kv)
				g.dgroup[code] = gi + 1
			}
			g.args(r)
			g.addTo(g.states[gi])
			return true
		}
	}
	multiKey := false
	for i, k := range g.op.by {
		g.kv[i] = k.fn(r)
		multiKey = multiKey || g.kv[i].K == KMulti
	}
	g.args(r)
	if !multiKey {
		g.addTo(g.states[g.group(g.kv)])
		return true
	}
	combos := [][]Val{nil}
	for _, v := range g.kv {
		vals := v.values()
		if len(vals) == 0 {
			vals = []Val{null}
		}
		var next [][]Val
		for _, c := range combos {
			for _, x := range vals {
				next = append(next, append(append([]Val(nil), c...), x))
			}
		}
		combos = next
	}
	for _, c := range combos {
		g.addTo(g.states[g.group(c)])
	}
	return true
}

func (g *groupTable) addTo(st []aggState) {
	for i, a := range g.op.aggs {
		if a.filter != nil && g.skip[i] {
			continue
		}
		if a.arg == nil {
			st[i].add(null)
			continue
		}
		v := g.argv[i]
		switch v.K {
		case KNull:
		case KMulti:
			for _, x := range v.L {
				st[i].add(x)
			}
		default:
			st[i].add(v)
		}
	}
}

// merge folds another partial table into g; each group keeps the earliest
// position it was seen at.
func (g *groupTable) merge(o *groupTable) {
	g.keys = slices.Grow(g.keys, len(o.keys))
	g.states = slices.Grow(g.states, len(o.keys))
	g.first = slices.Grow(g.first, len(o.keys))
	for i, k := range o.keys {
		gi, ok := g.lookup(k)
		if !ok {
			g.insert(k, int32(len(g.keys)))
			g.keys = append(g.keys, k)
			g.states = append(g.states, o.states[i])
			g.first = append(g.first, o.first[i])
			continue
		}
		g.first[gi] = min(g.first[gi], o.first[i])
		for j, s := range o.states[i] {
			g.states[gi][j].merge(s)
		}
	}
}

// sortByFirstSeen orders the groups as they first appeared in the input,
// which makes the output independent of how rows were split over workers.
// Groups first seen at the same position keep their order (a stable sort,
// done as an unstable one on (position, index)).
func (g *groupTable) sortByFirstSeen() {
	idx := make([]int32, len(g.keys))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := cmp.Compare(g.first[a], g.first[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	keys := make([][]Val, len(idx))
	states := make([][]aggState, len(idx))
	first := make([]int64, len(idx))
	for i, j := range idx {
		keys[i], states[i], first[i] = g.keys[j], g.states[j], g.first[j]
	}
	g.keys, g.states, g.first = keys, states, first
	g.index, g.sindex = nil, nil
}

// rows renders the groups as output rows. A STATS without BY over no rows
// still yields one row (COUNT 0, other aggregates null). The rows are cut
// from one slab.
func (g *groupTable) rows() [][]Val {
	if len(g.op.by) == 0 && len(g.keys) == 0 {
		g.index = map[string]int32{}
		g.group(nil)
	}
	out := make([][]Val, len(g.keys))
	width := len(g.op.outs) + len(g.op.by)
	slab := make([]Val, len(g.keys)*width)
	res := make([]Val, len(g.op.aggs))
	r := &Row{vals: res}
	for i, k := range g.keys {
		for j, s := range g.states[i] {
			res[j] = s.result()
		}
		row := slab[:0:width]
		slab = slab[width:]
		for _, o := range g.op.outs {
			row = append(row, o.fn(r))
		}
		out[i] = append(row, k...)
	}
	return out
}
