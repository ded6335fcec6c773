package query

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/query/esql"
)

// cexpr is a compiled expression: its static type and its evaluator. A
// constant also carries its value.
type cexpr struct {
	typ   Type
	fn    evalFn
	node  esql.Expr
	konst bool
	val   Val
	// direct marks a plain source column, whose accessor index is src
	// (fast paths use the column's dictionary).
	direct bool
	src    int
	// first is the left operand of an AND, which is evaluated first and
	// alone decides a false result; nil otherwise.
	first *cexpr
	// strEq describes a `column == "text"` (or !=) on a source column,
	// for the row selection of a leading WHERE (see prefilter).
	strEq *strEq
}

func constant(node esql.Expr, t Type, v Val) *cexpr {
	return &cexpr{typ: t, node: node, konst: true, val: v, fn: func(*Row) Val { return v }}
}

// foldConst turns an expression of constant arguments into a constant.
func foldConst(e *cexpr, args []*cexpr) *cexpr {
	for _, a := range args {
		if !a.konst {
			return e
		}
	}
	return constant(e.node, e.typ, e.fn(nil))
}

// compiler turns AST expressions into evaluators against a scope.
type compiler struct {
	query string
	warn  *warnings
	now   int64 // NOW() in Unix ms
	sc    *scope
}

func (c *compiler) errorf(pos esql.Pos, format string, args ...any) error {
	return esql.Errorf(c.query, pos, format, args...)
}

// warnNull records a warning for node and returns null.
func (c *compiler) warnNull(node esql.Expr, msg string) Val {
	c.warn.add(node.Start(), node.String(), msg)
	return null
}

const multiValueMsg = "single-value function encountered multi-value"

func (c *compiler) expr(e esql.Expr) (*cexpr, error) {
	switch x := e.(type) {
	case *esql.Ident:
		return c.ident(x)
	case *esql.Literal:
		return c.literal(x), nil
	case *esql.Unary:
		return c.unary(x)
	case *esql.Binary:
		return c.binary(x)
	case *esql.In:
		return c.in(x)
	case *esql.Like:
		return c.like(x)
	case *esql.IsNull:
		return c.isNull(x)
	case *esql.Call:
		return c.call(x)
	case *esql.Cast:
		return c.cast(x)
	}
	return nil, c.errorf(e.Start(), "unsupported expression %s", e)
}

func (c *compiler) ident(x *esql.Ident) (*cexpr, error) {
	ref, ok := c.sc.find(x.Name)
	if !ok {
		return nil, c.errorf(x.At, "Unknown column [%s]%s", x.Name, didYouMean(x.Name, c.sc.names()))
	}
	return &cexpr{typ: ref.typ, fn: ref.read(), node: x, direct: ref.src >= 0, src: ref.src}, nil
}

func (c *compiler) literal(x *esql.Literal) *cexpr {
	switch x.Kind {
	case esql.LitBool:
		return constant(x, TBoolean, boolVal(x.Bool))
	case esql.LitInt:
		if x.Int >= math.MinInt32 && x.Int <= math.MaxInt32 {
			return constant(x, TInteger, intVal(x.Int))
		}
		return constant(x, TLong, intVal(x.Int))
	case esql.LitDecimal:
		return constant(x, TDouble, floatVal(x.Float))
	case esql.LitString:
		return constant(x, TKeyword, strVal(x.Str))
	case esql.LitSpan:
		return constant(x, TSpan, Val{K: KSpan, I: x.Int, S: x.Unit})
	}
	return constant(x, TNull, null)
}

func (c *compiler) unary(x *esql.Unary) (*cexpr, error) {
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	if x.Op == "NOT" {
		if a.typ != TBoolean && a.typ != TNull {
			return nil, c.errorf(x.At, "argument of [%s] must be [boolean], found value [%s] type [%s]", x, x.X, typeName(a.typ))
		}
		f := a.fn
		return &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
			v := f(r)
			if v.K != KBool {
				return null
			}
			return boolVal(v.I == 0)
		}}, nil
	}
	if !a.typ.IsNumeric() && a.typ != TSpan && a.typ != TNull {
		return nil, c.errorf(x.At, "argument of [%s] must be [numeric], found value [%s] type [%s]", x, x.X, typeName(a.typ))
	}
	f := a.fn
	return &cexpr{typ: a.typ, node: x, fn: func(r *Row) Val {
		v := f(r)
		switch v.K {
		case KInt, KSpan:
			if v.I == math.MinInt64 {
				return c.warnNull(x, "long overflow")
			}
			v.I = -v.I
		case KFloat:
			v.F = -v.F
		case KMulti:
			return c.warnNull(x, multiValueMsg)
		}
		return v
	}}, nil
}

