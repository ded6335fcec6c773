package esql

import (
	"strconv"
	"strings"
)

// expr parses a boolean expression: OR binds loosest, then AND, then NOT,
// then comparisons and predicates, then + -, then * / %, then unary minus
// and :: casts.
func (p *parser) expr() Expr {
	p.depth++
	if p.depth > maxDepth {
		p.fail(p.tok.pos, "expression nested deeper than %d levels", maxDepth)
	}
	defer func() { p.depth-- }()
	return p.or()
}

func (p *parser) or() Expr {
	x := p.and()
	for p.tok.is("OR") {
		at := p.tok.pos
		p.advance(false)
		x = &Binary{At: at, Op: "OR", X: x, Y: p.and()}
	}
	return x
}

func (p *parser) and() Expr {
	x := p.not()
	for p.tok.is("AND") {
		at := p.tok.pos
		p.advance(false)
		x = &Binary{At: at, Op: "AND", X: x, Y: p.not()}
	}
	return x
}

func (p *parser) not() Expr {
	if p.tok.is("NOT") {
		at := p.tok.pos
		p.advance(false)
		p.depth++
		if p.depth > maxDepth {
			p.fail(at, "expression nested deeper than %d levels", maxDepth)
		}
		defer func() { p.depth-- }()
		return &Unary{At: at, Op: "NOT", X: p.not()}
	}
	return p.predicate()
}

var comparisons = map[tokKind]string{tEq: "==", tNeq: "!=", tLt: "<", tLte: "<=", tGt: ">", tGte: ">="}

func (p *parser) predicate() Expr {
	x := p.additive()
	if op, ok := comparisons[p.tok.kind]; ok {
		at := p.tok.pos
		p.advance(false)
		return &Binary{At: at, Op: op, X: x, Y: p.additive()}
	}
	if p.tok.kind == tAssign {
		p.fail(p.tok.pos, "mismatched input '=' expecting '==' (use == to compare; = only names a column in EVAL and STATS)")
	}
	not := false
	at := p.tok.pos
	if p.tok.is("NOT") {
		not = true
		p.advance(false)
		if !p.tok.is("IN") && !p.tok.is("LIKE") && !p.tok.is("RLIKE") {
			p.fail(p.tok.pos, "mismatched input %s expecting IN, LIKE or RLIKE", p.tok)
		}
	}
	switch {
	case p.tok.is("IN"):
		p.advance(false)
		p.expect(tLParen, "'('")
		in := &In{At: at, X: x, Not: not}
		for {
			in.List = append(in.List, p.expr())
			if p.tok.kind != tComma {
				break
			}
			p.advance(false)
		}
		p.expect(tRParen, "',' or ')'")
		return in
	case p.tok.is("LIKE") || p.tok.is("RLIKE"):
		regex := p.tok.is("RLIKE")
		p.advance(false)
		pat := p.expect(tString, "a string pattern")
		return &Like{At: at, X: x, Pattern: pat.text, Regex: regex, Not: not}
	case p.tok.is("IS"):
		p.advance(false)
		n := &IsNull{At: at, X: x}
		if p.tok.is("NOT") {
			n.Not = true
			p.advance(false)
		}
		if !p.tok.is("NULL") {
			p.fail(p.tok.pos, "mismatched input %s expecting NULL or NOT NULL", p.tok)
		}
		p.advance(false)
		return n
	}
	return x
}

func (p *parser) additive() Expr {
	x := p.multiplicative()
	for p.tok.kind == tPlus || p.tok.kind == tMinus {
		at, op := p.tok.pos, p.tok.text
		p.advance(false)
		x = &Binary{At: at, Op: op, X: x, Y: p.multiplicative()}
	}
	return x
}

func (p *parser) multiplicative() Expr {
	x := p.unary()
	for p.tok.kind == tStar || p.tok.kind == tSlash || p.tok.kind == tPercent {
		at, op := p.tok.pos, p.tok.text
		p.advance(false)
		x = &Binary{At: at, Op: op, X: x, Y: p.unary()}
	}
	return x
}

