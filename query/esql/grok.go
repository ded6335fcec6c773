package esql

// Grok is "GROK input "pattern"": it matches a string against a grok
// pattern (a regular expression with %{NAME:field[:type]} references to
// named built-in patterns) and adds one column per field (Elasticsearch's
// grok). The pattern is checked when the query is planned, not here.
type Grok struct {
	At      Pos
	Input   Expr
	Pattern string
	// PatternAt is where the pattern string starts, for its errors.
	PatternAt Pos
}

func (*Grok) isCommand() {}

// Start returns where the command starts.
func (c *Grok) Start() Pos { return c.At }

func (c *Grok) String() string {
	return "GROK " + c.Input.String() + " " + quote(c.Pattern)
}

// grok parses the rest of a GROK command.
func (p *parser) grok() *Grok {
	g := &Grok{At: p.tok.pos}
	p.advance(false)
	g.Input = p.expr() // stops before the pattern string
	g.PatternAt = p.tok.pos
	g.Pattern = p.expect(tString, "a pattern string").text
	return g
}

// enrichRefusal is why ENRICH is refused: it joins rows against an enrich
// policy kept in the cluster, and a soclab workspace has none.
const enrichRefusal = "ENRICH is not supported: soclab has no enrich policies (they live in an Elasticsearch cluster); " +
	"the lab's events already carry their context fields (host.*, user.*, source.geo.*), and STATS … BY or EVAL CASE(…) can derive others"
