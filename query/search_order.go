package query

import (
	"context"
	"math"
	"slices"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/columnar"
)

// storedInTimeOrder reports whether the rows a search of index reads are
// stored in time order already, so that storage order is the time order a
// search promises and no sort is needed: one table holds every index the
// pattern selects, and its @timestamp column is a date, single-valued,
// never decreasing, with rows without a time only at the end (where SORT
// puts nulls). Generated and imported workspaces are written that way;
// reading the one column costs a few milliseconds per million rows, where
// sorting every matching event would materialise all of their fields.
func (e *Engine) storedInTimeOrder(ctx context.Context, index string) (bool, error) {
	table, _, several := e.tableFor(index)
	if several {
		return false, nil // two tables: their rows come one table after the other
	}
	if table == nil {
		return true, nil
	}
	if !slices.Contains(table.Fields(), columnar.Field{Name: event.KeyTimestamp, Type: columnar.Date}) {
		return false, nil
	}
	last, ended := int64(math.MinInt64), false
	for g := 0; g < table.NumRowGroups(); g++ {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		rg, err := table.RowGroup(g, []string{event.KeyTimestamp})
		if err != nil {
			return false, err
		}
		c := rg.Columns[event.KeyTimestamp]
		if c == nil {
			ended = ended || rg.Len > 0
			continue
		}
		if c.Offsets != nil || c.Type != columnar.Date {
			return false, nil
		}
		for i := 0; i < c.Len; i++ {
			if c.IsNull(i) {
				ended = true
				continue
			}
			t := c.Ints[i]
			if ended || t < last {
				return false, nil
			}
			last = t
		}
	}
	return true, nil
}
