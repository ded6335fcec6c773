package sigma

import (
	"fmt"
	"strconv"
)

// ParseError is a syntax error in a condition at byte offset Pos.
type ParseError struct {
	Pos int
	Msg string
}

// Error formats the error with its byte offset.
func (e *ParseError) Error() string { return fmt.Sprintf("offset %d: %s", e.Pos, e.Msg) }

// Is makes a ParseError answer to ErrInvalid.
func (e *ParseError) Is(target error) bool { return target == ErrInvalid }

// maxConditionLen bounds the condition text; real conditions are short.
const maxConditionLen = 64 << 10

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 200

// ParseCondition parses a detection condition with the specification's
// precedence, loosest first: or, and, not, "x of", parentheses.
func ParseCondition(src string) (expr Expr, err error) {
	if len(src) > maxConditionLen {
		return nil, &ParseError{Pos: 0, Msg: fmt.Sprintf("condition longer than %d bytes", maxConditionLen)}
	}
	toks, lerr := lex(src)
	if lerr != nil {
		return nil, lerr
	}
	p := &parser{toks: toks}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*ParseError)
			if !ok {
				panic(r)
			}
			expr, err = nil, pe
		}
	}()
	if p.peek().kind == tokEOF {
		p.fail(p.peek(), "empty condition")
	}
	expr = p.or()
	if t := p.peek(); t.kind != tokEOF {
		if t.kind == tokPipe {
			p.fail(t, "aggregation expressions after | are not supported; write a correlation rule instead")
		}
		p.fail(t, fmt.Sprintf("unexpected %s %q; expected \"and\", \"or\" or the end", t.kind, t.text))
	}
	return expr, nil
}

type parser struct {
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) fail(t token, msg string) {
	panic(&ParseError{Pos: t.pos, Msg: msg})
}

func (p *parser) enter(t token) {
	p.depth++
	if p.depth > maxDepth {
		p.fail(t, fmt.Sprintf("condition nested deeper than %d", maxDepth))
	}
}

func (p *parser) or() Expr {
	first := p.and()
	if p.peek().kind != tokOr {
		return first
	}
	n := &Or{Args: []Expr{first}, Pos: first.Offset()}
	for p.peek().kind == tokOr {
		p.next()
		n.Args = append(n.Args, p.and())
	}
	return n
}

func (p *parser) and() Expr {
	first := p.not()
	if p.peek().kind != tokAnd {
		return first
	}
	n := &And{Args: []Expr{first}, Pos: first.Offset()}
	for p.peek().kind == tokAnd {
		p.next()
		n.Args = append(n.Args, p.not())
	}
	return n
}

func (p *parser) not() Expr {
	t := p.peek()
	if t.kind != tokNot {
		return p.primary()
	}
	p.next()
	p.enter(t)
	arg := p.not()
	p.depth--
	return &Not{Arg: arg, Pos: t.pos}
}

func (p *parser) primary() Expr {
	t := p.next()
	switch t.kind {
	case tokLParen:
		p.enter(t)
		e := p.or()
		p.depth--
		if c := p.next(); c.kind != tokRParen {
			p.fail(c, fmt.Sprintf("expected \")\" to close the \"(\" at offset %d, found %s", t.pos, c.kind))
		}
		return e
	case tokIdent:
		return &Ident{Name: t.text, Pos: t.pos}
	case tokNumber, tokAll, tokAny:
		return p.of(t)
	}
	p.fail(t, fmt.Sprintf("expected a search identifier, \"not\", \"(\" or \"N of\", found %s", t.kind))
	return nil
}

func (p *parser) of(q token) Expr {
	count := 1
	switch q.kind {
	case tokAll:
		count = 0
	case tokNumber:
		n, err := strconv.Atoi(q.text)
		if err != nil || n < 1 {
			p.fail(q, fmt.Sprintf("the count of %q must be a positive number", q.text+" of"))
		}
		count = n
	}
	if t := p.next(); t.kind != tokOf {
		if q.kind == tokNumber {
			p.fail(q, fmt.Sprintf("expected \"of\" after %q, found %s (a search identifier cannot be a bare number)", q.text, t.kind))
		}
		p.fail(t, fmt.Sprintf("expected \"of\" after %q, found %s", q.text, t.kind))
	}
	t := p.next()
	switch t.kind {
	case tokThem:
		return &Of{Count: count, Pattern: "them", Pos: q.pos}
	case tokIdent:
		return &Of{Count: count, Pattern: t.text, Pos: q.pos}
	}
	p.fail(t, fmt.Sprintf("expected \"them\" or a search identifier pattern after \"of\", found %s", t.kind))
	return nil
}
