package query

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/query/kql"
	"github.com/soclab/soclab/store/columnar"
)

// compileKQL turns a KQL tree into a predicate over the compiler's scope.
// KQL follows Elasticsearch's query DSL, not ES|QL: a field matches when
// any of its values matches, a missing field never matches (so "not f: x"
// keeps events without f), and the result is never null.
func (c *compiler) compileKQL(n kql.Node) (*cexpr, error) {
	switch x := n.(type) {
	case *kql.Or, *kql.And:
		var a, b kql.Node
		and := false
		if o, ok := x.(*kql.Or); ok {
			a, b = o.X, o.Y
		} else {
			a, b, and = x.(*kql.And).X, x.(*kql.And).Y, true
		}
		l, err := c.compileKQL(a)
		if err != nil {
			return nil, err
		}
		r, err := c.compileKQL(b)
		if err != nil {
			return nil, err
		}
		fl, fr := l.fn, r.fn
		if and {
			return kqlPred(func(row *Row) bool { return fl(row).truth() && fr(row).truth() }), nil
		}
		return kqlPred(func(row *Row) bool { return fl(row).truth() || fr(row).truth() }), nil
	case *kql.Not:
		in, err := c.compileKQL(x.X)
		if err != nil {
			return nil, err
		}
		f := in.fn
		return kqlPred(func(row *Row) bool { return !f(row).truth() }), nil
	case *kql.Exists:
		return c.kqlFields(x.Field, func(ref colRef) (func(Val) bool, error) {
			return func(Val) bool { return true }, nil
		})
	case *kql.Match:
		return c.kqlMatch(x)
	case *kql.Range:
		return c.kqlRange(x)
	}
	return nil, fmt.Errorf("unsupported KQL node %T", n)
}

func kqlPred(f func(*Row) bool) *cexpr {
	return &cexpr{typ: TBoolean, fn: func(r *Row) Val { return boolVal(f(r)) }}
}

// kqlFields builds "any value of any field matching the pattern passes
// test". A field the data does not have matches nothing, as in Kibana.
func (c *compiler) kqlFields(pattern string, test func(colRef) (func(Val) bool, error)) (*cexpr, error) {
	type part struct {
		read evalFn
		ok   func(Val) bool
	}
	var parts []part
	for _, ref := range c.sc.cols {
		if ref.name == columnar.IndexField || !matchPattern(pattern, ref.name) {
			continue
		}
		ok, err := test(ref)
		if err != nil {
			return nil, err
		}
		if ok != nil {
			parts = append(parts, part{ref.read(), ok})
		}
	}
	return kqlPred(func(r *Row) bool {
		for _, p := range parts {
			v := p.read(r)
			if v.K == KMulti {
				for _, x := range v.L {
					if p.ok(x) {
						return true
					}
				}
			} else if v.K != KNull && p.ok(v) {
				return true
			}
		}
		return false
	}), nil
}

func (c *compiler) kqlMatch(x *kql.Match) (*cexpr, error) {
	field, lenient := x.Field, false
	if field == "" {
		field, lenient = "*", true
	}
	return c.kqlFields(field, func(ref colRef) (func(Val) bool, error) {
		ok, err := kqlValueTest(ref.typ, x.Value, time.UnixMilli(c.now))
		if err != nil {
			if lenient || strings.Contains(field, "*") {
				return nil, nil
			}
			return nil, c.errorf(x.At, "%s: %v", ref.name, err)
		}
		return ok, nil
	})
}

// kqlValueTest returns the test one value of a field of type t must pass
// to match v.
func kqlValueTest(t Type, v kql.Value, now time.Time) (func(Val) bool, error) {
	switch t {
	case TKeyword:
		if !v.Quoted && v.HasWildcard() {
			m := wildcardMatcher(v)
			return func(x Val) bool { return m(x.S) }, nil
		}
		want := v.Text
		return func(x Val) bool { return x.S == want }, nil
	case TText:
		return textMatcher(v), nil
	case TIP:
		if v.HasWildcard() && !v.Quoted {
			return nil, fmt.Errorf("an ip field does not take wildcards (%q); use a CIDR block such as 10.0.0.0/8", v.Text)
		}
		p, err := parseCIDR(v.Text)
		if err != nil {
			return nil, fmt.Errorf("%q is not an ip address or CIDR block", v.Text)
		}
		return func(x Val) bool {
			a, err := netip.ParseAddr(x.S)
			return err == nil && p.Contains(a.Unmap())
		}, nil
	case TLong, TInteger, TDouble:
		f, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", v.Text)
		}
		return func(x Val) bool { return numOf(x) == f }, nil
	case TBoolean:
		b, err := strconv.ParseBool(strings.ToLower(v.Text))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", v.Text)
		}
		return func(x Val) bool { return (x.I != 0) == b }, nil
	case TDate:
		lo, hi, err := kqlDate(v.Text, now)
		if err != nil {
			return nil, err
		}
		return func(x Val) bool { return x.I >= lo && x.I < hi }, nil
	}
	return nil, fmt.Errorf("cannot match a %s field", typeName(t))
}

