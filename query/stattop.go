package query

import (
	"cmp"
	"slices"
)

// statsTop is a SORT … LIMIT n that directly follows a STATS: the plan
// then renders only the n groups that sort first instead of every group.
type statsTop struct {
	orders []orderKey
	limit  int
}

// topEntry is one candidate row of topRows, with what orders it.
type topEntry struct {
	row   []Val
	keys  []Val
	first int64
	idx   int32
}

// topRows returns the rows the SORT … LIMIT t would keep from g.rows()
// after g.sortByFirstSeen(), in the same order, rendering every group but
// keeping only t.limit rows. Rows that sort alike keep the order in which
// their groups were first seen (position, then group index), as the
// stable sort does.
func (g *groupTable) topRows(t *statsTop) [][]Val {
	if t.limit == 0 || len(g.keys) <= 4*t.limit || len(g.op.by) == 0 {
		g.sortByFirstSeen()
		return sortTop(g.rows(), t.orders, t.limit)
	}
	width := len(g.op.outs) + len(g.op.by)
	res := make([]Val, len(g.op.aggs))
	agg := &Row{vals: res}
	row := make([]Val, width)
	keys := make([]Val, len(t.orders))
	r := &Row{vals: row}
	less := func(a, b *topEntry) int {
		if c := compareKeys(a.keys, b.keys, t.orders); c != 0 {
			return c
		}
		if c := cmp.Compare(a.first, b.first); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	}
	h := make([]*topEntry, 0, t.limit)
	for i, k := range g.keys {
		for j, s := range g.states[i] {
			res[j] = s.result()
		}
		for j, o := range g.op.outs {
			row[j] = o.fn(agg)
		}
		copy(row[len(g.op.outs):], k)
		sortKeysInto(keys, t.orders, r)
		cand := topEntry{row: row, keys: keys, first: g.first[i], idx: int32(i)}
		if len(h) < t.limit {
			e := &topEntry{row: slices.Clone(row), keys: slices.Clone(keys), first: cand.first, idx: cand.idx}
			h = append(h, e)
			heapUp(h, len(h)-1, less)
			continue
		}
		if less(&cand, h[0]) < 0 {
			e := h[0]
			copy(e.row, row)
			copy(e.keys, keys)
			e.first, e.idx = cand.first, cand.idx
			heapDown(h, 0, less)
		}
	}
	slices.SortFunc(h, less)
	out := make([][]Val, len(h))
	for i, e := range h {
		out[i] = e.row
	}
	return out
}

// heapUp restores the max-heap h (under less) after h[j] was added.
func heapUp[T any](h []T, j int, less func(a, b T) int) {
	for j > 0 {
		parent := (j - 1) / 2
		if less(h[j], h[parent]) <= 0 {
			return
		}
		h[j], h[parent] = h[parent], h[j]
		j = parent
	}
}

// heapDown restores the max-heap h (under less) after h[i] shrank.
func heapDown[T any](h []T, i int, less func(a, b T) int) {
	for {
		l, big := 2*i+1, i
		if l < len(h) && less(h[l], h[big]) > 0 {
			big = l
		}
		if l+1 < len(h) && less(h[l+1], h[big]) > 0 {
			big = l + 1
		}
		if big == i {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}