func (c *compiler) binary(x *esql.Binary) (*cexpr, error) {
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	b, err := c.expr(x.Y)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case "AND", "OR":
		return c.logic(x, a, b)
	case "==", "!=", "<", "<=", ">", ">=":
		return c.comparison(x, a, b)
	}
	return c.arithmetic(x, a, b)
}

func (c *compiler) logic(x *esql.Binary, a, b *cexpr) (*cexpr, error) {
	for i, s := range []*cexpr{a, b} {
		if s.typ != TBoolean && s.typ != TNull {
			return nil, c.errorf(s.node.Start(), "%s argument of [%s] must be [boolean], found value [%s] type [%s]", ordinal(i), x, s.node, typeName(s.typ))
		}
	}
	fa, fb := a.fn, b.fn
	if x.Op == "AND" {
		return &cexpr{typ: TBoolean, node: x, first: a, fn: func(r *Row) Val {
			l := fa(r)
			if l.K == KBool && l.I == 0 {
				return l
			}
			rv := fb(r)
			if rv.K == KBool && rv.I == 0 {
				return rv
			}
			if l.K != KBool || rv.K != KBool {
				return null
			}
			return rv
		}}, nil
	}
	return &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
		l := fa(r)
		if l.K == KBool && l.I != 0 {
			return l
		}
		rv := fb(r)
		if rv.K == KBool && rv.I != 0 {
			return rv
		}
		if l.K != KBool || rv.K != KBool {
			return null
		}
		return rv
	}}, nil
}

func ordinal(i int) string { return [...]string{"first", "second", "third", "fourth"}[min(i, 3)] }

// coerceLiteral converts a string constant to type t (date, ip, numeric,
// boolean) so that `@timestamp > "2026-03-02"` and `source.ip == "10.0.0.1"`
// work as in Elasticsearch.
func (c *compiler) coerceLiteral(s *cexpr, t Type) (*cexpr, error) {
	if !s.konst || s.typ != TKeyword || s.val.K != KStr {
		return s, nil
	}
	v, err := convertScalar(s.val, TKeyword, t)
	if err != nil {
		return nil, c.errorf(s.node.Start(), "cannot convert string [%s] to [%s]: %v", s.val.S, typeName(t), err)
	}
	return constant(s.node, t, v), nil
}

// comparable returns the common type two operands compare as, converting
// integers to doubles where needed.
func (c *compiler) unifyOperands(x esql.Expr, a, b *cexpr) (*cexpr, *cexpr, Type, error) {
	var err error
	if a.typ != TKeyword && a.typ != TText && a.typ != TNull {
		if b, err = c.coerceLiteral(b, a.typ); err != nil {
			return nil, nil, 0, err
		}
	}
	if b.typ != TKeyword && b.typ != TText && b.typ != TNull {
		if a, err = c.coerceLiteral(a, b.typ); err != nil {
			return nil, nil, 0, err
		}
	}
	switch {
	case a.typ == TNull:
		return a, b, b.typ, nil
	case b.typ == TNull:
		return a, b, a.typ, nil
	case a.typ.IsNumeric() && b.typ.IsNumeric():
		if a.typ == TDouble || b.typ == TDouble {
			return toDouble(a), toDouble(b), TDouble, nil
		}
		return a, b, TLong, nil
	case isString(a.typ) && isString(b.typ):
		return a, b, TKeyword, nil
	case a.typ == b.typ && a.typ != TSpan:
		return a, b, a.typ, nil
	}
	return nil, nil, 0, c.errorf(b.node.Start(), "first argument of [%s] is [%s] so second argument must also be [%s] but was [%s]",
		x, typeName(a.typ), typeName(a.typ), typeName(b.typ))
}

func isString(t Type) bool { return t == TKeyword || t == TText }

func toDouble(s *cexpr) *cexpr {
	if s.typ == TDouble || s.typ == TNull {
		return s
	}
	if s.konst {
		return constant(s.node, TDouble, floatVal(float64(s.val.I)))
	}
	f := s.fn
	return &cexpr{typ: TDouble, node: s.node, fn: func(r *Row) Val {
		v := f(r)
		switch v.K {
		case KInt:
			return floatVal(float64(v.I))
		case KMulti:
			out := make([]Val, len(v.L))
			for i, e := range v.L {
				out[i] = floatVal(float64(e.I))
			}
			return multiVal(out)
		}
		return v
	}}
}

var compareOps = map[string]func(int) bool{
	"==": func(c int) bool { return c == 0 }, "!=": func(c int) bool { return c != 0 },
	"<": func(c int) bool { return c < 0 }, "<=": func(c int) bool { return c <= 0 },
	">": func(c int) bool { return c > 0 }, ">=": func(c int) bool { return c >= 0 },
}