func numOf(x Val) float64 {
	if x.K == KFloat {
		return x.F
	}
	return float64(x.I)
}

// wildcardMatcher matches an unquoted KQL value whose unescaped '*' are
// wildcards.
func wildcardMatcher(v kql.Value) func(string) bool {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	last := 0
	for _, i := range v.Wild {
		b.WriteString(regexp.QuoteMeta(v.Text[last:i]))
		b.WriteString(`.*`)
		last = i + 1
	}
	b.WriteString(regexp.QuoteMeta(v.Text[last:]) + `)$`)
	return regexp.MustCompile(b.String()).MatchString
}

// tokens splits text into lower-case words, as Elasticsearch's standard
// analyzer roughly does.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*'
	})
}

// textMatcher: a quoted value is a phrase (its words in a row); unquoted
// words match when any of them (wildcards allowed) is a word of the text.
func textMatcher(v kql.Value) func(Val) bool {
	words := tokens(v.Text)
	if v.Quoted {
		return func(x Val) bool {
			doc := tokens(x.S)
			for i := 0; i+len(words) <= len(doc); i++ {
				match := true
				for j, w := range words {
					if doc[i+j] != strings.ReplaceAll(w, "*", "") {
						match = false
						break
					}
				}
				if match && len(words) > 0 {
					return true
				}
			}
			return false
		}
	}
	ms := make([]func(string) bool, len(words))
	for i, w := range words {
		ms[i] = compileLike(strings.ReplaceAll(w, `\`, `\\`))
	}
	return func(x Val) bool {
		for _, d := range tokens(x.S) {
			for _, m := range ms {
				if m(d) {
					return true
				}
			}
		}
		return false
	}
}

var dateMath = regexp.MustCompile(`^now(?:([+-])(\d+)([smhdwMy]))?(?:/([smhdwMy]))?$`)

// kqlDate reads a KQL date: RFC 3339, a day (which spans the whole day),
// or date math such as now-1h. It returns [lo, hi) in Unix ms.
func kqlDate(s string, now time.Time) (int64, int64, error) {
	if m := dateMath.FindStringSubmatch(s); m != nil {
		t := now.UTC()
		if m[1] != "" {
			n, _ := strconv.Atoi(m[2])
			if m[1] == "-" {
				n = -n
			}
			unit := map[string]string{"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week", "M": "month", "y": "year"}[m[3]]
			t = addSpan(fromTime(t), int64(n), unit).time()
		}
		ms := t.UnixMilli()
		return ms, ms + 1, nil
	}
	t, err := event.ParseTime(s)
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not a date (use 2026-03-02, 2026-03-02T10:00:00Z or now-1h)", s)
	}
	if len(s) == len("2006-01-02") {
		return t.UnixMilli(), t.UnixMilli() + 86_400_000, nil
	}
	return t.UnixMilli(), t.UnixMilli() + 1, nil
}

func (c *compiler) kqlRange(x *kql.Range) (*cexpr, error) {
	return c.kqlFields(x.Field, func(ref colRef) (func(Val) bool, error) {
		var key Val
		switch t := ref.typ; {
		case t.IsNumeric():
			f, err := strconv.ParseFloat(x.Value.Text, 64)
			if err != nil {
				return nil, c.errorf(x.At, "%s: %q is not a number", ref.name, x.Value.Text)
			}
			return rangeTest(x.Op, func(v Val) int { return cmpFloat(numOf(v), f) }), nil
		case t == TDate:
			lo, hi, err := kqlDate(x.Value.Text, time.UnixMilli(c.now))
			if err != nil {
				return nil, c.errorf(x.At, "%s: %v", ref.name, err)
			}
			return rangeTest(x.Op, func(v Val) int {
				switch {
				case v.I < lo:
					return -1
				case v.I >= hi:
					return 1
				}
				return 0
			}), nil
		case t == TIP:
			a, err := netip.ParseAddr(x.Value.Text)
			if err != nil {
				return nil, c.errorf(x.At, "%s: %q is not an ip address", ref.name, x.Value.Text)
			}
			return rangeTest(x.Op, func(v Val) int {
				b, _ := netip.ParseAddr(v.S)
				return b.Unmap().Compare(a.Unmap())
			}), nil
		case isString(t):
			key = strVal(x.Value.Text)
			return rangeTest(x.Op, func(v Val) int { return strings.Compare(v.S, key.S) }), nil
		}
		return nil, c.errorf(x.At, "%s: a %s field has no order", ref.name, typeName(ref.typ))
	})
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case math.IsNaN(a):
		return -1
	}
	return 0
}

func rangeTest(op string, cmp func(Val) int) func(Val) bool {
	test := compareOps[op]
	return func(v Val) bool { return test(cmp(v)) }
}

// kqlFilter compiles a KQL query into the plan's first WHERE.
func kqlFilter(src string) (func(*compiler) (*cexpr, error), error) {
	n, err := kql.Parse(src)
	if err != nil {
		return nil, err
	}
	return func(c *compiler) (*cexpr, error) {
		c.kqlUnknownFields(n)
		return c.compileKQL(n)
	}, nil
}
