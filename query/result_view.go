package query

import (
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/columnar"
)

// KeyColumns is the result cut to the named columns that have a value in
// some row, in the order named: a table of key fields. When a row would
// show nothing there but its time (a document that is not ECS, or not the
// kind the names describe), the cut would print it as a blank row, so the
// result's own fields are kept instead: every column with a value, without
// _index, @timestamp first.
func (r *Result) KeyColumns(names ...string) *Result {
	kept := r.Keep(names...).DropEmptyColumns()
	for _, row := range kept.Values {
		shown := false
		for j, v := range row {
			if v != nil && kept.Columns[j].Name != event.KeyTimestamp {
				shown = true
				break
			}
		}
		if !shown {
			return r.documentColumns()
		}
	}
	return kept
}

// documentColumns is every column with a value in some row, without
// _index, @timestamp first.
func (r *Result) documentColumns() *Result {
	all := r.DropEmptyColumns()
	names := make([]string, 0, len(all.Columns))
	for _, c := range all.Columns {
		if c.Name == event.KeyTimestamp {
			names = append([]string{c.Name}, names...)
		} else if c.Name != columnar.IndexField {
			names = append(names, c.Name)
		}
	}
	return all.Keep(names...)
}
