package query

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/soclab/soclab/query/esql"
)

// dissectFunc is the internal function a DISSECT command becomes: one
// EVAL column per key, each $DISSECT(input, pattern, separator, key).
// Its name cannot be typed in a query.
const dissectFunc = "$DISSECT"

func init() {
	scalars[dissectFunc] = scalarFunc{4, 4, compileDissectKey}
}

// dissectKey is one %{...} of a dissect pattern.
type dissectKey struct {
	name   string
	skip   bool // %{} or %{?name}
	append bool // %{+name}
	order  int  // %{+name/2}
	pad    bool // %{name->}: repeats of the next delimiter are skipped
}

// dissectPattern is a parsed pattern: delims[0] before the first key,
// delims[i+1] after key i ("" at the end when the pattern ends in a key).
type dissectPattern struct {
	keys   []dissectKey
	delims []string
	// sep joins appended keys (APPEND_SEPARATOR), and last is the most
	// recent match with it (nil: no match), shared by the columns of one
	// row; both are set for the patterns dissectCompiled returns.
	sep  string
	last lastMatch[map[string]string]
}

// dissectCache keeps parsed dissect patterns by pattern and separator.
var dissectCache patternCache[*dissectPattern]

// dissectCompiled returns pattern p with separator sep, from the cache
// when it can.
func dissectCompiled(p, sep string) (*dissectPattern, error) {
	return dissectCache.get(strconv.Itoa(len(p))+":"+p+sep, func() (*dissectPattern, error) {
		d, err := parseDissect(p)
		if err != nil {
			return nil, err
		}
		d.sep = sep
		return d, nil
	})
}

// matchRow is match with the pattern's separator, or the last run on s:
// the columns of one row split it once. nil means no match.
func (d *dissectPattern) matchRow(s string) map[string]string {
	return d.last.get(s, func(s string) map[string]string {
		m, _ := d.match(s, d.sep)
		return m
	})
}

// parseDissect parses an Elasticsearch dissect pattern.
func parseDissect(p string) (*dissectPattern, error) {
	d := &dissectPattern{}
	rest := p
	i := strings.Index(rest, "%{")
	if i < 0 {
		return nil, fmt.Errorf("pattern %q has no %%{key}", p)
	}
	d.delims = append(d.delims, rest[:i])
	rest = rest[i:]
	for rest != "" {
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return nil, fmt.Errorf("pattern %q: unterminated %%{", p)
		}
		k, err := parseDissectKey(rest[2:end])
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %v", p, err)
		}
		d.keys = append(d.keys, k)
		rest = rest[end+1:]
		next := strings.Index(rest, "%{")
		if next < 0 {
			next = len(rest)
		}
		if next == 0 && rest != "" {
			return nil, fmt.Errorf("pattern %q: keys %%{%s} and the next need text between them", p, k.name)
		}
		d.delims = append(d.delims, rest[:next])
		rest = rest[next:]
	}
	return d, nil
}

func parseDissectKey(s string) (dissectKey, error) {
	k := dissectKey{}
	if strings.HasSuffix(s, "->") {
		k.pad, s = true, strings.TrimSuffix(s, "->")
	}
	switch {
	case s == "":
		k.skip = true
		return k, nil
	case s[0] == '?':
		k.skip, s = true, s[1:]
	case s[0] == '+':
		k.append, s = true, s[1:]
		if name, ord, ok := strings.Cut(s, "/"); ok {
			n, err := strconv.Atoi(ord)
			if err != nil || n < 0 {
				return k, fmt.Errorf("bad append order in %%{+%s}", s)
			}
			s, k.order = name, n
		}
	case s[0] == '*' || s[0] == '&':
		return k, fmt.Errorf("reference keys (%%{%s}) are not supported", s)
	}
	if s == "" && !k.skip {
		return k, fmt.Errorf("a key needs a name")
	}
	k.name = s
	return k, nil
}