func (c *compiler) comparison(x *esql.Binary, a, b *cexpr) (*cexpr, error) {
	a, b, t, err := c.unifyOperands(x, a, b)
	if err != nil {
		return nil, err
	}
	if t == TNull {
		return constant(x, TBoolean, null), nil
	}
	test := compareOps[x.Op]
	fa, fb := a.fn, b.fn
	if (x.Op == "==" || x.Op == "!=") && b.konst && b.val.K == KStr && t != TIP {
		want, eq := b.val.S, x.Op == "=="
		if a.direct {
			k := a.src
			return &cexpr{typ: TBoolean, node: x, strEq: &strEq{src: k, want: want, eq: eq}, fn: func(r *Row) Val {
				acc := &r.acc[k]
				if code, ok := acc.dictCode(r.i); ok {
					if code < 0 {
						return null
					}
					return boolVal((code == acc.litCode(want)) == eq)
				}
				v := acc.get(r.i)
				switch v.K {
				case KStr:
					return boolVal((v.S == want) == eq)
				case KMulti:
					return c.warnNull(x, multiValueMsg)
				}
				return null
			}}, nil
		}
		return &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
			v := fa(r)
			switch v.K {
			case KStr:
				return boolVal((v.S == want) == eq)
			case KMulti:
				return c.warnNull(x, multiValueMsg)
			}
			return null
		}}, nil
	}
	return &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
		l, rv := fa(r), fb(r)
		if l.K == KNull || rv.K == KNull {
			return null
		}
		if l.K == KMulti || rv.K == KMulti {
			return c.warnNull(x, multiValueMsg)
		}
		return boolVal(test(compareVals(l, rv, t)))
	}}, nil
}

func (c *compiler) in(x *esql.In) (*cexpr, error) {
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	items := make([]*cexpr, len(x.List))
	for i, e := range x.List {
		it, err := c.expr(e)
		if err != nil {
			return nil, err
		}
		_, it, _, err = c.unifyOperands(&esql.Binary{At: x.At, Op: "==", X: x.X, Y: e}, a, it)
		if err != nil {
			return nil, err
		}
		items[i] = it
	}
	t := a.typ
	if t == TNull {
		return constant(x, TBoolean, null), nil
	}
	if t.IsNumeric() {
		for _, it := range items {
			if it.typ == TDouble {
				t = TDouble
			}
		}
		if t == TDouble {
			a = toDouble(a)
			for i := range items {
				items[i] = toDouble(items[i])
			}
		}
	}
	fa, not := a.fn, x.Not
	return &cexpr{typ: TBoolean, node: x, strEq: inPrefilter(a, items, not, t), fn: func(r *Row) Val {
		v := fa(r)
		if v.K == KNull {
			return null
		}
		if v.K == KMulti {
			return c.warnNull(x, multiValueMsg)
		}
		sawNull := false
		for _, it := range items {
			w := it.fn(r)
			if w.K == KNull || w.K == KMulti {
				sawNull = true
				continue
			}
			if compareVals(v, w, t) == 0 {
				return boolVal(!not)
			}
		}
		if sawNull {
			return null
		}
		return boolVal(not)
	}}, nil
}

func (c *compiler) like(x *esql.Like) (*cexpr, error) {
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	if !isString(a.typ) && a.typ != TNull {
		return nil, c.errorf(x.X.Start(), "first argument of [%s] must be [string], found value [%s] type [%s]", x, x.X, typeName(a.typ))
	}
	var match func(string) bool
	if x.Regex {
		m, err := compileRLike(x.Pattern)
		if err != nil {
			return nil, c.errorf(x.At, "invalid RLIKE pattern %q: %v", x.Pattern, err)
		}
		match = m
	} else {
		match = compileLike(x.Pattern)
	}
	fa, not := a.fn, x.Not
	direct, k, key := a.direct, a.src, new(int)
	return &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
		if direct {
			// A dictionary column: match each distinct string once.
			acc := &r.acc[k]
			if code, ok := acc.dictCode(r.i); ok {
				if code < 0 {
					return null
				}
				m := acc.memo(key)
				if m[code] == 0 {
					m[code] = 1
					if match(acc.c.Dict[code]) {
						m[code] = 2
					}
				}
				return boolVal((m[code] == 2) != not)
			}
		}
		v := fa(r)
		switch v.K {
		case KStr:
			return boolVal(match(v.S) != not)
		case KMulti:
			return c.warnNull(x, multiValueMsg)
		}
		return null
	}}, nil
}

func (c *compiler) isNull(x *esql.IsNull) (*cexpr, error) {
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	fa, not := a.fn, x.Not
	return &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
		return boolVal((fa(r).K == KNull) != not)
	}}, nil
}

