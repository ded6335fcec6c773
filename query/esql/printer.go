package esql

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// String prints the query in canonical form: upper-case keywords, one
// space around operators, " | " between commands. The printed text parses
// back to the same tree.
func (q *Query) String() string {
	var parts []string
	if q.Row != nil {
		parts = append(parts, q.Row.String())
	} else {
		parts = append(parts, q.From.String())
	}
	for _, c := range q.Commands {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, " | ")
}

func (c *From) String() string {
	names := make([]string, len(c.Indices))
	for i, ix := range c.Indices {
		names[i] = ix.Name
		if ix.Name == "" || strings.ContainsAny(ix.Name, " \t\r\n,|\"`()") {
			names[i] = quote(ix.Name)
		}
	}
	s := "FROM " + strings.Join(names, ", ")
	if len(c.Metadata) > 0 {
		s += " METADATA " + identList(c.Metadata)
	}
	return s
}

func (c *Where) String() string    { return "WHERE " + c.Cond.String() }
func (c *Eval) String() string     { return "EVAL " + fieldList(c.Fields) }
func (c *Limit) String() string    { return "LIMIT " + strconv.Itoa(c.N) }
func (c *Keep) String() string     { return "KEEP " + identList(c.Patterns) }
func (c *Drop) String() string     { return "DROP " + identList(c.Patterns) }
func (c *MvExpand) String() string { return "MV_EXPAND " + c.Field.String() }

func (c *Stats) String() string {
	s := "STATS"
	if len(c.Aggs) > 0 {
		s += " " + fieldList(c.Aggs)
	}
	if len(c.By) > 0 {
		s += " BY " + fieldList(c.By)
	}
	return s
}

func (c *Sort) String() string {
	parts := make([]string, len(c.Orders))
	for i, o := range c.Orders {
		s := o.Expr.String()
		if o.Desc {
			s += " DESC"
		}
		if o.NullsFirst != o.Desc {
			if o.NullsFirst {
				s += " NULLS FIRST"
			} else {
				s += " NULLS LAST"
			}
		}
		parts[i] = s
	}
	return "SORT " + strings.Join(parts, ", ")
}

func (c *Rename) String() string {
	parts := make([]string, len(c.Pairs))
	for i, p := range c.Pairs {
		parts[i] = p.Old.String() + " AS " + p.New.String()
	}
	return "RENAME " + strings.Join(parts, ", ")
}

func fieldList(fs []*Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Expr.String()
		if f.Where != nil {
			parts[i] += " WHERE " + f.Where.String()
		}
		if f.NameSet {
			parts[i] = (&Ident{Name: f.Name}).String() + " = " + parts[i]
		}
	}
	return strings.Join(parts, ", ")
}

func identList(ids []*Ident) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = identString(id.Name, true)
	}
	return strings.Join(parts, ", ")
}

var (
	plainIdent   = regexp.MustCompile(`^[A-Za-z_@][A-Za-z0-9_.@]*$`)
	plainPattern = regexp.MustCompile(`^[A-Za-z_@*][A-Za-z0-9_.@*]*$`)
)

func (e *Ident) String() string { return identString(e.Name, false) }

// QuoteIdent writes a field name for a query: plainly when it reads back
// as that one name, in backquotes otherwise (a reserved word, a space).
func QuoteIdent(name string) string { return identString(name, false) }

// QuoteString writes s as an ES|QL string literal.
func QuoteString(s string) string { return quote(s) }

// identString prints a name plainly when it lexes back as one identifier,
// and in backquotes otherwise. In KEEP and DROP, '*' is a wildcard.
func identString(name string, pattern bool) string {
	re := plainIdent
	if pattern {
		re = plainPattern
	}
	if re.MatchString(name) && !isReserved(name) {
		return name
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func (e *Literal) String() string {
	switch e.Kind {
	case LitNull:
		return "null"
	case LitBool:
		return strconv.FormatBool(e.Bool)
	case LitInt:
		return strconv.FormatInt(e.Int, 10)
	case LitDecimal:
		s := strconv.FormatFloat(e.Float, 'g', -1, 64)
		if math.IsInf(e.Float, 0) || math.IsNaN(e.Float) {
			return "null"
		}
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s
	case LitString:
		return quote(e.Str)
	case LitSpan:
		return strconv.FormatInt(e.Int, 10) + " " + e.Unit
	}
	return "?"
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// Precedence levels, loosest first.
const (
	precOr = iota + 1
	precAnd
	precNot
	precCompare
	precAdd
	precMul
	precUnary
	precCast
	precPrimary
)

var binaryPrec = map[string]int{
	"OR": precOr, "AND": precAnd, "==": precCompare, "!=": precCompare, "<": precCompare,
	"<=": precCompare, ">": precCompare, ">=": precCompare, "+": precAdd, "-": precAdd,
	"*": precMul, "/": precMul, "%": precMul,
}

func prec(e Expr) int {
	switch x := e.(type) {
	case *Binary:
		return binaryPrec[x.Op]
	case *Unary:
		if x.Op == "NOT" {
			return precNot
		}
		return precUnary
	case *In, *Like, *IsNull:
		return precCompare
	case *Cast:
		return precCast
	case *Literal:
		if (x.Kind == LitInt && x.Int < 0) || (x.Kind == LitDecimal && math.Signbit(x.Float)) {
			return precUnary
		}
	}
	return precPrimary
}

// paren prints e, in parentheses when it binds looser than min.
func paren(e Expr, min int) string {
	if prec(e) < min {
		return "(" + e.String() + ")"
	}
	return e.String()
}

func (e *Binary) String() string {
	p := binaryPrec[e.Op]
	left, right := p, p+1
	if p == precCompare {
		left = precAdd
		right = precAdd
	}
	return paren(e.X, left) + " " + e.Op + " " + paren(e.Y, right)
}

func (e *Unary) String() string {
	if e.Op == "NOT" {
		return "NOT " + paren(e.X, precNot)
	}
	return "-" + paren(e.X, precCast)
}

func (e *In) String() string {
	parts := make([]string, len(e.List))
	for i, x := range e.List {
		parts[i] = x.String()
	}
	return paren(e.X, precAdd) + not(e.Not) + " IN (" + strings.Join(parts, ", ") + ")"
}

func (e *Like) String() string {
	op := " LIKE "
	if e.Regex {
		op = " RLIKE "
	}
	return paren(e.X, precAdd) + not(e.Not) + op + quote(e.Pattern)
}

func (e *IsNull) String() string {
	if e.Not {
		return paren(e.X, precAdd) + " IS NOT NULL"
	}
	return paren(e.X, precAdd) + " IS NULL"
}

func not(b bool) string {
	if b {
		return " NOT"
	}
	return ""
}

func (e *Call) String() string {
	if e.Star {
		return e.Name + "(*)"
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = a.String()
	}
	return e.Name + "(" + strings.Join(parts, ", ") + ")"
}

func (e *Cast) String() string { return paren(e.X, precCast) + "::" + e.Type }
