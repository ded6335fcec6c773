package workspace

import (
	"sort"
)

// Field is one column of a table's schema.
type Field struct {
	Name string
	Type Type
}

// IndexInfo is one index (data stream) of a table and its number of rows.
type IndexInfo struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
}

// TableReader is what a query reads: a table's schema, the indices its rows
// belong to, and its rows one row group at a time. Implementations are safe
// for concurrent RowGroup calls.
type TableReader interface {
	// Name is the table's name ("events", "alerts").
	Name() string
	// Fields lists the columns, sorted by name, without _index.
	Fields() []Field
	// Indices lists the indices of the rows, sorted by name.
	Indices() []IndexInfo
	// NumRowGroups is the number of row groups.
	NumRowGroups() int
	// RowGroup returns row group i with (at least) the named columns, each
	// converted to the type Fields gives it. A column that has no value in
	// the group is absent from the result.
	RowGroup(i int, fields []string) (*RowGroup, error)
}

// schema folds chunk types into one type per field, sorted by name.
type schema map[string]Type

func (s schema) add(name string, t Type) { s[name] = Unify(s[name], t) }

func (s schema) fields() []Field {
	out := make([]Field, 0, len(s))
	for n, t := range s {
		if n != IndexField && t != Null {
			out = append(out, Field{Name: n, Type: t})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func sortedIndices(m map[string]int64) []IndexInfo {
	out := make([]IndexInfo, 0, len(m))
	for n, r := range m {
		out = append(out, IndexInfo{Name: n, Rows: r})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// countIndices adds the rows of each index in rg to m.
func countIndices(rg *RowGroup, m map[string]int64) {
	c := rg.Columns[IndexField]
	if c == nil {
		return
	}
	for i := 0; i < c.Len; i++ {
		if !c.IsNull(i) {
			m[c.Str(i)]++
		}
	}
}
