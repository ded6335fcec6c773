package esql

// Dissect is "DISSECT input "pattern" [APPEND_SEPARATOR="sep"]": it splits
// a string into new keyword columns by the pattern's %{key} fields and
// the literal text between them (Elasticsearch's dissect processor).
type Dissect struct {
	At      Pos
	Input   Expr
	Pattern string
	// PatternAt is where the pattern string starts, for its errors.
	PatternAt Pos
	Sep       string // APPEND_SEPARATOR; "" when not given
	SepSet    bool
}

func (*Dissect) isCommand() {}

// Start returns where the command starts.
func (c *Dissect) Start() Pos { return c.At }

func (c *Dissect) String() string {
	s := "DISSECT " + c.Input.String() + " " + quote(c.Pattern)
	if c.SepSet {
		s += " APPEND_SEPARATOR=" + quote(c.Sep)
	}
	return s
}

// dissect parses the rest of a DISSECT command.
func (p *parser) dissect() *Dissect {
	d := &Dissect{At: p.tok.pos}
	p.advance(false)
	d.Input = p.expr() // stops before the pattern string
	d.PatternAt = p.tok.pos
	d.Pattern = p.expect(tString, "a pattern string").text
	if p.tok.is("APPEND_SEPARATOR") {
		p.advance(false)
		p.expect(tAssign, "=")
		d.Sep, d.SepSet = p.expect(tString, "a separator string").text, true
	}
	return d
}