// names are the output columns: each named, not skipped key, once, in
// order of first appearance.
func (d *dissectPattern) names() []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range d.keys {
		if !k.skip && !seen[k.name] {
			seen[k.name] = true
			out = append(out, k.name)
		}
	}
	return out
}

// match splits s by the pattern; ok is false when it does not match.
// Appended keys are joined with sep in their /order, then pattern order.
func (d *dissectPattern) match(s, sep string) (map[string]string, bool) {
	if !strings.HasPrefix(s, d.delims[0]) {
		return nil, false
	}
	pos := len(d.delims[0])
	type part struct {
		order, seq int
		v          string
	}
	appends := map[string][]part{}
	out := map[string]string{}
	for i, k := range d.keys {
		delim := d.delims[i+1]
		var v string
		if delim == "" {
			v, pos = s[pos:], len(s)
		} else {
			j := strings.Index(s[pos:], delim)
			if j < 0 {
				return nil, false
			}
			v, pos = s[pos:pos+j], pos+j+len(delim)
			if k.pad {
				for strings.HasPrefix(s[pos:], delim) {
					pos += len(delim)
				}
			}
		}
		switch {
		case k.skip:
		case k.append:
			appends[k.name] = append(appends[k.name], part{k.order, i, v})
		default:
			out[k.name] = v
		}
	}
	for name, parts := range appends {
		for a := 1; a < len(parts); a++ {
			for b := a; b > 0 && (parts[b].order < parts[b-1].order || parts[b].order == parts[b-1].order && parts[b].seq < parts[b-1].seq); b-- {
				parts[b], parts[b-1] = parts[b-1], parts[b]
			}
		}
		vs := make([]string, len(parts))
		for i, p := range parts {
			vs[i] = p.v
		}
		if prev, ok := out[name]; ok {
			vs = append([]string{prev}, vs...)
		}
		out[name] = strings.Join(vs, sep)
	}
	return out, true
}

// desugarDissect turns each DISSECT command of q into the EVAL of its
// keys, after checking its pattern; other commands are kept.
func desugarDissect(q *esql.Query, src string) (*esql.Query, error) {
	return desugarEval(q, func(d *esql.Dissect) (*esql.Eval, error) {
		pat, err := dissectCompiled(d.Pattern, d.Sep)
		if err != nil {
			return nil, esql.Errorf(src, d.PatternAt, "invalid DISSECT pattern: %v", err)
		}
		ev := &esql.Eval{At: d.At}
		for _, name := range pat.names() {
			ev.Fields = append(ev.Fields, &esql.Field{Name: name, NameSet: true, At: d.At,
				Expr: &esql.Call{At: d.At, Name: dissectFunc, Args: []esql.Expr{d.Input,
					stringLit(d.PatternAt, d.Pattern), stringLit(d.PatternAt, d.Sep), stringLit(d.PatternAt, name)}}})
		}
		return ev, nil
	})
}

// compileDissectKey compiles $DISSECT(input, pattern, sep, key): the key's
// value when the input matches, else null; a multi-valued input gives the
// key's value from each value that matches.
func compileDissectKey(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
		return nil, c.errorf(x.At, "DISSECT only supports keyword and text input, found [%s] of type [%s]", x.Args[0], typeName(args[0].typ))
	}
	pat, err := dissectCompiled(args[1].val.S, args[2].val.S)
	if err != nil {
		return nil, c.errorf(x.At, "invalid DISSECT pattern: %v", err)
	}
	key, in := args[3].val.S, args[0].fn
	return &cexpr{typ: TKeyword, node: x, fn: func(r *Row) Val {
		var out []Val
		for _, v := range in(r).values() {
			if m := pat.matchRow(v.S); m != nil {
				out = append(out, strVal(m[key]))
			}
		}
		return multi(out) // each value of a multi-valued input, as Elasticsearch does
	}}, nil
}
