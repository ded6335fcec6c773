package kql

import (
	"strings"

	"github.com/soclab/soclab/query/esql"
)

// Pos is a byte offset into the query.
type Pos = esql.Pos

// ParseErr is a KQL syntax error; it prints "line L:C: message" like ES|QL
// errors do.
type ParseErr = esql.ParseErr

// ErrParse is the sentinel every ParseErr answers to.
var ErrParse = esql.ErrParse

// Node is a KQL expression. The set is sealed.
type Node interface {
	Start() Pos
	String() string
	isNode()
}

// Or is "x or y".
type Or struct {
	At   Pos
	X, Y Node
}

// And is "x and y".
type And struct {
	At   Pos
	X, Y Node
}

// Not is "not x".
type Not struct {
	At Pos
	X  Node
}

// Value is a value as written: quoted (a phrase, no wildcards) or not
// (where '*' is a wildcard unless escaped). Text has escapes resolved;
// Wild marks the positions of unescaped '*' in Text.
type Value struct {
	Text   string
	Quoted bool
	Wild   []int
}

// HasWildcard reports whether the value contains an unescaped '*'.
func (v Value) HasWildcard() bool { return len(v.Wild) > 0 }

// Match is "field: value" (Field "" for a bare value that searches every
// field). Field may hold '*' wildcards.
type Match struct {
	At    Pos
	Field string
	Value Value
}

// Exists is "field: *".
type Exists struct {
	At    Pos
	Field string
}

// Range is "field >= value" (or <, <=, >).
type Range struct {
	At    Pos
	Field string
	Op    string
	Value Value
}

func (*Or) isNode()     {}
func (*And) isNode()    {}
func (*Not) isNode()    {}
func (*Match) isNode()  {}
func (*Exists) isNode() {}
func (*Range) isNode()  {}

// Start implements Node.
func (n *Or) Start() Pos { return n.At }

// Start implements Node.
func (n *And) Start() Pos { return n.At }

// Start implements Node.
func (n *Not) Start() Pos { return n.At }

// Start implements Node.
func (n *Match) Start() Pos { return n.At }

// Start implements Node.
func (n *Exists) Start() Pos { return n.At }

// Start implements Node.
func (n *Range) Start() Pos { return n.At }

// String prints in canonical form, parenthesised where precedence needs
// it (and binds tighter than or; both are left-associative); the output
// parses back to the same tree.
func (n *Or) String() string {
	return paren(n.X, false) + " or " + paren(n.Y, isOr(n.Y))
}

func (n *And) String() string {
	return paren(n.X, isOr(n.X)) + " and " + paren(n.Y, isOr(n.Y) || isAnd(n.Y))
}

func (n *Not) String() string { return "not " + paren(n.X, isOr(n.X) || isAnd(n.X)) }

func isOr(n Node) bool  { _, ok := n.(*Or); return ok }
func isAnd(n Node) bool { _, ok := n.(*And); return ok }

func paren(n Node, need bool) string {
	if need {
		return "(" + n.String() + ")"
	}
	return n.String()
}

func (n *Match) String() string {
	if n.Field == "" {
		return n.Value.String()
	}
	return fieldString(n.Field) + ": " + n.Value.String()
}

func (n *Exists) String() string { return fieldString(n.Field) + ": *" }
func (n *Range) String() string  { return fieldString(n.Field) + " " + n.Op + " " + n.Value.String() }

// fieldString prints a field name, escaping what would end it; '*' stays
// a wildcard.
func fieldString(f string) string {
	v := Value{Text: f}
	for i := 0; i < len(f); i++ {
		if f[i] == '*' {
			v.Wild = append(v.Wild, i)
		}
	}
	return v.String()
}

// String prints the value as KQL: quoted values in double quotes, others
// with special characters escaped.
func (v Value) String() string {
	if v.Quoted {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v.Text) + `"`
	}
	var b strings.Builder
	wild := map[int]bool{}
	for _, i := range v.Wild {
		wild[i] = true
	}
	for i := 0; i < len(v.Text); i++ {
		c := v.Text[i]
		if c == '*' && wild[i] {
			b.WriteByte('*')
			continue
		}
		if strings.IndexByte(specials, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	s := b.String()
	if kw := strings.ToLower(s); kw == "or" || kw == "and" || kw == "not" {
		return `\` + s
	}
	return s
}

// specials are the characters an unquoted value must escape.
const specials = "\\():<>\"*{} \t\r\n"