func (p *parser) unary() Expr {
	if p.tok.kind == tMinus || p.tok.kind == tPlus {
		at, op := p.tok.pos, p.tok.text
		p.advance(false)
		p.depth++
		if p.depth > maxDepth {
			p.fail(at, "expression nested deeper than %d levels", maxDepth)
		}
		defer func() { p.depth-- }()
		x := p.unary()
		if op == "+" {
			return x
		}
		if lit, ok := x.(*Literal); ok && (lit.Kind == LitInt || lit.Kind == LitDecimal) {
			lit.At, lit.Int, lit.Float = at, -lit.Int, -lit.Float
			return lit
		}
		return &Unary{At: at, Op: "-", X: x}
	}
	return p.cast()
}

func (p *parser) cast() Expr {
	x := p.primary()
	for p.tok.kind == tCast {
		at := p.tok.pos
		p.advance(false)
		t := p.expect(tIdent, "a type name")
		x = &Cast{At: at, X: x, Type: strings.ToLower(t.text)}
	}
	return x
}

func (p *parser) primary() Expr {
	t := p.tok
	switch t.kind {
	case tInt, tDecimal:
		p.advance(false)
		return p.number(t)
	case tString:
		p.advance(false)
		return &Literal{At: t.pos, Kind: LitString, Str: t.text}
	case tLParen:
		p.advance(false)
		x := p.expr()
		p.expect(tRParen, "')'")
		return x
	case tQuotedIdent:
		p.advance(false)
		return &Ident{At: t.pos, Name: t.text}
	case tIdent:
		return p.identOrCall()
	}
	p.fail(t.pos, "mismatched input %s expecting an expression", t)
	return nil
}

func (p *parser) identOrCall() Expr {
	t := p.tok
	switch strings.ToUpper(t.text) {
	case "NULL":
		p.advance(false)
		return &Literal{At: t.pos, Kind: LitNull}
	case "TRUE", "FALSE":
		p.advance(false)
		return &Literal{At: t.pos, Kind: LitBool, Bool: strings.EqualFold(t.text, "true")}
	}
	if isReserved(t.text) {
		p.fail(t.pos, "mismatched input %s expecting an expression", t)
	}
	p.advance(false)
	if p.tok.kind != tLParen {
		return &Ident{At: t.pos, Name: t.text}
	}
	if strings.Contains(t.text, ".") || strings.HasPrefix(t.text, "@") {
		p.fail(t.pos, "%s is not a function name", t)
	}
	c := &Call{At: t.pos, Name: strings.ToUpper(t.text)}
	p.advance(false)
	if p.tok.kind == tStar {
		c.Star = true
		p.advance(false)
		p.expect(tRParen, "')'")
		return c
	}
	if p.tok.kind == tRParen {
		p.advance(false)
		return c
	}
	for {
		c.Args = append(c.Args, p.expr())
		if p.tok.kind != tComma {
			break
		}
		p.advance(false)
	}
	p.expect(tRParen, "',' or ')'")
	return c
}

// spanUnits maps the time-span qualifiers Elasticsearch accepts to a
// normalised unit.
var spanUnits = map[string]string{
	"millisecond": "millisecond", "milliseconds": "millisecond", "ms": "millisecond",
	"second": "second", "seconds": "second", "sec": "second", "s": "second",
	"minute": "minute", "minutes": "minute", "min": "minute",
	"hour": "hour", "hours": "hour", "h": "hour",
	"day": "day", "days": "day", "d": "day",
	"week": "week", "weeks": "week", "w": "week",
	"month": "month", "months": "month", "mo": "month",
	"quarter": "quarter", "quarters": "quarter", "q": "quarter",
	"year": "year", "years": "year", "yr": "year", "y": "year",
}

func (p *parser) number(t token) Expr {
	if t.kind == tDecimal {
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			p.fail(t.pos, "invalid number %s", t.text)
		}
		return &Literal{At: t.pos, Kind: LitDecimal, Float: f}
	}
	n, err := strconv.ParseInt(t.text, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(t.text, 64)
		if ferr != nil {
			p.fail(t.pos, "invalid number %s", t.text)
		}
		return &Literal{At: t.pos, Kind: LitDecimal, Float: f}
	}
	if p.tok.kind == tIdent {
		if unit, ok := spanUnits[strings.ToLower(p.tok.text)]; ok {
			p.advance(false)
			return &Literal{At: t.pos, Kind: LitSpan, Int: n, Unit: unit}
		}
	}
	return &Literal{At: t.pos, Kind: LitInt, Int: n}
}
