package kql

import (
	"fmt"
	"strings"

	"github.com/soclab/soclab/query/esql"
)

// MaxQueryBytes bounds the length of a query the parser accepts.
const MaxQueryBytes = 64 << 10

const maxDepth = 200

type parser struct {
	src   string
	pos   int
	depth int
}

// Parse parses a KQL query. An empty query is an error (the search
// command treats "*" as "every event"). Errors are *ParseErr.
func Parse(query string) (n Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			if pe, ok := r.(*esql.ParseErr); ok {
				n, err = nil, pe
				return
			}
			n, err = nil, esql.Errorf(query, 0, "internal parser error: %v", r)
		}
	}()
	if len(query) > MaxQueryBytes {
		return nil, esql.Errorf(query, 0, "query is longer than %d bytes", MaxQueryBytes)
	}
	p := &parser{src: query}
	n = p.or(false)
	p.space()
	if p.pos < len(p.src) {
		p.fail("unexpected %s, expecting and, or or end of query", p.peekDesc())
	}
	return n, nil
}

func (p *parser) fail(format string, args ...any) {
	panic(esql.Errorf(p.src, Pos(p.pos), format, args...))
}

func (p *parser) space() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *parser) peekDesc() string {
	if p.pos >= len(p.src) {
		return "end of query"
	}
	return fmt.Sprintf("%q", p.src[p.pos:p.pos+1])
}

// keyword reports (and consumes) the keyword kw followed by a separator.
func (p *parser) keyword(kw string) bool {
	p.space()
	end := p.pos + len(kw)
	if end > len(p.src) || !strings.EqualFold(p.src[p.pos:end], kw) {
		return false
	}
	if end < len(p.src) && strings.IndexByte(" \t\r\n(", p.src[end]) < 0 {
		return false
	}
	p.pos = end
	return true
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail("query nested deeper than %d levels", maxDepth)
	}
}

// or parses "x or y ...". In a field group (field:(...)), operands are
// values of that field.
func (p *parser) or(group bool) Node {
	return p.orField(group, "")
}

func (p *parser) orField(group bool, field string) Node {
	x := p.andField(group, field)
	for {
		at := p.pos
		if !p.keyword("or") {
			return x
		}
		x = &Or{At: Pos(at), X: x, Y: p.andField(group, field)}
	}
}

func (p *parser) andField(group bool, field string) Node {
	x := p.notField(group, field)
	for {
		at := p.pos
		if !p.keyword("and") {
			return x
		}
		x = &And{At: Pos(at), X: x, Y: p.notField(group, field)}
	}
}

func (p *parser) notField(group bool, field string) Node {
	p.space()
	at := p.pos
	if p.keyword("not") {
		p.enter()
		defer func() { p.depth-- }()
		return &Not{At: Pos(at), X: p.notField(group, field)}
	}
	if group {
		return p.groupPrimary(field)
	}
	return p.primary()
}

// primary parses "(query)", "field: value", "field: (values)",
// "field: *", "field op value" or a bare value.
func (p *parser) primary() Node {
	p.space()
	at := p.pos
	if p.pos >= len(p.src) {
		p.fail("unexpected end of query, expecting a field, a value or '('")
	}
	if p.src[p.pos] == '(' {
		p.pos++
		p.enter()
		n := p.or(false)
		p.depth--
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			p.fail("unexpected %s, expecting ')'", p.peekDesc())
		}
		p.pos++
		return n
	}
	if c := p.src[p.pos]; c == ')' || c == ':' || c == '<' || c == '>' {
		p.fail("unexpected %q, expecting a field, a value or '('", c)
	}
	v := p.value()
	p.space()
	if v.Quoted || p.pos >= len(p.src) {
		return &Match{At: Pos(at), Value: v}
	}
	field := v.Text
	switch c := p.src[p.pos]; {
	case c == ':':
		p.pos++
		return p.fieldValue(at, field)
	case c == '<' || c == '>':
		op := string(c)
		p.pos++
		if p.pos < len(p.src) && p.src[p.pos] == '=' {
			op += "="
			p.pos++
		}
		p.space()
		if p.pos >= len(p.src) || strings.IndexByte("()", p.src[p.pos]) >= 0 {
			p.fail("unexpected %s, expecting a value after %s", p.peekDesc(), op)
		}
		return &Range{At: Pos(at), Field: field, Op: op, Value: p.value()}
	}
	return &Match{At: Pos(at), Value: v}
}

