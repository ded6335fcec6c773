package query

import (
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/query/esql"
	"github.com/soclab/soclab/store/columnar"
)

// rowFilter returns a test that drops, while an NDJSON file is read, the
// events the query's leading WHERE would drop anyway, or nil when it has
// none to offer, with the fields it reads. It understands only conjuncts
// `field == "text"` and keeps every event it is unsure about: it is a
// pre-filter, the WHERE still runs on the rows that remain. It is exact
// only when those fields load as keyword columns: the caller checks that
// with filterApplies once the table is loaded.
func rowFilter(q *esql.Query) (func(*event.Event) bool, []string) {
	if len(q.Commands) == 0 {
		return nil, nil
	}
	w, ok := q.Commands[0].(*esql.Where)
	if !ok {
		return nil, nil
	}
	type eq struct{ key, val string }
	var conds []eq
	var walk func(x esql.Expr)
	walk = func(x esql.Expr) {
		b, ok := x.(*esql.Binary)
		if !ok {
			return
		}
		if b.Op == "AND" {
			walk(b.X)
			walk(b.Y)
			return
		}
		if b.Op != "==" {
			return
		}
		id, lit := asIdentLit(b.X, b.Y)
		if id == nil {
			id, lit = asIdentLit(b.Y, b.X)
		}
		if id == nil {
			return
		}
		if t, ok := columnar.ECSType(id.Name); !ok || t == columnar.Keyword {
			conds = append(conds, eq{id.Name, lit.Str})
		}
	}
	walk(w.Cond)
	if len(conds) == 0 {
		return nil, nil
	}
	keys := make([]string, len(conds))
	for i, c := range conds {
		keys[i] = c.key
	}
	return func(e *event.Event) bool {
		for i := range e.Fields {
			if e.Fields[i].Val.Kind() == event.KindObjects {
				return true // flattened by the builder: leave it to WHERE
			}
		}
		for _, c := range conds {
			v, ok := e.Get(c.key)
			switch {
			case !ok || v.IsNull():
				return false // null == "x" is null: WHERE drops the row
			case v.Kind() == event.KindString && v.Str() != c.val:
				return false
			}
		}
		return true
	}, keys
}

// filterApplies reports whether every field a row filter read is a
// keyword column of t (or absent), where comparing the raw string is
// what WHERE does.
func filterApplies(t columnar.TableReader, keys []string) bool {
	for _, f := range t.Fields() {
		for _, k := range keys {
			if f.Name == k && f.Type != columnar.Keyword {
				return false
			}
		}
	}
	return true
}

func asIdentLit(x, y esql.Expr) (*esql.Ident, *esql.Literal) {
	id, ok := x.(*esql.Ident)
	if !ok {
		return nil, nil
	}
	lit, ok := y.(*esql.Literal)
	if !ok || lit.Kind != esql.LitString {
		return nil, nil
	}
	return id, lit
}
