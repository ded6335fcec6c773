package query

import (
	"sort"
	"strings"

	"github.com/soclab/soclab/query/esql"
	"github.com/soclab/soclab/store/columnar"
)

// DefaultLimit is the number of rows a query returns without a LIMIT, and
// MaxLimit the most any LIMIT returns, as in Elasticsearch.
const (
	DefaultLimit = 1000
	MaxLimit     = 10000
)

// input is one table a query reads, and the indices of it that FROM
// selected (nil: all of them).
type input struct {
	t     columnar.TableReader
	allow map[string]bool
}

// sinkKind says how stage A's rows are gathered.
type sinkKind int

const (
	sinkAggregate sinkKind = iota // STATS: groups
	sinkTopN                      // SORT … LIMIT n: the n first rows
	sinkCollect                   // every row (up to limit when >= 0)
)

// orderKey is one compiled SORT key.
type orderKey struct {
	e          *cexpr
	desc       bool
	nullsFirst bool
}

// plan is a compiled query. Stage A streams the tables' row groups through
// WHERE, EVAL, MV_EXPAND and projections, in parallel, into a sink (STATS,
// top-N or collect); stage B runs the remaining commands over the sink's
// rows in memory.
type plan struct {
	query    string
	inputs   []input
	srcNames []string
	srcTypes []Type
	used     []bool
	nslots   int
	aOps     []aOp
	sink     sinkKind
	stats    *statsOp
	statsTop *statsTop  // a SORT … LIMIT right after STATS, or nil
	pre      *prefilter // what the first WHERE lets a row group skip, or nil
	limit    int
	orders   []orderKey
	aCols    []colRef // the columns stage A materialises (collect, top-N)
	bOps     []bOp
	out      *scope // stage B's final scope (dense slots)
	warn     *warnings
	mem      *memBudget // bytes held by collected rows, sort buffers, groups
}

// aOp wraps the next step of stage A's push chain.
type aOp func(next pushFn) pushFn

// pushFn takes one row; false stops the scan of the current row group.
type pushFn func(r *Row) bool

// rowset is stage B's data: rows whose cells follow a dense scope.
type rowset struct {
	rows [][]Val
}

// bOp is one compiled stage B command.
type bOp func(rs *rowset) *rowset

// planner compiles a parsed query against tables.
type planner struct {
	c      *compiler
	p      *plan
	srcIdx map[string]int
}

// planOptions are the extras of a search: a KQL filter applied first, and
// a limit that is not capped at MaxLimit.
type planOptions struct {
	filter func(*compiler) (*cexpr, error)
	noCap  bool
}

func compilePlan(q *esql.Query, src string, tables []columnar.TableReader, now int64, opts planOptions) (*plan, error) {
	q, tables = desugarRow(q, tables)
	q, err := desugarDissect(q, src)
	if err != nil {
		return nil, err
	}
	if q, err = desugarGrok(q, src); err != nil {
		return nil, err
	}
	w := &warnings{query: src}
	pl := &planner{
		c:      &compiler{query: src, warn: w, now: now},
		p:      &plan{query: src, warn: w, limit: -1},
		srcIdx: map[string]int{},
	}
	if err := pl.from(q.From, tables); err != nil {
		return nil, err
	}
	if opts.filter != nil {
		if err := pl.filter(opts.filter); err != nil {
			return nil, err
		}
	}
	cmds := q.Commands
	if !opts.noCap {
		cmds = withLimit(cmds)
	}
	k := 0
	for ; k < len(cmds); k++ {
		ok, err := pl.streaming(cmds[k])
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
	}
	rest, err := pl.sink(cmds, k)
	if err != nil {
		return nil, err
	}
	for i, cmd := range rest {
		limit := -1
		if _, ok := cmd.(*esql.Sort); ok && i+1 < len(rest) {
			if l, ok := rest[i+1].(*esql.Limit); ok {
				limit = l.N
			}
		}
		if s, ok := cmd.(*esql.Sort); ok && i == 0 && limit >= 0 && pl.p.sink == sinkAggregate {
			// STATS | SORT | LIMIT: only the first groups become rows.
			orders, err := pl.orders(s)
			if err != nil {
				return nil, err
			}
			pl.p.statsTop = &statsTop{orders: orders, limit: limit}
			continue
		}
		if err := pl.stageB(cmd, limit); err != nil {
			return nil, err
		}
	}
	pl.p.out = pl.c.sc
	return pl.p, nil
}

