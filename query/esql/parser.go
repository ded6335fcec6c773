package esql

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxQueryBytes bounds the length of a query the parser accepts.
const MaxQueryBytes = 64 << 10

// maxDepth bounds expression nesting so that hostile input cannot exhaust
// the stack.
const maxDepth = 200

// Commands lists the processing commands, for error messages.
var Commands = []string{"WHERE", "EVAL", "STATS", "SORT", "LIMIT", "KEEP", "DROP", "RENAME", "MV_EXPAND", "DISSECT", "GROK"}

type parser struct {
	lex     lexer
	tok     token
	prevEnd Pos
	depth   int
}

// Parse parses an ES|QL query. Every error is a *ParseErr naming the line
// and column and what was expected.
func Parse(query string) (q *Query, err error) {
	defer func() {
		if r := recover(); r != nil {
			if pe, ok := r.(*ParseErr); ok {
				q, err = nil, pe
				return
			}
			q, err = nil, Errorf(query, 0, "internal parser error: %v", r)
		}
	}()
	if len(query) > MaxQueryBytes {
		return nil, Errorf(query, 0, "query is longer than %d bytes", MaxQueryBytes)
	}
	p := &parser{lex: lexer{src: query}}
	return p.query(), nil
}

// fail aborts parsing with an error at pos; Parse recovers it.
func (p *parser) fail(pos Pos, format string, args ...any) {
	panic(Errorf(p.lex.src, pos, format, args...))
}

func (p *parser) must(t token, err error) token {
	if err != nil {
		panic(err)
	}
	return t
}

// advance moves to the next token in expression mode (or pattern mode).
func (p *parser) advance(patterns bool) {
	p.prevEnd = p.tok.end
	p.tok = p.must(p.lex.next(patterns))
}

func (p *parser) expect(k tokKind, what string) token {
	if p.tok.kind != k {
		p.fail(p.tok.pos, "mismatched input %s expecting %s", p.tok, what)
	}
	t := p.tok
	p.advance(false)
	return t
}

func (p *parser) query() *Query {
	p.advance(false)
	q := &Query{}
	switch {
	case p.tok.is("ROW"):
		q.Row = p.row()
	case p.tok.is("FROM"):
		q.From = p.from()
	default:
		p.fail(p.tok.pos, "mismatched input %s expecting FROM or ROW", p.tok)
	}
	for p.tok.kind == tPipe {
		p.advance(false)
		q.Commands = append(q.Commands, p.command())
	}
	if p.tok.kind != tEOF {
		p.fail(p.tok.pos, "mismatched input %s expecting '|' or end of query", p.tok)
	}
	return q
}

func (p *parser) from() *From {
	f := &From{At: p.tok.pos}
	for {
		t := p.must(p.lex.pattern())
		if t.kind != tPattern || t.text == "" {
			p.fail(t.pos, "mismatched input %s expecting an index pattern", t)
		}
		f.Indices = append(f.Indices, IndexPattern{At: t.pos, Name: t.text})
		p.tok = t
		p.advance(false)
		if p.tok.kind != tComma {
			break
		}
	}
	if p.tok.is("METADATA") {
		p.advance(false)
		f.Metadata = p.identList(false)
	}
	return f
}

func (p *parser) command() Command {
	t := p.tok
	if t.kind != tIdent {
		p.fail(t.pos, "mismatched input %s expecting a command (%s)", t, strings.Join(Commands, ", "))
	}
	switch strings.ToUpper(t.text) {
	case "WHERE":
		p.advance(false)
		return &Where{At: t.pos, Cond: p.expr()}
	case "EVAL":
		p.advance(false)
		return &Eval{At: t.pos, Fields: p.fields()}
	case "STATS":
		return p.stats()
	case "SORT":
		return p.sort()
	case "LIMIT":
		p.advance(false)
		n := p.expect(tInt, "an integer")
		v, err := strconv.Atoi(n.text)
		if err != nil {
			p.fail(n.pos, "invalid LIMIT %s", n.text)
		}
		return &Limit{At: t.pos, N: v}
	case "KEEP":
		p.advance(true)
		return &Keep{At: t.pos, Patterns: p.identList(true)}
	case "DROP":
		p.advance(true)
		return &Drop{At: t.pos, Patterns: p.identList(true)}
	case "RENAME":
		return p.rename()
	case "MV_EXPAND":
		p.advance(false)
		return &MvExpand{At: t.pos, Field: p.ident(false)}
	case "DISSECT":
		return p.dissect()
	case "GROK":
		return p.grok()
	case "ENRICH":
		p.fail(t.pos, "%s", enrichRefusal)
	case "FROM":
		p.fail(t.pos, "FROM can only start a query")
	}
	p.fail(t.pos, "unknown command %s, expecting one of %s", t, strings.Join(Commands, ", "))
	return nil
}

