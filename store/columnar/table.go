package columnar

import (
	"sort"
)

// Field is one column of a table's schema.
type Field struct {
	Name string
	Type Type
}

// IndexInfo is one index (data stream) of a table: its number of rows and
// the fields that have a value in at least one of them (what
// Elasticsearch's dynamic mapping of that data stream would hold).
type IndexInfo struct {
	Name   string   `json:"name"`
	Rows   int64    `json:"rows"`
	Fields []string `json:"fields"`
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

// indexStats accumulates IndexInfo over row groups.
type indexStats map[string]*indexAcc

type indexAcc struct {
	rows   int64
	fields map[string]bool
}

// add counts the rows of each index in rg and the fields each index uses.
func (m indexStats) add(rg *RowGroup) {
	for name, d := range rg.dropped {
		if m[name] == nil {
			m[name] = &indexAcc{fields: map[string]bool{}}
		}
		m[name].rows += d.rows
		for f := range d.fields {
			m[name].fields[f] = true
		}
	}
	ix := rg.Columns[IndexField]
	if ix == nil {
		return
	}
	accs := make([]*indexAcc, len(ix.Dict))
	for code, name := range ix.Dict {
		if m[name] == nil {
			m[name] = &indexAcc{fields: map[string]bool{}}
		}
		accs[code] = m[name]
	}
	for i := 0; i < ix.Len; i++ {
		if !ix.IsNull(i) {
			accs[ix.Codes[i]].rows++
		}
	}
	seen := make([]bool, len(ix.Dict))
	for name, c := range rg.Columns {
		if name == IndexField {
			continue
		}
		clear(seen)
		for i := 0; i < c.Len; i++ {
			if !c.IsNull(i) && !ix.IsNull(i) {
				seen[ix.Codes[i]] = true
			}
		}
		for code, ok := range seen {
			if ok {
				accs[code].fields[name] = true
			}
		}
	}
}

func (m indexStats) list() []IndexInfo {
	out := make([]IndexInfo, 0, len(m))
	for n, a := range m {
		info := IndexInfo{Name: n, Rows: a.rows, Fields: make([]string, 0, len(a.fields))}
		for f := range a.fields {
			info.Fields = append(info.Fields, f)
		}
		sort.Strings(info.Fields)
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
