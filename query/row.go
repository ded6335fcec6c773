package query

import (
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/query/esql"
	"github.com/soclab/soclab/store/columnar"
)

// desugarRow runs "ROW a = x, b = y | ..." as "FROM <one empty row> |
// EVAL a = x, b = y | KEEP a, b | ...": the EVAL gives each column the
// type ES|QL gives its expression. Queries that start with FROM are
// returned as they are.
func desugarRow(q *esql.Query, tables []columnar.TableReader) (*esql.Query, []columnar.TableReader) {
	if q.Row == nil {
		return q, tables
	}
	b := columnar.NewBuilder()
	b.Add(&event.Event{})
	t := columnar.NewMemory("row", []*columnar.RowGroup{b.Finish()})
	at := q.Row.At
	from := &esql.From{At: at}
	for _, ix := range t.Indices() {
		from.Indices = append(from.Indices, esql.IndexPattern{At: at, Name: ix.Name})
	}
	keep := &esql.Keep{At: at}
	for _, f := range q.Row.Fields {
		keep.Patterns = append(keep.Patterns, &esql.Ident{At: f.At, Name: f.Name})
	}
	out := &esql.Query{From: from, Commands: append([]esql.Command{&esql.Eval{At: at, Fields: q.Row.Fields}, keep}, q.Commands...)}
	return out, []columnar.TableReader{t}
}
