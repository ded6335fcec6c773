package esql

// Row is the source command "ROW name = expr, ...": one row whose columns
// are the expressions' values, for trying functions without data.
type Row struct {
	At     Pos
	Fields []*Field
}

// Start returns where the command starts.
func (r *Row) Start() Pos { return r.At }

func (r *Row) String() string { return "ROW " + fieldList(r.Fields) }

// row parses the ROW source command.
func (p *parser) row() *Row {
	r := &Row{At: p.tok.pos}
	p.advance(false)
	r.Fields = p.fields()
	return r
}
