package query

import (
	"context"
	"runtime"
	"sync"

	"github.com/soclab/soclab/store/columnar"
)

// partial is one row group's share of stage A's sink.
type partial struct {
	groups *groupTable
	rows   [][]Val
	keys   [][]Val
}

// item is one row group of one input.
type item struct{ in, rg int }

// run executes the plan and returns its rows.
func (p *plan) run(ctx context.Context, workers int) (*rowset, error) {
	var items []item
	for i, in := range p.inputs {
		for g := 0; g < in.t.NumRowGroups(); g++ {
			items = append(items, item{i, g})
		}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(items)))
	parts := make([]*partial, len(items))
	errs := make([]error, len(items))
	var (
		mu    sync.Mutex
		next  int
		stop  bool
		done  = make([]bool, len(items))
		front int // items [0, front) are done
		total int // rows collected in [0, front)
	)
	var wg sync.WaitGroup
	shared := make([]*partial, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if p.sink == sinkAggregate {
				g := newGroupTable(p.stats)
				g.mem = p.mem
				g.chunks = (len(items) + workers - 1) / workers
				shared[w] = &partial{groups: g}
			}
			for {
				mu.Lock()
				if stop || next >= len(items) {
					mu.Unlock()
					return
				}
				k := next
				next++
				mu.Unlock()
				if err := ctx.Err(); err != nil {
					errs[k] = err
				} else {
					parts[k], errs[k] = p.safeRunItem(items[k], k, shared[w])
				}
				mu.Lock()
				done[k] = true
				for front < len(items) && done[front] {
					if parts[front] != nil {
						total += len(parts[front].rows)
					}
					front++
				}
				if errs[k] != nil || (p.sink == sinkCollect && p.limit >= 0 && total >= p.limit) {
					stop = true
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if p.sink == sinkAggregate {
		parts = shared
	}
	rs := p.merge(parts)
	for _, op := range p.bOps {
		rs = op(rs)
	}
	return rs, nil
}

// safeRunItem is runItem with its panics (a query over its budget, or a
// bug) returned as errors: a worker's panic would otherwise end the process.
func (p *plan) safeRunItem(it item, seq int, shared *partial) (part *partial, err error) {
	defer func() {
		if r := recover(); r != nil {
			part, err = nil, recoverBudget(r, p.query)
		}
	}()
	return p.runItem(it, seq, shared)
}

// runItem streams one row group (item number seq) through stage A into a
// fresh partial, or into the worker's shared one for STATS.
func (p *plan) runItem(it item, seq int, shared *partial) (*partial, error) {
	in := p.inputs[it.in]
	var fields []string
	for k, used := range p.used {
		if used {
			fields = append(fields, p.srcNames[k])
		}
	}
	if in.allow != nil {
		fields = append(fields, columnar.IndexField)
	}
	rg, err := in.t.RowGroup(it.rg, fields)
	if err != nil {
		return nil, err
	}
	r := &Row{acc: make([]accessor, len(p.srcNames)), vals: make([]Val, p.nslots)}
	for k, used := range p.used {
		if !used {
			continue
		}
		c := rg.Columns[p.srcNames[k]]
		if c != nil && c.Type != p.srcTypes[k] {
			c = c.Convert(p.srcTypes[k])
		}
		r.acc[k] = newAccessor(c)
	}
	part := &partial{}
	var sink pushFn
	switch p.sink {
	case sinkAggregate:
		part = shared
		part.groups.base = int64(seq) << 32
		sink = part.groups.push
	case sinkCollect:
		sink = p.collector(part)
	case sinkTopN:
		sink = p.topN(part)
	}
	chain := sink
	for i := len(p.aOps) - 1; i >= 0; i-- {
		chain = p.aOps[i](chain)
	}
	var ix *indexTest
	if in.allow != nil {
		c := rg.Columns[columnar.IndexField]
		if c == nil {
			return part, nil // no row belongs to an index
		}
		ix = &indexTest{ix: c, ok: make([]bool, len(c.Dict))}
		for code, name := range c.Dict {
			ix.ok[code] = in.allow[name]
		}
	}
	var test rowTest
	pre := false
	if p.pre != nil {
		t, ok, none := p.pre.bind(r.acc)
		if none {
			return part, nil
		}
		test, pre = t, ok
	}
	for i := 0; i < rg.Len; i++ {
		if pre && !test.keep(i) || ix != nil && !ix.keep(i) {
			continue
		}
		r.i = i
		if !chain(r) {
			break
		}
	}
	if p.sink == sinkTopN {
		p.pruneTopN(part, p.limit)
	}
	return part, nil
}

func (p *plan) materialise(r *Row) []Val {
	row := make([]Val, len(p.aCols))
	for j, c := range p.aCols {
		if c.src >= 0 {
			row[j] = r.acc[c.src].get(r.i)
		} else {
			row[j] = r.vals[c.slot]
		}
	}
	return row
}

func (p *plan) collector(part *partial) pushFn {
	return func(r *Row) bool {
		row := p.materialise(r)
		p.mem.charge(rowBytes(row), "the collected rows")
		part.rows = append(part.rows, row)
		return p.limit < 0 || len(part.rows) < p.limit
	}
}

func (p *plan) topN(part *partial) pushFn {
	return func(r *Row) bool {
		keys, row := sortKeys(p.orders, r), p.materialise(r)
		p.mem.charge(rowBytes(keys)+rowBytes(row), "the sort buffer")
		part.keys = append(part.keys, keys)
		part.rows = append(part.rows, row)
		if len(part.rows) >= 2*p.limit+1024 {
			p.pruneTopN(part, p.limit)
		}
		return true
	}
}

func (p *plan) pruneTopN(part *partial, n int) {
	sortRows(part.rows, part.keys, p.orders)
	if len(part.rows) > n {
		var freed int64
		for i := n; i < len(part.rows); i++ {
			freed += rowBytes(part.keys[i]) + rowBytes(part.rows[i])
		}
		p.mem.charge(-freed, "")
		part.rows, part.keys = part.rows[:n:n], part.keys[:n:n]
	}
}

// merge combines the partials in row group order, which keeps results
// deterministic whatever the parallelism.
func (p *plan) merge(parts []*partial) *rowset {
	switch p.sink {
	case sinkAggregate:
		g := parts[0].groups
		for _, pt := range parts[1:] {
			if pt != nil {
				g.merge(pt.groups)
			}
		}
		if p.statsTop != nil {
			return &rowset{rows: g.topRows(p.statsTop)}
		}
		g.sortByFirstSeen()
		return &rowset{rows: g.rows()}
	case sinkTopN:
		all := &partial{}
		for _, pt := range parts {
			if pt != nil {
				all.rows = append(all.rows, pt.rows...)
				all.keys = append(all.keys, pt.keys...)
			}
		}
		p.pruneTopN(all, p.limit)
		return &rowset{rows: all.rows}
	}
	var rows [][]Val
	for _, pt := range parts {
		if pt == nil {
			break
		}
		rows = append(rows, pt.rows...)
		if p.limit >= 0 && len(rows) >= p.limit {
			rows = rows[:p.limit]
			break
		}
	}
	return &rowset{rows: rows}
}

// result turns the final rows into a Result.
func (p *plan) result(rs *rowset) *Result {
	res := &Result{Columns: make([]Column, len(p.out.cols)), Values: make([][]any, len(rs.rows))}
	for i, c := range p.out.cols {
		res.Columns[i] = Column{Name: c.name, Type: typeName(c.typ)}
	}
	for i, row := range rs.rows {
		out := make([]any, len(p.out.cols))
		for j, c := range p.out.cols {
			out[j] = export(row[c.slot], c.typ)
		}
		res.Values[i] = out
	}
	res.Warnings = p.warn.all()
	return res
}
