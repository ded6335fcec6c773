package query

import "github.com/soclab/soclab/query/esql"

// aggFilter compiles the WHERE of a STATS aggregate field (agg WHERE
// cond) and gives it to each aggregate call of that field. The condition
// is evaluated on the input rows, so it may name any input column; a null
// condition drops the row, as WHERE does.
func (c *compiler) aggFilter(f *esql.Field, calls []aggCall) error {
	if f.Where == nil {
		return nil
	}
	cond, err := c.expr(f.Where)
	if err != nil {
		return err
	}
	if cond.typ != TBoolean && cond.typ != TNull {
		return c.errorf(f.Where.Start(), "Condition expression needs to be boolean, found [%s]", typeName(cond.typ))
	}
	for i := range calls {
		calls[i].filter = cond
	}
	return nil
}

// args evaluates, for row r, each aggregate's argument and whether the
// row fails the aggregate's filter. The aggregates of one field (AVG(x) +
// MAX(x) WHERE c) are next to each other and share their filter, which is
// evaluated once.
func (g *groupTable) args(r *Row) {
	if g.skip == nil {
		g.skip = make([]bool, len(g.op.aggs))
	}
	for i, a := range g.op.aggs {
		if a.filter != nil {
			if i > 0 && g.op.aggs[i-1].filter == a.filter {
				g.skip[i] = g.skip[i-1]
			} else {
				g.skip[i] = !a.filter.fn(r).truth()
			}
			if g.skip[i] {
				continue
			}
		}
		if a.arg != nil {
			g.argv[i] = a.arg.fn(r)
		}
	}
}
