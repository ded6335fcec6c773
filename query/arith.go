package query

import (
	"math"
	"math/bits"

	"github.com/soclab/soclab/query/esql"
)

// arithmetic compiles + - * / % on numbers, and date ± time span.
func (c *compiler) arithmetic(x *esql.Binary, a, b *cexpr) (*cexpr, error) {
	if x.Op == "+" || x.Op == "-" {
		if e, ok, err := c.dateSpan(x, a, b); ok || err != nil {
			return e, err
		}
	}
	for i, s := range []*cexpr{a, b} {
		if !s.typ.IsNumeric() && s.typ != TNull {
			return nil, c.errorf(s.node.Start(), "%s argument of [%s] must be [numeric], found value [%s] type [%s]", ordinal(i), x, s.node, typeName(s.typ))
		}
	}
	t := TInteger
	switch {
	case a.typ == TNull && b.typ == TNull:
		return constant(x, TNull, null), nil
	case a.typ == TDouble || b.typ == TDouble:
		t = TDouble
		a, b = toDouble(a), toDouble(b)
	case a.typ == TLong || b.typ == TLong:
		t = TLong
	case a.typ == TNull:
		t = b.typ
	case b.typ == TNull:
		t = a.typ
	}
	op := x.Op
	fa, fb := a.fn, b.fn
	fn := func(r *Row) Val {
		l, rv := fa(r), fb(r)
		if l.K == KNull || rv.K == KNull {
			return null
		}
		if l.K == KMulti || rv.K == KMulti {
			return c.warnNull(x, multiValueMsg)
		}
		if t == TDouble {
			return c.floatOp(x, op, l.F, rv.F)
		}
		return c.intOp(x, op, l.I, rv.I, t == TInteger)
	}
	e := &cexpr{typ: t, node: x, fn: fn}
	if a.konst && b.konst {
		return constant(x, t, fn(nil)), nil
	}
	return e, nil
}

func (c *compiler) floatOp(x esql.Expr, op string, a, b float64) Val {
	var r float64
	switch op {
	case "+":
		r = a + b
	case "-":
		r = a - b
	case "*":
		r = a * b
	case "/":
		if b == 0 {
			return c.warnNull(x, "/ by zero")
		}
		r = a / b
	case "%":
		if b == 0 {
			return c.warnNull(x, "/ by zero")
		}
		r = math.Mod(a, b)
	}
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return c.warnNull(x, "not a finite double number: "+formatDouble(r))
	}
	return floatVal(r)
}

func (c *compiler) intOp(x esql.Expr, op string, a, b int64, int32Result bool) Val {
	var r int64
	overflow := false
	switch op {
	case "+":
		r = a + b
		overflow = (a >= 0) == (b >= 0) && (r >= 0) != (a >= 0)
	case "-":
		r = a - b
		overflow = (a >= 0) != (b >= 0) && (r >= 0) != (a >= 0)
	case "*":
		hi, lo := bits.Mul64(uint64(abs64(a)), uint64(abs64(b)))
		overflow = hi != 0 || lo > math.MaxInt64 || a == math.MinInt64 || b == math.MinInt64
		r = a * b
	case "/":
		if b == 0 {
			return c.warnNull(x, "/ by zero")
		}
		if a == math.MinInt64 && b == -1 {
			overflow = true
		}
		r = a / b
	case "%":
		if b == 0 {
			return c.warnNull(x, "/ by zero")
		}
		if b == -1 {
			return intVal(0)
		}
		r = a % b
	}
	if int32Result && (r > math.MaxInt32 || r < math.MinInt32) {
		overflow = true
	}
	if overflow {
		if int32Result {
			return c.warnNull(x, "integer overflow")
		}
		return c.warnNull(x, "long overflow")
	}
	return intVal(r)
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// dateSpan compiles date + span, span + date and date - span.
func (c *compiler) dateSpan(x *esql.Binary, a, b *cexpr) (*cexpr, bool, error) {
	var d, s *cexpr
	switch {
	case a.typ == TDate && b.typ == TSpan:
		d, s = a, b
	case a.typ == TSpan && b.typ == TDate && x.Op == "+":
		d, s = b, a
	case a.typ == TDate && b.typ == TDate:
		return nil, false, c.errorf(x.At, "[%s] has arguments with incompatible types [date] and [date]: use DATE_DIFF to subtract dates", x)
	case a.typ == TSpan || b.typ == TSpan:
		return nil, false, c.errorf(x.At, "[%s] has arguments with incompatible types [%s] and [%s]", x, typeName(a.typ), typeName(b.typ))
	default:
		return nil, false, nil
	}
	sign := int64(1)
	if x.Op == "-" {
		sign = -1
	}
	fd, fs := d.fn, s.fn
	return &cexpr{typ: TDate, node: x, fn: func(r *Row) Val {
		dv, sv := fd(r), fs(r)
		if dv.K == KNull || sv.K == KNull {
			return null
		}
		if dv.K == KMulti {
			return c.warnNull(x, multiValueMsg)
		}
		return addSpan(dv, sv.I*sign, sv.S)
	}}, true, nil
}

// spanMillis is the length of the fixed-length span units.
var spanMillis = map[string]int64{
	"millisecond": 1, "second": 1000, "minute": 60_000, "hour": 3_600_000,
	"day": 86_400_000, "week": 7 * 86_400_000,
}

// addSpan adds n units to a date; months, quarters and years follow the
// calendar.
func addSpan(d Val, n int64, unit string) Val {
	if ms, ok := spanMillis[unit]; ok {
		return timeVal(d.I + n*ms)
	}
	t := d.time()
	switch unit {
	case "month":
		t = t.AddDate(0, int(n), 0)
	case "quarter":
		t = t.AddDate(0, 3*int(n), 0)
	case "year":
		t = t.AddDate(int(n), 0, 0)
	}
	return fromTime(t)
}
