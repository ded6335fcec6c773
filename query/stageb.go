package query

import (
	"cmp"
	"slices"
	"sort"

	"github.com/soclab/soclab/query/esql"
)

// stageB compiles one command that runs over materialised rows. The scope
// is dense before and after: cell i of a row is column i. limit is the
// LIMIT that directly follows a SORT (-1 for none): the SORT then only
// needs to find that many first rows.
func (pl *planner) stageB(cmd esql.Command, limit int) error {
	p := pl.p
	switch x := cmd.(type) {
	case *esql.Where:
		cond, err := pl.condition(x)
		if err != nil {
			return err
		}
		p.bOps = append(p.bOps, func(rs *rowset) *rowset {
			out := rs.rows[:0:0]
			r := &Row{}
			for _, row := range rs.rows {
				r.vals = row
				if cond.fn(r).truth() {
					out = append(out, row)
				}
			}
			return &rowset{rows: out}
		})
	case *esql.Eval:
		return pl.evalB(x)
	case *esql.Keep, *esql.Drop, *esql.Rename:
		sc, err := pl.project(cmd)
		if err != nil {
			return err
		}
		pl.projectB(sc)
	case *esql.MvExpand:
		return pl.mvExpandB(x)
	case *esql.Sort:
		orders, err := pl.orders(x)
		if err != nil {
			return err
		}
		p.bOps = append(p.bOps, func(rs *rowset) *rowset {
			rs.rows = sortTop(rs.rows, orders, limit)
			return rs
		})
	case *esql.Limit:
		n := x.N
		p.bOps = append(p.bOps, func(rs *rowset) *rowset {
			if len(rs.rows) > n {
				rs.rows = rs.rows[:n]
			}
			return rs
		})
	case *esql.Stats:
		op, err := pl.c.compileStats(x)
		if err != nil {
			return err
		}
		pl.c.sc = denseScope(op.names, op.types)
		p.bOps = append(p.bOps, func(rs *rowset) *rowset {
			g := newGroupTable(op)
			r := &Row{}
			for _, row := range rs.rows {
				r.vals = row
				g.push(r)
			}
			return &rowset{rows: g.rows()}
		})
	default:
		return pl.c.errorf(cmd.Start(), "unsupported command %s", cmd)
	}
	return nil
}

// projectB switches to scope sc (whose references are slots of the
// current dense scope) and adds the op that moves the cells.
func (pl *planner) projectB(sc *scope) {
	idx := make([]int, len(sc.cols))
	names := make([]string, len(sc.cols))
	types := make([]Type, len(sc.cols))
	for i, c := range sc.cols {
		idx[i], names[i], types[i] = c.slot, c.name, c.typ
	}
	pl.c.sc = denseScope(names, types)
	pl.p.bOps = append(pl.p.bOps, func(rs *rowset) *rowset {
		for i, row := range rs.rows {
			nr := make([]Val, len(idx))
			for j, k := range idx {
				nr[j] = row[k]
			}
			rs.rows[i] = nr
		}
		return rs
	})
}

func (pl *planner) evalB(x *esql.Eval) error {
	base := len(pl.c.sc.cols)
	var fns []evalFn
	for i, f := range x.Fields {
		e, err := pl.c.expr(f.Expr)
		if err != nil {
			return err
		}
		pl.c.sc.set(colRef{name: f.Name, typ: e.typ, src: -1, slot: base + i})
		fns = append(fns, e.fn)
	}
	pl.p.bOps = append(pl.p.bOps, func(rs *rowset) *rowset {
		r := &Row{}
		for i, row := range rs.rows {
			ext := make([]Val, base+len(fns))
			copy(ext, row)
			r.vals = ext
			for j, f := range fns {
				ext[base+j] = f(r)
			}
			rs.rows[i] = ext
		}
		return rs
	})
	pl.projectB(pl.c.sc)
	return nil
}