// castTypes maps the names :: accepts to types.
var castTypes = map[string]Type{
	"keyword": TKeyword, "string": TKeyword, "text": TText, "long": TLong, "integer": TInteger, "int": TInteger,
	"double": TDouble, "boolean": TBoolean, "bool": TBoolean, "datetime": TDate, "date": TDate, "ip": TIP,
}

func (c *compiler) cast(x *esql.Cast) (*cexpr, error) {
	t, ok := castTypes[x.Type]
	if !ok {
		return nil, c.errorf(x.At, "unsupported conversion to type [%s]", x.Type)
	}
	a, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	return c.convert(x, a, t), nil
}

// convert wraps a in a conversion to t applied to each value (conversion
// functions keep multi-values). A value that does not convert is null with
// a warning.
func (c *compiler) convert(node esql.Expr, a *cexpr, t Type) *cexpr {
	if a.typ == t {
		return &cexpr{typ: t, fn: a.fn, node: node}
	}
	from, f := a.typ, a.fn
	one := func(v Val) (Val, bool) {
		w, err := convertScalar(v, from, t)
		if err != nil {
			c.warnNull(node, err.Error())
			return null, false
		}
		return w, true
	}
	out := &cexpr{typ: t, node: node, fn: func(r *Row) Val {
		v := f(r)
		switch v.K {
		case KNull:
			return null
		case KMulti:
			vs := make([]Val, 0, len(v.L))
			for _, e := range v.L {
				if w, ok := one(e); ok {
					vs = append(vs, w)
				}
			}
			return multi(vs)
		}
		w, _ := one(v)
		return w
	}}
	if a.konst {
		return constant(node, t, out.fn(nil))
	}
	return out
}

// multi returns vs as one cell: null when empty, the value when single.
func multi(vs []Val) Val {
	switch len(vs) {
	case 0:
		return null
	case 1:
		return vs[0]
	}
	return multiVal(vs)
}

// convertScalar converts one non-null value of type from to type to.
func convertScalar(v Val, from, to Type) (Val, error) {
	switch to {
	case TKeyword, TText:
		return strVal(text(v)), nil
	case TIP:
		if v.K != KStr {
			break
		}
		a, err := netip.ParseAddr(strings.TrimSpace(v.S))
		if err != nil {
			return null, fmt.Errorf("'%s' is not an IP string literal", v.S)
		}
		return strVal(a.Unmap().String()), nil
	case TLong, TInteger:
		return toLong(v, to)
	case TDouble:
		switch v.K {
		case KInt, KBool, KTime:
			return floatVal(float64(v.I)), nil
		case KFloat:
			return v, nil
		case KStr:
			f, err := strconv.ParseFloat(strings.TrimSpace(v.S), 64)
			if err != nil {
				return null, fmt.Errorf("cannot parse [%s] to [double]", v.S)
			}
			return floatVal(f), nil
		}
	case TBoolean:
		switch v.K {
		case KStr:
			return boolVal(strings.EqualFold(v.S, "true")), nil
		case KInt:
			return boolVal(v.I != 0), nil
		case KFloat:
			return boolVal(v.F != 0), nil
		case KBool:
			return v, nil
		}
	case TDate:
		switch v.K {
		case KStr:
			t, err := event.ParseTime(strings.TrimSpace(v.S))
			if err != nil {
				return null, fmt.Errorf("failed to parse date field [%s]", v.S)
			}
			return fromTime(t), nil
		case KInt, KTime:
			return timeVal(v.I), nil
		case KFloat:
			return timeVal(int64(v.F)), nil
		}
	}
	return null, fmt.Errorf("cannot convert [%s] from [%s] to [%s]", text(v), typeName(from), typeName(to))
}

func toLong(v Val, to Type) (Val, error) {
	var n int64
	switch v.K {
	case KInt, KBool, KTime:
		n = v.I
	case KFloat:
		if math.IsNaN(v.F) || v.F >= 9.3e18 || v.F <= -9.3e18 {
			return null, fmt.Errorf("[%s] out of [long] range", formatDouble(v.F))
		}
		n = int64(v.F)
	case KStr:
		s := strings.TrimSpace(v.S)
		var err error
		if n, err = strconv.ParseInt(s, 10, 64); err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil {
				return null, fmt.Errorf("cannot parse [%s] to [%s]", v.S, typeName(to))
			}
			return toLong(floatVal(f), to)
		}
	default:
		return null, fmt.Errorf("cannot convert to [%s]", typeName(to))
	}
	if to == TInteger && (n > math.MaxInt32 || n < math.MinInt32) {
		return null, fmt.Errorf("[%d] out of [integer] range", n)
	}
	return intVal(n), nil
}