func (p *parser) stats() *Stats {
	s := &Stats{At: p.tok.pos}
	p.advance(false)
	if !p.tok.is("BY") {
		s.Aggs = p.aggFields()
	}
	if p.tok.is("BY") {
		p.advance(false)
		s.By = p.fields()
	}
	if len(s.Aggs) == 0 && len(s.By) == 0 {
		p.fail(p.tok.pos, "mismatched input %s expecting an aggregate or BY", p.tok)
	}
	return s
}

func (p *parser) sort() *Sort {
	s := &Sort{At: p.tok.pos}
	p.advance(false)
	for {
		o := &Order{Expr: p.expr()}
		if p.tok.is("ASC") {
			p.advance(false)
		} else if p.tok.is("DESC") {
			o.Desc = true
			p.advance(false)
		}
		o.NullsFirst = o.Desc
		if p.tok.is("NULLS") {
			p.advance(false)
			switch {
			case p.tok.is("FIRST"):
				o.NullsFirst = true
			case p.tok.is("LAST"):
				o.NullsFirst = false
			default:
				p.fail(p.tok.pos, "mismatched input %s expecting FIRST or LAST", p.tok)
			}
			o.NullsSet = true
			p.advance(false)
		}
		s.Orders = append(s.Orders, o)
		if p.tok.kind != tComma {
			return s
		}
		p.advance(false)
	}
}

func (p *parser) rename() *Rename {
	r := &Rename{At: p.tok.pos}
	p.advance(false)
	for {
		old := p.ident(false)
		if !p.tok.is("AS") {
			p.fail(p.tok.pos, "mismatched input %s expecting AS", p.tok)
		}
		p.advance(false)
		r.Pairs = append(r.Pairs, RenamePair{Old: old, New: p.ident(false)})
		if p.tok.kind != tComma {
			return r
		}
		p.advance(false)
	}
}

// ident reads a field name (plain or `quoted`).
func (p *parser) ident(patterns bool) *Ident {
	t := p.tok
	if t.kind != tIdent && t.kind != tQuotedIdent {
		p.fail(t.pos, "mismatched input %s expecting a field name", t)
	}
	if t.kind == tIdent && isReserved(t.text) {
		p.fail(t.pos, "mismatched input %s expecting a field name (quote it with backquotes to use a keyword as a name)", t)
	}
	p.advance(patterns)
	return &Ident{At: t.pos, Name: t.text}
}

func (p *parser) identList(patterns bool) []*Ident {
	var out []*Ident
	for {
		out = append(out, p.ident(patterns))
		if p.tok.kind != tComma {
			return out
		}
		p.advance(patterns)
	}
}

// fields reads "[name =] expr, ...".
func (p *parser) fields() []*Field { return p.fieldList(p.field) }

// aggFields are the aggregates of STATS: fields, each with an optional
// "WHERE cond" filter.
func (p *parser) aggFields() []*Field { return p.fieldList(p.aggField) }

// aggField reads one aggregate of STATS and its WHERE, if any; unnamed,
// its column is named by the whole text, filter included.
func (p *parser) aggField() *Field {
	f := p.field()
	if p.tok.is("WHERE") {
		p.advance(false)
		f.Where = p.expr()
		if !f.NameSet {
			f.Name = p.lex.src[f.At:p.prevEnd]
		}
	}
	return f
}

// fieldList reads one or more comma-separated items.
func (p *parser) fieldList(item func() *Field) []*Field {
	var out []*Field
	for {
		out = append(out, item())
		if p.tok.kind != tComma {
			return out
		}
		p.advance(false)
	}
}

func (p *parser) field() *Field {
	start := p.tok.pos
	if p.tok.kind == tIdent || p.tok.kind == tQuotedIdent {
		save, saveTok, savePrev := p.lex.pos, p.tok, p.prevEnd
		name := p.tok
		p.advance(false)
		if p.tok.kind == tAssign && !(name.kind == tIdent && isReserved(name.text)) {
			p.advance(false)
			return &Field{Name: name.text, NameSet: true, At: start, Expr: p.expr()}
		}
		p.lex.pos, p.tok, p.prevEnd = save, saveTok, savePrev
	}
	e := p.expr()
	// A column is named as written, except a lone field reference, which
	// names the field: BY `source.ip` gives column source.ip, as in
	// Elasticsearch, while COUNT(`source.ip`) keeps its backticks.
	if id, ok := e.(*Ident); ok {
		return &Field{Name: id.Name, At: start, Expr: e}
	}
	return &Field{Name: p.lex.src[start:p.prevEnd], At: start, Expr: e}
}

var reserved = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "IN": true, "LIKE": true, "RLIKE": true, "IS": true,
	"NULL": true, "TRUE": true, "FALSE": true, "BY": true, "AS": true, "ASC": true, "DESC": true,
	"NULLS": true,
}

func isReserved(s string) bool { return reserved[strings.ToUpper(s)] }

func (p *parser) String() string { return fmt.Sprintf("parser at %d", p.tok.pos) }