func (pl *planner) mvExpandB(x *esql.MvExpand) error {
	ref, ok := pl.c.sc.find(x.Field.Name)
	if !ok {
		return pl.c.errorf(x.Field.At, "Unknown column [%s]%s", x.Field.Name, didYouMean(x.Field.Name, pl.c.sc.names()))
	}
	k := ref.slot
	pl.p.bOps = append(pl.p.bOps, func(rs *rowset) *rowset {
		var out [][]Val
		for _, row := range rs.rows {
			v := row[k]
			if v.K != KMulti {
				out = append(out, row)
				continue
			}
			for _, e := range v.L {
				nr := append([]Val(nil), row...)
				nr[k] = e
				out = append(out, nr)
			}
		}
		return &rowset{rows: out}
	})
	return nil
}

// sortKeys evaluates the SORT keys of a row; a multi-valued key sorts by
// its smallest value ascending and its largest descending.
func sortKeys(orders []orderKey, r *Row) []Val {
	return sortKeysInto(make([]Val, len(orders)), orders, r)
}

// sortKeysInto is sortKeys writing into keys (len(orders) long).
func sortKeysInto(keys []Val, orders []orderKey, r *Row) []Val {
	for i, o := range orders {
		v := o.e.fn(r)
		if v.K == KMulti {
			best := v.L[0]
			for _, x := range v.L[1:] {
				c := compareVals(x, best, o.e.typ)
				if (o.desc && c > 0) || (!o.desc && c < 0) {
					best = x
				}
			}
			v = best
		}
		keys[i] = v
	}
	return keys
}

// compareKeys orders two rows' keys; nulls go first or last as asked.
func compareKeys(a, b []Val, orders []orderKey) int {
	for i, o := range orders {
		x, y := a[i], b[i]
		var c int
		switch {
		case x.K == KNull && y.K == KNull:
			continue
		case x.K == KNull:
			c = 1
			if o.nullsFirst {
				c = -1
			}
			return c
		case y.K == KNull:
			c = -1
			if o.nullsFirst {
				c = 1
			}
			return c
		}
		c = compareVals(x, y, o.e.typ)
		if o.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// sortRows sorts rows (and their keys) stably, so ties keep input order.
func sortRows(rows [][]Val, keys [][]Val, orders []orderKey) {
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return compareKeys(keys[idx[i]], keys[idx[j]], orders) < 0 })
	r2 := make([][]Val, len(rows))
	k2 := make([][]Val, len(rows))
	for i, j := range idx {
		r2[i], k2[i] = rows[j], keys[j]
	}
	copy(rows, r2)
	copy(keys, k2)
}

// sortTop sorts rows stably by orders and, when limit >= 0, returns only
// the first limit of them: the same rows as a full stable sort cut to
// limit, found with a bounded heap when limit is small.
func sortTop(rows [][]Val, orders []orderKey, limit int) [][]Val {
	n, w := len(rows), len(orders)
	slab := make([]Val, n*w)
	r := &Row{}
	for i, row := range rows {
		r.vals = row
		sortKeysInto(slab[i*w:(i+1)*w:(i+1)*w], orders, r)
	}
	key := func(i int32) []Val { return slab[int(i)*w : int(i+1)*w] }
	// less orders rows by key, then by input position: a stable order.
	cmpRows := func(a, b int32) int {
		if c := compareKeys(key(a), key(b), orders); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	var idx []int32
	if limit >= 0 && limit < n/4 {
		idx = topIndices(n, limit, cmpRows)
	} else {
		idx = make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
	}
	slices.SortFunc(idx, cmpRows)
	out := make([][]Val, len(idx))
	for i, j := range idx {
		out[i] = rows[j]
	}
	return out
}

// topIndices returns the k smallest of 0..n-1 under cmpRows (a total
// order), unsorted, keeping them in a max-heap.
func topIndices(n, k int, cmpRows func(a, b int32) int) []int32 {
	if k == 0 {
		return nil
	}
	h := make([]int32, 0, k)
	for i := int32(0); int(i) < n; i++ {
		if len(h) < k {
			h = append(h, i)
			heapUp(h, len(h)-1, cmpRows)
			continue
		}
		if cmpRows(i, h[0]) < 0 {
			h[0] = i
			heapDown(h, 0, cmpRows)
		}
	}
	return h
}
