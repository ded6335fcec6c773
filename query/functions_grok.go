package query

import (
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"

	"github.com/soclab/soclab/query/esql"
)

// grokFunc is the internal function a GROK command becomes: one EVAL
// column per field, each $GROK(input, pattern, field). Its name cannot be
// typed in a query.
const grokFunc = "$GROK"

func init() {
	scalars[grokFunc] = scalarFunc{3, 3, compileGrokField}
}

// grokField is one output column of a grok pattern.
type grokField struct {
	name string
	typ  Type
	conv string // the pattern's :type suffix, "" for keyword
	// groups are the submatch indexes of its %{...:name}s, in pattern
	// order: a name used more than once gives a multi-valued column.
	groups []int
}

// grokPattern is a grok pattern compiled to one RE2 regular expression.
type grokPattern struct {
	re     *regexp.Regexp
	fields []grokField // sorted by name, as Elasticsearch orders GROK's columns
	// last is the most recent match: the submatch indexes of re (nil: no
	// match), shared by the columns of one row.
	last lastMatch[[]int]
}

// match runs the expression on s, or reuses the last run on s.
func (g *grokPattern) match(s string) []int {
	return g.last.get(s, g.re.FindStringSubmatchIndex)
}

// grokMaxDepth bounds how deeply %{NAME} references may nest.
const grokMaxDepth = 16

// compileGrok expands a grok pattern's %{NAME[:field[:type]]} references
// and compiles the result; a reference with a field captures it.
func compileGrok(p string) (*grokPattern, error) {
	var b strings.Builder
	byName := map[string]*grokField{}
	n := 0
	var expand func(s string, depth int, top bool) error
	expand = func(s string, depth int, top bool) error {
		if depth > grokMaxDepth {
			return fmt.Errorf("pattern references nest more than %d deep", grokMaxDepth)
		}
		for {
			i := strings.Index(s, "%{")
			if i < 0 {
				b.WriteString(s)
				return nil
			}
			b.WriteString(s[:i])
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return fmt.Errorf("unterminated %%{ at %q", s[i:])
			}
			spec := s[i+2 : i+end]
			s = s[i+end+1:]
			parts := strings.Split(spec, ":")
			if len(parts) > 3 || !grokName(parts[0]) {
				return fmt.Errorf("invalid reference %%{%s}: expecting %%{NAME}, %%{NAME:field} or %%{NAME:field:type}", spec)
			}
			def, ok := grokBuiltins[parts[0]]
			if !ok {
				return fmt.Errorf("unknown pattern %%{%s}%s", parts[0], didYouMean(parts[0], grokBuiltinNames()))
			}
			if len(parts) == 1 || !top {
				b.WriteString("(?:")
				if err := expand(def, depth+1, false); err != nil {
					return err
				}
				b.WriteString(")")
				continue
			}
			name, conv := parts[1], ""
			if len(parts) == 3 {
				conv = parts[2]
			}
			if name == "" {
				return fmt.Errorf("invalid reference %%{%s}: empty field name", spec)
			}
			typ, err := grokType(conv)
			if err != nil {
				return fmt.Errorf("%%{%s}: %v", spec, err)
			}
			f := byName[name]
			if f == nil {
				f = &grokField{name: name, typ: typ, conv: conv}
				byName[name] = f
			} else if f.typ != typ {
				return fmt.Errorf("field [%s] is defined more than once with different types", name)
			}
			n++
			f.groups = append(f.groups, n) // set below from the group's name
			fmt.Fprintf(&b, "(?P<_grok%d>", n)
			if err := expand(def, depth+1, false); err != nil {
				return err
			}
			b.WriteString(")")
		}
	}
	if op, what := grokUnsupported(p); op != "" {
		return nil, fmt.Errorf("%s (%s) is not supported: %s", quoteExpr(op), what, re2Note)
	}
	if err := expand(p, 0, true); err != nil {
		return nil, err
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, grokRegexpError(err)
	}
	// Map each generated group to its submatch index; the user's own
	// (?<name>…) groups are keyword fields too, as in Elasticsearch.
	index := map[string]int{}
	for i, name := range re.SubexpNames() {
		if name == "" {
			continue
		}
		if strings.HasPrefix(name, "_grok") {
			index[name] = i
			continue
		}
		f := byName[name]
		if f == nil {
			f = &grokField{name: name, typ: TKeyword}
			byName[name] = f
		} else if f.typ != TKeyword {
			return nil, fmt.Errorf("field [%s] is defined more than once with different types", name)
		}
		f.groups = append(f.groups, -i) // negative: already a submatch index
	}
	g := &grokPattern{re: re}
	for _, f := range byName {
		for j, k := range f.groups {
			if k < 0 {
				f.groups[j] = -k
			} else {
				f.groups[j] = index[fmt.Sprintf("_grok%d", k)]
			}
		}
		sort.Ints(f.groups)
		g.fields = append(g.fields, *f)
	}
	sort.Slice(g.fields, func(i, j int) bool { return g.fields[i].name < g.fields[j].name })
	return g, nil
}

// grokRegexpError explains a regular expression RE2 refuses, naming the
// Oniguruma features Elasticsearch accepts that Go's engine cannot run.
func grokRegexpError(err error) error {
	var se *syntax.Error
	if e, ok := err.(*syntax.Error); ok {
		se = e
	}
	if se != nil {
		switch se.Code {
		case syntax.ErrInvalidPerlOp, syntax.ErrInvalidEscape, syntax.ErrInvalidRepeatOp, syntax.ErrInvalidNamedCapture:
			return fmt.Errorf("%s is not supported (%s): %s", quoteExpr(se.Expr), se.Code, re2Note)
		}
		return fmt.Errorf("invalid regular expression %s: %s", quoteExpr(se.Expr), se.Code)
	}
	return err
}

