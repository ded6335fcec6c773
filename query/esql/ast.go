package esql

// Query is a parsed ES|QL query: a source command (FROM) and the processing
// commands piped after it.
type Query struct {
	From     *From
	Row      *Row // instead of From: ROW a = 1, ...
	Commands []Command
}

// Command is one processing command of a query. The set is sealed.
type Command interface {
	Node
	isCommand()
}

// Node is anything in the tree with a position.
type Node interface {
	Start() Pos
	String() string
}

// From is "FROM pattern, ... [METADATA _index, ...]".
type From struct {
	At       Pos
	Indices  []IndexPattern
	Metadata []*Ident
}

// IndexPattern is one index name or wildcard pattern of FROM.
type IndexPattern struct {
	At   Pos
	Name string
}

// Where is "WHERE condition".
type Where struct {
	At   Pos
	Cond Expr
}

// Eval is "EVAL name = expr, ...".
type Eval struct {
	At     Pos
	Fields []*Field
}

// Stats is "STATS [name =] agg, ... [BY [name =] expr, ...]".
type Stats struct {
	At   Pos
	Aggs []*Field
	By   []*Field
}

// Exprs returns every expression the command reads: each aggregate, its
// WHERE filter if any, and each BY key.
func (s *Stats) Exprs() []Expr {
	var out []Expr
	for _, f := range append(append([]*Field(nil), s.Aggs...), s.By...) {
		out = append(out, f.Expr)
		if f.Where != nil {
			out = append(out, f.Where)
		}
	}
	return out
}

// Sort is "SORT expr [ASC|DESC] [NULLS FIRST|LAST], ...".
type Sort struct {
	At     Pos
	Orders []*Order
}

// Order is one key of SORT. NullsFirst defaults to Desc, as in
// Elasticsearch (nulls are larger than any value).
type Order struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
	// NullsSet records that NULLS FIRST/LAST was written.
	NullsSet bool
}

// Limit is "LIMIT n".
type Limit struct {
	At Pos
	N  int
}

// Keep is "KEEP pattern, ...".
type Keep struct {
	At       Pos
	Patterns []*Ident
}

// Drop is "DROP pattern, ...".
type Drop struct {
	At       Pos
	Patterns []*Ident
}

// Rename is "RENAME old AS new, ...".
type Rename struct {
	At    Pos
	Pairs []RenamePair
}

// RenamePair is one "old AS new" of RENAME.
type RenamePair struct {
	Old, New *Ident
}

// MvExpand is "MV_EXPAND field".
type MvExpand struct {
	At    Pos
	Field *Ident
}

// Field is an output column of EVAL or STATS: an expression and its name.
// Without "name =", the name is the expression's source text, as in
// Elasticsearch.
type Field struct {
	Name    string
	NameSet bool
	At      Pos
	Expr    Expr
	// Where is an aggregate's filter in STATS (agg WHERE cond): only the
	// rows where it is true feed the aggregates of Expr. Nil elsewhere.
	Where Expr
}

func (*Where) isCommand()    {}
func (*Eval) isCommand()     {}
func (*Stats) isCommand()    {}
func (*Sort) isCommand()     {}
func (*Limit) isCommand()    {}
func (*Keep) isCommand()     {}
func (*Drop) isCommand()     {}
func (*Rename) isCommand()   {}
func (*MvExpand) isCommand() {}

// Start implements Node.
func (c *From) Start() Pos { return c.At }

// Start implements Node.
func (c *Where) Start() Pos { return c.At }

// Start implements Node.
func (c *Eval) Start() Pos { return c.At }

// Start implements Node.
func (c *Stats) Start() Pos { return c.At }

// Start implements Node.
func (c *Sort) Start() Pos { return c.At }

// Start implements Node.
func (c *Limit) Start() Pos { return c.At }

// Start implements Node.
func (c *Keep) Start() Pos { return c.At }

// Start implements Node.
func (c *Drop) Start() Pos { return c.At }

// Start implements Node.
func (c *Rename) Start() Pos { return c.At }

// Start implements Node.
func (c *MvExpand) Start() Pos { return c.At }

// Expr is an expression. The set is sealed.
type Expr interface {
	Node
	isExpr()
}

// Ident is a field (column) reference, or a name pattern in KEEP and DROP.
type Ident struct {
	At   Pos
	Name string
}

// LitKind says which kind of literal a Literal is.
type LitKind int

// Literal kinds.
const (
	LitNull LitKind = iota
	LitBool
	LitInt
	LitDecimal
	LitString
	LitSpan // a time span: 1 hour, 15 minutes
)

// Literal is a constant. For LitSpan, Int is the count and Unit the
// normalised unit name ("hour", "day", ...).
type Literal struct {
	At    Pos
	Kind  LitKind
	Bool  bool
	Int   int64
	Float float64
	Str   string
	Unit  string
}

// Unary is "-x" or "NOT x".
type Unary struct {
	At Pos
	Op string // "-" or "NOT"
	X  Expr
}

// Binary is "x op y" for arithmetic, comparison, AND and OR.
type Binary struct {
	At   Pos
	Op   string // + - * / % == != < <= > >= AND OR
	X, Y Expr
}

// In is "x [NOT] IN (a, b, ...)".
type In struct {
	At   Pos
	X    Expr
	List []Expr
	Not  bool
}

// Like is "x [NOT] LIKE|RLIKE pattern".
type Like struct {
	At      Pos
	X       Expr
	Pattern string
	Regex   bool
	Not     bool
}

// IsNull is "x IS [NOT] NULL".
type IsNull struct {
	At  Pos
	X   Expr
	Not bool
}

// Call is a function or aggregate call; Star marks COUNT(*).
type Call struct {
	At   Pos
	Name string // upper case
	Args []Expr
	Star bool
}

// Cast is "x::type".
type Cast struct {
	At   Pos
	X    Expr
	Type string // lower case
}

func (*Ident) isExpr()   {}
func (*Literal) isExpr() {}
func (*Unary) isExpr()   {}
func (*Binary) isExpr()  {}
func (*In) isExpr()      {}
func (*Like) isExpr()    {}
func (*IsNull) isExpr()  {}
func (*Call) isExpr()    {}
func (*Cast) isExpr()    {}

// Start implements Node.
func (e *Ident) Start() Pos { return e.At }

// Start implements Node.
func (e *Literal) Start() Pos { return e.At }

// Start implements Node.
func (e *Unary) Start() Pos { return e.At }

// Start implements Node.
func (e *Binary) Start() Pos { return e.At }

// Start implements Node.
func (e *In) Start() Pos { return e.At }

// Start implements Node.
func (e *Like) Start() Pos { return e.At }

// Start implements Node.
func (e *IsNull) Start() Pos { return e.At }

// Start implements Node.
func (e *Call) Start() Pos { return e.At }

// Start implements Node.
func (e *Cast) Start() Pos { return e.At }

// Walk calls fn for e and every expression below it, parents first.
func Walk(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch x := e.(type) {
	case *Unary:
		Walk(x.X, fn)
	case *Binary:
		Walk(x.X, fn)
		Walk(x.Y, fn)
	case *In:
		Walk(x.X, fn)
		for _, a := range x.List {
			Walk(a, fn)
		}
	case *Like:
		Walk(x.X, fn)
	case *IsNull:
		Walk(x.X, fn)
	case *Call:
		for _, a := range x.Args {
			Walk(a, fn)
		}
	case *Cast:
		Walk(x.X, fn)
	}
}