func (p *parser) fieldValue(at int, field string) Node {
	if field == "" {
		p.fail("expecting a field name before ':'")
	}
	p.space()
	if p.pos >= len(p.src) {
		p.fail("unexpected end of query, expecting a value after %s:", field)
	}
	if p.src[p.pos] == '(' {
		p.pos++
		p.enter()
		n := p.orField(true, field)
		p.depth--
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			p.fail("unexpected %s, expecting ')'", p.peekDesc())
		}
		p.pos++
		return n
	}
	if p.src[p.pos] == ')' || p.src[p.pos] == ':' {
		p.fail("unexpected %q, expecting a value after %s:", p.src[p.pos], field)
	}
	vat := p.pos
	v := p.value()
	if !v.Quoted && v.Text == "*" {
		return &Exists{At: Pos(at), Field: field}
	}
	// Unquoted words up to the next keyword or bracket are one value, as
	// in "message: failed password".
	for {
		save := p.pos
		p.space()
		if p.pos >= len(p.src) || strings.IndexByte("()", p.src[p.pos]) >= 0 || p.src[p.pos] == '"' ||
			p.keyword("or") || p.keyword("and") || p.keyword("not") || v.Quoted || p.isField() {
			p.pos = save
			break
		}
		next := p.value()
		for _, w := range next.Wild {
			v.Wild = append(v.Wild, len(v.Text)+1+w)
		}
		v.Text += " " + next.Text
	}
	_ = vat
	return &Match{At: Pos(at), Field: field, Value: v}
}

// isField reports whether a field name and ':' (or a range operator)
// follow, which ends a run of words.
func (p *parser) isField() bool {
	save := p.pos
	defer func() { p.pos = save }()
	v := p.value()
	p.space()
	return !v.Quoted && p.pos < len(p.src) && strings.IndexByte(":<>", p.src[p.pos]) >= 0
}

func (p *parser) groupPrimary(field string) Node {
	p.space()
	at := p.pos
	if p.pos >= len(p.src) {
		p.fail("unexpected end of query, expecting a value or '('")
	}
	if p.src[p.pos] == '(' {
		p.pos++
		p.enter()
		n := p.orField(true, field)
		p.depth--
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			p.fail("unexpected %s, expecting ')'", p.peekDesc())
		}
		p.pos++
		return n
	}
	if strings.IndexByte("):<>", p.src[p.pos]) >= 0 {
		p.fail("unexpected %q, expecting a value", p.src[p.pos])
	}
	v := p.value()
	if !v.Quoted && v.Text == "*" {
		return &Exists{At: Pos(at), Field: field}
	}
	return &Match{At: Pos(at), Field: field, Value: v}
}

// value scans a quoted string or an unquoted term.
func (p *parser) value() Value {
	p.space()
	if p.pos < len(p.src) && p.src[p.pos] == '"' {
		start := p.pos
		p.pos++
		var b strings.Builder
		for p.pos < len(p.src) {
			c := p.src[p.pos]
			if c == '\\' && p.pos+1 < len(p.src) {
				b.WriteByte(p.src[p.pos+1])
				p.pos += 2
				continue
			}
			if c == '"' {
				p.pos++
				return Value{Text: b.String(), Quoted: true}
			}
			b.WriteByte(c)
			p.pos++
		}
		p.pos = start
		p.fail("unterminated quoted value, expecting '\"'")
	}
	var v Value
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '\\' {
			if p.pos+1 >= len(p.src) {
				p.fail("'\\' at the end of the query escapes nothing")
			}
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
			continue
		}
		if strings.IndexByte(" \t\r\n():<>\"{}", c) >= 0 {
			break
		}
		if c == '*' {
			v.Wild = append(v.Wild, b.Len())
		}
		b.WriteByte(c)
		p.pos++
	}
	v.Text = b.String()
	if v.Text == "" {
		p.fail("unexpected %s, expecting a value", p.peekDesc())
	}
	return v
}
