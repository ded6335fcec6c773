package sigma

import "time"

// Rule is one Sigma document: a detection rule (Detection set) or a
// correlation rule (Correlation set). Every construct keeps its position so
// that an engine can report what it cannot run as file:line:col.
type Rule struct {
	File string // the file the rule came from, as given to the decoder
	Pos  Pos    // where the document starts

	Title          string
	ID             string
	Name           string // the optional unique name correlations refer to
	Status         string
	Description    string
	Author         string
	Date           string
	Modified       string
	Level          string
	References     []string
	Tags           []string
	FalsePositives []string
	Fields         []string
	Related        []Related

	Logsource   Logsource
	Detection   *Detection   // nil for a correlation rule
	Correlation *Correlation // nil for a detection rule

	// Positions of the top-level attributes' values, by key ("title",
	// "level", ...).
	KeyPos map[string]Pos
	// Custom are the names of top-level attributes the specification does
	// not define (allowed: teams add their own metadata), in file order.
	Custom []string
}

// Related links a rule to another one (derived, obsolete, merged, renamed,
// similar).
type Related struct {
	ID   string
	Type string
}

// Label names the rule in messages: its title, else its id, else its name.
func (r *Rule) Label() string {
	switch {
	case r.Title != "":
		return r.Title
	case r.ID != "":
		return r.ID
	}
	return r.Name
}

// Errorf returns an Error located at pos in r's file.
func (r *Rule) Errorf(pos Pos, construct, format string, args ...any) *Error {
	return &Error{File: r.File, Pos: pos, Rule: r.Label(), Construct: construct, Msg: sprintf(format, args...)}
}

// Logsource names the log a detection rule applies to. Values are lower case.
type Logsource struct {
	Category   string
	Product    string
	Service    string
	Definition string
	Pos        Pos
}

// IsZero reports whether no category, product or service is given.
func (l Logsource) IsZero() bool { return l.Category == "" && l.Product == "" && l.Service == "" }

// Detection is the detection section: named searches and the condition that
// combines them.
type Detection struct {
	Searches []*Search // in file order
	// Conditions are the parsed condition expressions; a list of conditions
	// is linked with OR.
	Conditions []Expr
	// ConditionText is the source text of each condition.
	ConditionText []string
	Pos           Pos
}

// Search finds the search identifier called name, or nil.
func (d *Detection) Search(name string) *Search {
	for _, s := range d.Searches {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Search is one search identifier: an OR of groups, each group an AND of
// field matches. A map gives one group; a list of maps gives one group per
// map; a list of plain values gives one group holding a keyword match.
type Search struct {
	Name   string
	Groups [][]*FieldMatch
	Pos    Pos
}

// FieldMatch is one "field|mod1|mod2: values" item. Field is "" for
// keywords, which match anywhere in the event.
type FieldMatch struct {
	Field     string
	Modifiers []string
	Values    []Value // linked with OR, or with AND under the "all" modifier
	Key       string  // the key as written, e.g. "url.path|endswith"
	Pos       Pos
}

// Has reports whether the modifier chain contains mod.
func (f *FieldMatch) Has(mod string) bool {
	for _, m := range f.Modifiers {
		if m == mod {
			return true
		}
	}
	return false
}

// ValueKind is the YAML type of a detection value.
type ValueKind uint8

// The kinds of Value.
const (
	ValueNull ValueKind = iota
	ValueString
	ValueInt
	ValueFloat
	ValueBool
)

// Value is one scalar of a detection: a string (with Sigma's wildcards and
// escapes still in it), a number, a boolean or null.
type Value struct {
	Kind  ValueKind
	Str   string // the string, or the number or boolean as written
	Int   int64
	Float float64
	Bool  bool
	Pos   Pos
}

// Correlation is the correlation section of a correlation rule.
type Correlation struct {
	Type     string   // event_count, value_count, temporal, temporal_ordered
	Rules    []string // referenced rule ids or names
	GroupBy  []string
	Timespan time.Duration
	// TimespanText is the timespan as written, e.g. "5m".
	TimespanText string
	Condition    *CountCondition // nil when absent (temporal types)
	// Aliases maps an alias name to, per referenced rule name, the field
	// that holds the alias's value in that rule's events.
	Aliases map[string]map[string]string
	// Generate makes the referenced rules raise their own alerts too.
	Generate bool
	Pos      Pos
	KeyPos   map[string]Pos
}

// CountCondition is a correlation's condition: one or more comparisons
// (linked with AND, which gives ranges) and, for value_count, the field(s)
// whose distinct values are counted.
type CountCondition struct {
	Field []string
	Ops   []CountOp
	Pos   Pos
}

// CountOp is one comparison of a count: gt, gte, lt, lte, eq or neq.
type CountOp struct {
	Op string
	N  int64
}

// Holds reports whether n satisfies every comparison.
func (c *CountCondition) Holds(n int64) bool {
	for _, op := range c.Ops {
		if !op.Holds(n) {
			return false
		}
	}
	return true
}

// Holds reports whether n satisfies the comparison.
func (o CountOp) Holds(n int64) bool {
	switch o.Op {
	case "gt":
		return n > o.N
	case "gte":
		return n >= o.N
	case "lt":
		return n < o.N
	case "lte":
		return n <= o.N
	case "eq":
		return n == o.N
	case "neq":
		return n != o.N
	}
	return false
}

// Bounded reports whether the condition has an upper bound (lt, lte, eq,
// or neq, which a growing count can pass and then fail), which can only be
// decided once a window is complete.
func (c *CountCondition) Bounded() bool {
	for _, op := range c.Ops {
		if op.Op == "lt" || op.Op == "lte" || op.Op == "eq" || op.Op == "neq" {
			return true
		}
	}
	return false
}
