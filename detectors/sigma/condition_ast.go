package sigma

import (
	"strconv"
	"strings"
)

// Expr is a node of a parsed detection condition. The set of nodes is
// closed: And, Or, Not, Ident and Of.
type Expr interface {
	// Offset is the byte offset of the node in the condition text.
	Offset() int
	// String prints the expression so that it parses back to the same tree.
	String() string
	isExpr()
}

// And is "left and right and ...".
type And struct {
	Args []Expr
	Pos  int
}

// Or is "left or right or ...".
type Or struct {
	Args []Expr
	Pos  int
}

// Not is "not arg".
type Not struct {
	Arg Expr
	Pos int
}

// Ident refers to one search identifier.
type Ident struct {
	Name string
	Pos  int
}

// Of is "N of pattern", "all of pattern", "1 of them" or "all of them".
// Count is 0 for "all". Pattern is "them" or a name with * wildcards.
type Of struct {
	Count   int
	Pattern string
	Pos     int
}

func (*And) isExpr()   {}
func (*Or) isExpr()    {}
func (*Not) isExpr()   {}
func (*Ident) isExpr() {}
func (*Of) isExpr()    {}

// Offset implements Expr.
func (e *And) Offset() int { return e.Pos }

// Offset implements Expr.
func (e *Or) Offset() int { return e.Pos }

// Offset implements Expr.
func (e *Not) Offset() int { return e.Pos }

// Offset implements Expr.
func (e *Ident) Offset() int { return e.Pos }

// Offset implements Expr.
func (e *Of) Offset() int { return e.Pos }

// String implements Expr.
func (e *And) String() string { return join(e.Args, " and ", 2) }

// String implements Expr.
func (e *Or) String() string { return join(e.Args, " or ", 1) }

// String implements Expr.
func (e *Not) String() string { return "not " + wrap(e.Arg, 3) }

// String implements Expr.
func (e *Ident) String() string { return e.Name }

// String implements Expr.
func (e *Of) String() string {
	if e.Count == 0 {
		return "all of " + e.Pattern
	}
	return strconv.Itoa(e.Count) + " of " + e.Pattern
}

// precedence: or 1, and 2, not 3, atoms 4.
func prec(e Expr) int {
	switch e.(type) {
	case *Or:
		return 1
	case *And:
		return 2
	case *Not:
		return 3
	}
	return 4
}

func wrap(e Expr, min int) string {
	if prec(e) < min {
		return "(" + e.String() + ")"
	}
	return e.String()
}

func join(args []Expr, sep string, p int) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = wrap(a, p+1)
	}
	return strings.Join(parts, sep)
}

// Walk calls fn for e and every node below it, depth first, parents first.
func Walk(e Expr, fn func(Expr)) {
	fn(e)
	switch n := e.(type) {
	case *And:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Or:
		for _, a := range n.Args {
			Walk(a, fn)
		}
	case *Not:
		Walk(n.Arg, fn)
	}
}

// MatchPattern reports whether a search identifier name matches an "of"
// pattern: "them" matches every name not starting with "_", and "*" in a
// pattern matches any run of characters.
func MatchPattern(pattern, name string) bool {
	if pattern == "them" {
		return !strings.HasPrefix(name, "_")
	}
	return globMatch(pattern, name)
}

// globMatch matches name against a pattern whose only special character is *.
func globMatch(pattern, name string) bool {
	star, mark := -1, 0
	p, n := 0, 0
	for n < len(name) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, n
			p++
		case p < len(pattern) && pattern[p] == name[n]:
			p++
			n++
		case star >= 0:
			p = star + 1
			mark++
			n = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
