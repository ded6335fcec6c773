package columnar

// Memory is a table held in memory as row groups, such as the events of an
// NDJSON file loaded for one query. It implements TableReader.
type Memory struct {
	name    string
	groups  []*RowGroup
	schema  schema
	fields  []Field
	indices []IndexInfo
}

// NewMemory returns a table over groups, typing each field by unifying its
// chunks' types.
func NewMemory(name string, groups []*RowGroup) *Memory {
	m := &Memory{name: name, groups: groups, schema: schema{}}
	idx := indexStats{}
	for _, g := range groups {
		for n, c := range g.Columns {
			m.schema.add(n, c.Type)
		}
		idx.add(g)
	}
	m.fields = m.schema.fields()
	m.indices = idx.list()
	return m
}

// Name implements TableReader.
func (m *Memory) Name() string { return m.name }

// Fields implements TableReader.
func (m *Memory) Fields() []Field { return m.fields }

// Indices implements TableReader.
func (m *Memory) Indices() []IndexInfo { return m.indices }

// NumRowGroups implements TableReader.
func (m *Memory) NumRowGroups() int { return len(m.groups) }

// RowGroup implements TableReader.
func (m *Memory) RowGroup(i int, fields []string) (*RowGroup, error) {
	g := m.groups[i]
	out := &RowGroup{Len: g.Len, Columns: make(map[string]*Column, len(fields))}
	for _, f := range fields {
		if c := g.Columns[f]; c != nil {
			out.Columns[f] = c.Convert(m.schema[f])
		}
	}
	return out, nil
}
