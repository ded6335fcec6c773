package query

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/soclab/soclab/store/columnar"
)

// fieldStats is Fields for the embedded store, in one pass per field over
// its columns instead of one ES|QL query per field: a second on a million
// events where the queries take a minute. It answers as the queries do
// (the values counted, as COUNT(field) counts them, and the top values by
// count, then value). ok is false when the index pattern does not name
// exactly one of the engine's tables: Fields then runs the queries, which
// also word the errors.
func (e *Engine) fieldStats(ctx context.Context, index string, top int) (stats []FieldStat, total int64, ok bool, err error) {
	table, matches, several := e.tableFor(index)
	if table == nil || several {
		return nil, 0, false, nil
	}
	total, rows, err := tableRows(ctx, table, matches)
	if err != nil {
		return nil, 0, true, err
	}
	for _, f := range table.Fields() {
		if err := ctx.Err(); err != nil {
			return nil, 0, true, err
		}
		st, err := columnStats(table, f, rows, top)
		if err != nil {
			return nil, 0, true, err
		}
		if st.Values > 0 {
			stats = append(stats, *st)
		}
	}
	slices.SortFunc(stats, func(a, b FieldStat) int { return strings.Compare(a.Name, b.Name) })
	return stats, total, true, nil
}

// tableFor returns the one table of e that holds the indices the
// pattern list index selects (nil when none does; several is true when
// more than one does), and the test of an index name against the list.
func (e *Engine) tableFor(index string) (table columnar.TableReader, matches func(string) bool, several bool) {
	patterns := strings.Split(index, ",")
	for i := range patterns {
		patterns[i] = strings.TrimSpace(patterns[i])
	}
	matches = func(name string) bool {
		return slices.ContainsFunc(patterns, func(p string) bool { return matchPattern(p, name) })
	}
	for _, t := range e.tables {
		if slices.ContainsFunc(t.Indices(), func(ix columnar.IndexInfo) bool { return matches(ix.Name) }) {
			if table != nil {
				return table, matches, true
			}
			table = t
		}
	}
	return table, matches, false
}

// indexRows returns, for a row group, which rows belong to a matching
// index (nil: all of them).
func indexRows(rg *columnar.RowGroup, matches func(string) bool) []bool {
	ix := rg.Columns[columnar.IndexField]
	if ix == nil {
		return nil
	}
	codeOK := make([]bool, len(ix.Dict))
	all := true
	for i, name := range ix.Dict {
		codeOK[i] = matches(name)
		all = all && codeOK[i]
	}
	if all {
		return nil
	}
	ok := make([]bool, rg.Len)
	for r := 0; r < rg.Len; r++ {
		if lo, hi := ix.Range(r); lo < hi {
			ok[r] = codeOK[ix.Codes[lo]]
		}
	}
	return ok
}

// tableRows counts the rows of t in a matching index, and returns which
// rows those are, per row group (indexRows), so that each field's pass
// reads only its own column.
func tableRows(ctx context.Context, t columnar.TableReader, matches func(string) bool) (int64, [][]bool, error) {
	var n int64
	rows := make([][]bool, t.NumRowGroups())
	for g := range rows {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		rg, err := t.RowGroup(g, []string{columnar.IndexField})
		if err != nil {
			return 0, nil, err
		}
		ok := indexRows(rg, matches)
		for r := 0; r < rg.Len; r++ {
			if ok == nil || ok[r] {
				n++
			}
		}
		rows[g] = ok
	}
	return n, rows, nil
}

// columnStats counts one field's values over the matching rows of t
// (rows, from tableRows), and keeps its top values.
func columnStats(t columnar.TableReader, f columnar.Field, rows [][]bool, top int) (*FieldStat, error) {
	st := &FieldStat{Name: f.Name, Type: typeName(f.Type), Top: []TopValue{}}
	if f.Name == columnar.IndexField {
		return st, nil
	}
	counts := map[any]int64{}
	for g := 0; g < t.NumRowGroups(); g++ {
		rg, err := t.RowGroup(g, []string{f.Name})
		if err != nil {
			return nil, err
		}
		c := rg.Columns[f.Name]
		if c == nil {
			continue
		}
		ok := rows[g]
		for r := 0; r < rg.Len; r++ {
			if ok != nil && !ok[r] {
				continue
			}
			lo, hi := c.Range(r)
			st.Values += int64(hi - lo)
			if top > 0 && f.Name != "@timestamp" {
				for j := lo; j < hi; j++ {
					counts[columnKey(c, j)]++
				}
			}
		}
	}
	st.Top = topOf(counts, f.Type, top)
	return st, nil
}

// columnKey is value j of c as a map key: a string, an int64 or a float64.
func columnKey(c *columnar.Column, j int) any {
	switch {
	case c.Type.IsString():
		return c.Str(j)
	case c.Type == columnar.Double:
		return c.Floats[j]
	}
	return c.Ints[j]
}

// topOf picks the n most frequent values, ties by value (IPs by address).
func topOf(counts map[any]int64, t Type, n int) []TopValue {
	type kv struct {
		k any
		n int64
	}
	all := make([]kv, 0, len(counts))
	for k, c := range counts {
		all = append(all, kv{k, c})
	}
	slices.SortFunc(all, func(a, b kv) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		switch x := a.k.(type) {
		case string:
			if t == TIP {
				return compareIP(x, b.k.(string))
			}
			return strings.Compare(x, b.k.(string))
		case float64:
			return cmp.Compare(x, b.k.(float64))
		}
		return cmp.Compare(a.k.(int64), b.k.(int64))
	})
	out := make([]TopValue, 0, min(n, len(all)))
	for _, e := range all[:min(n, len(all))] {
		out = append(out, TopValue{Value: formatKey(e.k, t), Count: e.n})
	}
	return out
}

// formatKey prints a value as FormatValue prints it in a result.
func formatKey(k any, t Type) string {
	switch x := k.(type) {
	case string:
		return x
	case float64:
		return FormatValue(x)
	case int64:
		switch t {
		case TBoolean:
			return FormatValue(x != 0)
		case TDate:
			return FormatValue(time.UnixMilli(x))
		}
		return FormatValue(x)
	}
	return ""
}