// filter adds a compiled predicate as the first WHERE of stage A; every
// source column counts as used, since KQL may name them by pattern.
func (pl *planner) filter(f func(*compiler) (*cexpr, error)) error {
	cond, err := f(pl.c)
	if err != nil {
		return err
	}
	for i := range pl.p.used {
		pl.p.used[i] = true
	}
	fn := cond.fn
	pl.p.aOps = append(pl.p.aOps, func(next pushFn) pushFn {
		return func(r *Row) bool {
			if fn(r).truth() {
				return next(r)
			}
			return true
		}
	})
	return nil
}

// withLimit appends the implicit LIMIT and caps explicit ones.
func withLimit(cmds []esql.Command) []esql.Command {
	out := make([]esql.Command, 0, len(cmds)+1)
	for _, c := range cmds {
		if l, ok := c.(*esql.Limit); ok && l.N > MaxLimit {
			c = &esql.Limit{At: l.At, N: MaxLimit}
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return append(out, &esql.Limit{N: DefaultLimit})
	}
	if _, ok := out[len(out)-1].(*esql.Limit); !ok {
		out = append(out, &esql.Limit{N: DefaultLimit})
	}
	return out
}

// from resolves FROM's index patterns to tables and builds the source
// scope: the union of the fields of the selected indices, sorted by name.
func (pl *planner) from(f *esql.From, tables []columnar.TableReader) error {
	types := map[string]Type{}
	matched := false
	for _, ix := range f.Indices {
		if !strings.Contains(ix.Name, "*") && !anyIndex(tables, ix.Name) {
			return pl.c.errorf(ix.At, "Unknown index [%s]", ix.Name)
		}
	}
	for _, t := range tables {
		tt := map[string]Type{}
		for _, fl := range t.Fields() {
			tt[fl.Name] = fl.Type
		}
		in := input{t: t, allow: map[string]bool{}}
		all := true
		for _, info := range t.Indices() {
			if !matchesAny(f.Indices, info.Name) {
				all = false
				continue
			}
			in.allow[info.Name] = true
			for _, name := range info.Fields {
				if typ, ok := tt[name]; ok {
					types[name] = columnar.Unify(types[name], typ)
				}
			}
		}
		if len(in.allow) == 0 {
			continue
		}
		matched = true
		if all {
			in.allow = nil
		}
		pl.p.inputs = append(pl.p.inputs, in)
	}
	if !matched {
		names := make([]string, len(f.Indices))
		for i, ix := range f.Indices {
			names[i] = ix.Name
		}
		return pl.c.errorf(f.Indices[0].At, "Unknown index [%s]", strings.Join(names, ","))
	}
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	sc := &scope{}
	for _, n := range names {
		sc.cols = append(sc.cols, pl.source(n, types[n]))
	}
	for _, m := range f.Metadata {
		if m.Name != columnar.IndexField {
			return pl.c.errorf(m.At, "unsupported metadata field [%s], only [_index] is available", m.Name)
		}
		sc.set(pl.source(columnar.IndexField, TKeyword))
	}
	pl.c.sc = sc
	return nil
}

func (pl *planner) source(name string, t Type) colRef {
	k := len(pl.p.srcNames)
	pl.srcIdx[name] = k
	pl.p.srcNames = append(pl.p.srcNames, name)
	pl.p.srcTypes = append(pl.p.srcTypes, t)
	pl.p.used = append(pl.p.used, false)
	return colRef{name: name, typ: t, src: k}
}

func anyIndex(tables []columnar.TableReader, name string) bool {
	for _, t := range tables {
		for _, info := range t.Indices() {
			if info.Name == name {
				return true
			}
		}
	}
	return false
}

func matchesAny(patterns []esql.IndexPattern, name string) bool {
	for _, p := range patterns {
		if matchPattern(p.Name, name) {
			return true
		}
	}
	return false
}

// markUsed records that stage A reads the source columns an expression
// refers to, so that only those are loaded.
func (pl *planner) markUsed(e esql.Expr) {
	esql.Walk(e, func(x esql.Expr) {
		if id, ok := x.(*esql.Ident); ok {
			if ref, ok := pl.c.sc.find(id.Name); ok && ref.src >= 0 {
				pl.p.used[ref.src] = true
			}
		}
	})
}

func (pl *planner) expr(e esql.Expr) (*cexpr, error) {
	pl.markUsed(e)
	return pl.c.expr(e)
}

// streaming compiles a stage A command; false when cmd ends stage A.
func (pl *planner) streaming(cmd esql.Command) (bool, error) {
	switch x := cmd.(type) {
	case *esql.Where:
		cond, err := pl.condition(x)
		if err != nil {
			return false, err
		}
		f := cond.fn
		if len(pl.p.aOps) == 0 {
			pl.p.pre = newPrefilter(cond)
		}
		pl.p.aOps = append(pl.p.aOps, func(next pushFn) pushFn {
			return func(r *Row) bool {
				if v := f(r); v.K == KBool && v.I != 0 {
					return next(r)
				}
				return true
			}
		})
	case *esql.Eval:
		return true, pl.evalA(x)
	case *esql.MvExpand:
		return true, pl.mvExpandA(x)
	case *esql.Keep, *esql.Drop, *esql.Rename:
		sc, err := pl.project(cmd)
		if err != nil {
			return false, err
		}
		pl.c.sc = sc
	default:
		return false, nil
	}
	return true, nil
}

func (pl *planner) condition(x *esql.Where) (*cexpr, error) {
	cond, err := pl.expr(x.Cond)
	if err != nil {
		return nil, err
	}
	if cond.typ != TBoolean && cond.typ != TNull {
		return nil, pl.c.errorf(x.Cond.Start(), "Condition expression needs to be boolean, found [%s]", typeName(cond.typ))
	}
	return cond, nil
}

func (pl *planner) evalA(x *esql.Eval) error {
	type step struct {
		slot int
		fn   evalFn
	}
	var steps []step
	for _, f := range x.Fields {
		e, err := pl.expr(f.Expr)
		if err != nil {
			return err
		}
		slot := pl.p.nslots
		pl.p.nslots++
		pl.c.sc.set(colRef{name: f.Name, typ: e.typ, src: -1, slot: slot})
		steps = append(steps, step{slot, e.fn})
	}
	pl.p.aOps = append(pl.p.aOps, func(next pushFn) pushFn {
		return func(r *Row) bool {
			for _, s := range steps {
				r.vals[s.slot] = s.fn(r)
			}
			return next(r)
		}
	})
	return nil
}

func (pl *planner) mvExpandA(x *esql.MvExpand) error {
	ref, ok := pl.c.sc.find(x.Field.Name)
	if !ok {
		return pl.c.errorf(x.Field.At, "Unknown column [%s]%s", x.Field.Name, didYouMean(x.Field.Name, pl.c.sc.names()))
	}
	if ref.src >= 0 {
		pl.p.used[ref.src] = true
	}
	read := ref.read()
	slot := pl.p.nslots
	pl.p.nslots++
	replaceInPlace(pl.c.sc, colRef{name: ref.name, typ: ref.typ, src: -1, slot: slot})
	pl.p.aOps = append(pl.p.aOps, func(next pushFn) pushFn {
		return func(r *Row) bool {
			v := read(r)
			if v.K != KMulti {
				r.vals[slot] = v
				return next(r)
			}
			for _, e := range v.L {
				r.vals[slot] = e
				if !next(r) {
					return false
				}
			}
			return true
		}
	})
	return nil
}

func replaceInPlace(sc *scope, c colRef) {
	for i := range sc.cols {
		if sc.cols[i].name == c.name {
			sc.cols[i] = c
			return
		}
	}
}

// project applies KEEP, DROP or RENAME to the current scope and returns
// the new scope; column references are kept.
func (pl *planner) project(cmd esql.Command) (*scope, error) {
	sc := pl.c.sc
	switch x := cmd.(type) {
	case *esql.Keep:
		out := &scope{}
		for _, p := range x.Patterns {
			n := 0
			for _, c := range sc.cols {
				if matchPattern(p.Name, c.name) {
					n++
					if _, dup := out.find(c.name); !dup {
						out.cols = append(out.cols, c)
					}
				}
			}
			if n == 0 {
				return nil, pl.noMatch(p)
			}
		}
		return out, nil
	case *esql.Drop:
		out := &scope{cols: append([]colRef(nil), sc.cols...)}
		for _, p := range x.Patterns {
			n := len(out.cols)
			kept := out.cols[:0:0]
			for _, c := range out.cols {
				if !matchPattern(p.Name, c.name) {
					kept = append(kept, c)
				}
			}
			if len(kept) == n && !pl.knownName(sc, p.Name) {
				return nil, pl.noMatch(p)
			}
			out.cols = kept
		}
		return out, nil
	case *esql.Rename:
		out := &scope{cols: append([]colRef(nil), sc.cols...)}
		for _, pr := range x.Pairs {
			ref, ok := out.find(pr.Old.Name)
			if !ok {
				return nil, pl.c.errorf(pr.Old.At, "Unknown column [%s]%s", pr.Old.Name, didYouMean(pr.Old.Name, out.names()))
			}
			if pr.New.Name != pr.Old.Name {
				out.remove(pr.New.Name)
			}
			ref.name = pr.New.Name
			for i := range out.cols {
				if out.cols[i].name == pr.Old.Name {
					out.cols[i] = ref
				}
			}
		}
		return out, nil
	}
	return sc, nil
}

func (pl *planner) knownName(sc *scope, name string) bool {
	_, ok := sc.find(name)
	return ok
}

func (pl *planner) noMatch(p *esql.Ident) error {
	if strings.Contains(p.Name, "*") {
		return pl.c.errorf(p.At, "No matches found for pattern [%s]", p.Name)
	}
	return pl.c.errorf(p.At, "Unknown column [%s]%s", p.Name, didYouMean(p.Name, pl.c.sc.names()))
}

// sink compiles the command that ends stage A and returns the commands
// left for stage B.
func (pl *planner) sink(cmds []esql.Command, k int) ([]esql.Command, error) {
	p := pl.p
	if k >= len(cmds) {
		pl.collect(-1)
		return nil, nil
	}
	switch x := cmds[k].(type) {
	case *esql.Stats:
		for _, e := range x.Exprs() {
			pl.markUsed(e)
		}
		op, err := pl.c.compileStats(x)
		if err != nil {
			return nil, err
		}
		p.sink, p.stats = sinkAggregate, op
		pl.c.sc = denseScope(op.names, op.types)
		return cmds[k+1:], nil
	case *esql.Sort:
		j := k + 1
		for j < len(cmds) && isProjection(cmds[j]) {
			j++
		}
		var lim *esql.Limit
		ok := false
		if j < len(cmds) { // a SORT last (no LIMIT: noCap) sorts every row
			lim, ok = cmds[j].(*esql.Limit)
		}
		if !ok {
			pl.collect(-1)
			return cmds[k:], nil
		}
		orders, err := pl.orders(x)
		if err != nil {
			return nil, err
		}
		p.orders = orders
		p.sink = sinkTopN
		pl.collect(lim.N)
		p.sink = sinkTopN
		return cmds[k+1:], nil
	case *esql.Limit:
		pl.collect(x.N)
		return cmds[k+1:], nil
	}
	pl.collect(-1)
	return cmds[k:], nil
}

func isProjection(c esql.Command) bool {
	switch c.(type) {
	case *esql.Eval, *esql.Keep, *esql.Drop, *esql.Rename:
		return true
	}
	return false
}

// collect makes stage A materialise the current scope's columns.
func (pl *planner) collect(limit int) {
	p := pl.p
	p.sink, p.limit = sinkCollect, limit
	p.aCols = append([]colRef(nil), pl.c.sc.cols...)
	names := make([]string, len(p.aCols))
	types := make([]Type, len(p.aCols))
	for i, c := range p.aCols {
		if c.src >= 0 {
			p.used[c.src] = true
		}
		names[i], types[i] = c.name, c.typ
	}
	pl.c.sc = denseScope(names, types)
}

func denseScope(names []string, types []Type) *scope {
	sc := &scope{}
	for i, n := range names {
		sc.cols = append(sc.cols, colRef{name: n, typ: types[i], src: -1, slot: i})
	}
	return sc
}

func (pl *planner) orders(x *esql.Sort) ([]orderKey, error) {
	var out []orderKey
	for _, o := range x.Orders {
		if isAggregate(o.Expr) {
			return nil, pl.c.errorf(o.Expr.Start(), "aggregate function [%s] not allowed outside STATS command", o.Expr)
		}
		e, err := pl.expr(o.Expr)
		if err != nil {
			return nil, err
		}
		if e.typ == TSpan {
			return nil, pl.c.errorf(o.Expr.Start(), "cannot sort on a time span [%s]", o.Expr)
		}
		out = append(out, orderKey{e: e, desc: o.Desc, nullsFirst: o.NullsFirst})
	}
	return out, nil
}