// re2Note is why some of Elasticsearch's grok regular expressions are refused.
const re2Note = "soclab runs GROK with Go's RE2 engine, which has no lookahead, lookbehind, " +
	"atomic groups, possessive quantifiers or backreferences"

// grokUnsupported finds an Oniguruma construct RE2 lacks in a pattern, so
// that the error names it rather than what RE2 made of it.
func grokUnsupported(p string) (op, what string) {
	for _, c := range []struct{ op, what string }{
		{"(?<=", "lookbehind"}, {"(?<!", "negative lookbehind"}, {"(?=", "lookahead"},
		{"(?!", "negative lookahead"}, {"(?>", "atomic group"}, {`\k<`, "backreference"},
	} {
		if strings.Contains(p, c.op) {
			return c.op, c.what
		}
	}
	return "", ""
}

func quoteExpr(s string) string { return "`" + s + "`" }

// grokName reports whether s is a pattern name: letters, digits, '_'.
func grokName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// grokType maps a :type suffix to the column type: int and long as they
// are, float and double to double (Elasticsearch widens GROK's float).
func grokType(conv string) (Type, error) {
	switch conv {
	case "":
		return TKeyword, nil
	case "int":
		return TInteger, nil
	case "long":
		return TLong, nil
	case "float", "double":
		return TDouble, nil
	case "boolean":
		return TBoolean, nil
	}
	return 0, fmt.Errorf("unsupported type [%s], expecting int, long, float, double or boolean", conv)
}

func grokBuiltinNames() []string {
	out := make([]string, 0, len(grokBuiltins))
	for k := range grokBuiltins {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// grokCache keeps compiled grok patterns.
var grokCache patternCache[*grokPattern]

// grokCompiled returns the compiled pattern p, from the cache when it can.
func grokCompiled(p string) (*grokPattern, error) {
	return grokCache.get(p, func() (*grokPattern, error) { return compileGrok(p) })
}

// desugarGrok turns each GROK command of q into the EVAL of its fields,
// after checking its pattern; other commands are kept.
func desugarGrok(q *esql.Query, src string) (*esql.Query, error) {
	return desugarEval(q, func(d *esql.Grok) (*esql.Eval, error) {
		pat, err := grokCompiled(d.Pattern)
		if err != nil {
			return nil, esql.Errorf(src, d.PatternAt, "invalid GROK pattern: %v", err)
		}
		ev := &esql.Eval{At: d.At}
		for _, f := range pat.fields {
			ev.Fields = append(ev.Fields, &esql.Field{Name: f.name, NameSet: true, At: d.At,
				Expr: &esql.Call{At: d.At, Name: grokFunc, Args: []esql.Expr{d.Input,
					stringLit(d.PatternAt, d.Pattern), stringLit(d.PatternAt, f.name)}}})
		}
		return ev, nil
	})
}

// compileGrokField compiles $GROK(input, pattern, field): the field's
// value when the input matches, else null; a multi-valued input gives the
// field's value from each value that matches.
func compileGrokField(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
		return nil, c.errorf(x.At, "GROK only supports keyword and text input, found [%s] of type [%s]", x.Args[0], typeName(args[0].typ))
	}
	pat, err := grokCompiled(args[1].val.S)
	if err != nil {
		return nil, c.errorf(x.At, "invalid GROK pattern: %v", err)
	}
	var f *grokField
	for i := range pat.fields {
		if pat.fields[i].name == args[2].val.S {
			f = &pat.fields[i]
		}
	}
	if f == nil {
		return nil, c.errorf(x.At, "GROK pattern has no field [%s]", args[2].val.S)
	}
	in := args[0].fn
	return &cexpr{typ: f.typ, node: x, fn: func(r *Row) Val {
		var out []Val
		for _, v := range in(r).values() {
			m := pat.match(v.S)
			if m == nil {
				continue
			}
			for _, g := range f.groups {
				if m[2*g] < 0 {
					continue
				}
				s := v.S[m[2*g]:m[2*g+1]]
				cv, err := grokConvert(s, f.conv)
				if err != nil {
					c.warn.add(x.At, "GROK "+x.Args[0].String(), err.Error())
					continue
				}
				out = append(out, cv)
			}
		}
		return multi(out) // each value of a multi-valued input, as Elasticsearch does
	}}, nil
}

// grokConvert turns a captured string into its :type.
func grokConvert(s, conv string) (Val, error) {
	switch conv {
	case "":
		return strVal(s), nil
	case "int":
		n, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return null, fmt.Errorf("cannot parse [%s] as int", s)
		}
		return intVal(n), nil
	case "long":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return null, fmt.Errorf("cannot parse [%s] as long", s)
		}
		return intVal(n), nil
	case "float":
		// Elasticsearch parses a 32-bit float and widens it to double.
		f, err := strconv.ParseFloat(s, 32)
		if err != nil || math.IsInf(f, 0) {
			return null, fmt.Errorf("cannot parse [%s] as float", s)
		}
		return floatVal(float64(float32(f))), nil
	case "double":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) {
			return null, fmt.Errorf("cannot parse [%s] as double", s)
		}
		return floatVal(f), nil
	case "boolean":
		return boolVal(strings.EqualFold(s, "true")), nil
	}
	return null, fmt.Errorf("unsupported type [%s]", conv)
}
