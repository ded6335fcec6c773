package query

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/soclab/soclab/query/esql"
)

// dateParts are the ChronoField names DATE_EXTRACT accepts (any case).
var dateParts = map[string]func(t time.Time) int64{
	"year":                 func(t time.Time) int64 { return int64(t.Year()) },
	"month_of_year":        func(t time.Time) int64 { return int64(t.Month()) },
	"day_of_month":         func(t time.Time) int64 { return int64(t.Day()) },
	"day_of_week":          func(t time.Time) int64 { return int64((t.Weekday()+6)%7 + 1) },
	"day_of_year":          func(t time.Time) int64 { return int64(t.YearDay()) },
	"hour_of_day":          func(t time.Time) int64 { return int64(t.Hour()) },
	"minute_of_hour":       func(t time.Time) int64 { return int64(t.Minute()) },
	"minute_of_day":        func(t time.Time) int64 { return int64(t.Hour()*60 + t.Minute()) },
	"second_of_minute":     func(t time.Time) int64 { return int64(t.Second()) },
	"second_of_day":        func(t time.Time) int64 { return int64(t.Hour()*3600 + t.Minute()*60 + t.Second()) },
	"milli_of_second":      func(t time.Time) int64 { return int64(t.Nanosecond() / 1e6) },
	"epoch_day":            func(t time.Time) int64 { return floorDiv(t.UnixMilli(), 86_400_000) },
	"aligned_week_of_year": func(t time.Time) int64 { return int64((t.YearDay()-1)/7 + 1) },
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func compileDateExtract(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
		return nil, err
	}
	if err := c.checkArg(x, 1, args[1], TDate); err != nil {
		return nil, err
	}
	if p := args[0]; p.konst && p.val.K == KStr {
		if _, ok := dateParts[strings.ToLower(p.val.S)]; !ok {
			return nil, c.errorf(p.node.Start(), "invalid date part [%s] in [%s], expected one of %s", p.val.S, x, keysOf(dateParts))
		}
	}
	return c.single(x, TLong, args, func(vs []Val) Val {
		f, ok := dateParts[strings.ToLower(vs[0].S)]
		if !ok {
			return c.warnNull(x, "invalid date part "+vs[0].S)
		}
		return intVal(f(vs[1].time()))
	}), nil
}

// diffUnits maps DATE_DIFF's unit names and abbreviations to a unit.
var diffUnits = map[string]string{
	"year": "year", "years": "year", "yy": "year", "yyyy": "year",
	"quarter": "quarter", "quarters": "quarter", "qq": "quarter", "q": "quarter",
	"month": "month", "months": "month", "mm": "month", "m": "month",
	"dayofyear": "day", "dy": "day", "y": "day",
	"day": "day", "days": "day", "dd": "day", "d": "day",
	"week": "week", "weeks": "week", "wk": "week", "ww": "week",
	"weekday": "day", "weekdays": "day", "dw": "day",
	"hour": "hour", "hours": "hour", "hh": "hour",
	"minute": "minute", "minutes": "minute", "mi": "minute", "n": "minute",
	"second": "second", "seconds": "second", "ss": "second", "s": "second",
	"millisecond": "millisecond", "milliseconds": "millisecond", "ms": "millisecond",
	"microsecond": "microsecond", "microseconds": "microsecond", "mcs": "microsecond",
	"nanosecond": "nanosecond", "nanoseconds": "nanosecond", "ns": "nanosecond",
}

func compileDateDiff(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
		return nil, err
	}
	for i := 1; i < 3; i++ {
		if err := c.checkArg(x, i, args[i], TDate); err != nil {
			return nil, err
		}
	}
	if p := args[0]; p.konst && p.val.K == KStr {
		if _, ok := diffUnits[strings.ToLower(p.val.S)]; !ok {
			return nil, c.errorf(p.node.Start(), "invalid unit [%s] in [%s], expected one of %s", p.val.S, x, keysOf(diffUnits))
		}
	}
	return c.single(x, TInteger, args, func(vs []Val) Val {
		unit, ok := diffUnits[strings.ToLower(vs[0].S)]
		if !ok {
			return c.warnNull(x, "invalid unit "+vs[0].S)
		}
		n := dateDiff(unit, vs[1], vs[2])
		if n > math.MaxInt32 || n < math.MinInt32 {
			return c.warnNull(x, "integer overflow")
		}
		return intVal(n)
	}), nil
}

// dateDiff counts whole units from a to b, truncated toward zero; months,
// quarters and years follow the calendar.
func dateDiff(unit string, a, b Val) int64 {
	d := b.I - a.I
	switch unit {
	case "nanosecond":
		return d * 1_000_000
	case "microsecond":
		return d * 1000
	case "millisecond":
		return d
	case "second", "minute", "hour", "day", "week":
		return d / spanMillis[unit]
	}
	ta, tb := a.time(), b.time()
	months := int64(tb.Year()-ta.Year())*12 + int64(tb.Month()-ta.Month())
	if months > 0 && ta.AddDate(0, int(months), 0).After(tb) {
		months--
	} else if months < 0 && ta.AddDate(0, int(months), 0).Before(tb) {
		months++
	}
	switch unit {
	case "quarter":
		return months / 3
	case "year":
		return months / 12
	}
	return months
}

// truncate rounds a date down to a multiple of n units: fixed units from
// the epoch (weeks start on Monday), calendar units from January 1970.
func truncate(ms, n int64, unit string) int64 {
	if n <= 0 {
		n = 1
	}
	if size, ok := spanMillis[unit]; ok {
		size *= n
		if unit == "week" {
			const monday = 4 * 86_400_000
			return floorDiv(ms-monday, size)*size + monday
		}
		return floorDiv(ms, size) * size
	}
	switch unit {
	case "quarter":
		n *= 3
	case "year":
		n *= 12
	}
	t := time.UnixMilli(ms).UTC()
	m := int64(t.Year()-1970)*12 + int64(t.Month()-1)
	m = floorDiv(m, n) * n
	return time.Date(1970+int(floorDiv(m, 12)), time.Month(m-floorDiv(m, 12)*12+1), 1, 0, 0, 0, 0, time.UTC).UnixMilli()
}

func compileDateTrunc(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TSpan); err != nil {
		return nil, err
	}
	if err := c.checkArg(x, 1, args[1], TDate); err != nil {
		return nil, err
	}
	return c.single(x, TDate, args, func(vs []Val) Val {
		return timeVal(truncate(vs[1].I, vs[0].I, vs[0].S))
	}), nil
}

// niceSpans are the intervals BUCKET(date, count, from, to) picks from, as
// Elasticsearch's auto date histogram rounds.
var niceSpans = []struct {
	n    int64
	unit string
}{
	{1, "millisecond"}, {10, "millisecond"}, {100, "millisecond"}, {1, "second"}, {5, "second"}, {10, "second"}, {30, "second"},
	{1, "minute"}, {5, "minute"}, {10, "minute"}, {30, "minute"}, {1, "hour"}, {3, "hour"}, {12, "hour"},
	{1, "day"}, {1, "week"}, {1, "month"}, {1, "quarter"}, {1, "year"},
}

func spanLength(n int64, unit string) int64 {
	if ms, ok := spanMillis[unit]; ok {
		return n * ms
	}
	return n * map[string]int64{"month": 2_592_000_000, "quarter": 7_776_000_000, "year": 31_536_000_000}[unit]
}

// compileBucket: BUCKET(date, span), BUCKET(number, span), or
// BUCKET(field, count, from, to) which picks the smallest nice span that
// makes at most count buckets between from and to.
func compileBucket(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if len(args) == 3 {
		return nil, c.errorf(x.At, "function [BUCKET] expects 2 or 4 arguments, found 3")
	}
	field := args[0]
	if err := c.checkArg(x, 0, field, TDate, TLong, TInteger, TDouble); err != nil {
		return nil, err
	}
	if field.typ == TDate {
		return c.dateBucket(x, args)
	}
	var span float64
	if len(args) == 2 {
		if err := c.checkArg(x, 1, args[1], TLong, TInteger, TDouble); err != nil {
			return nil, err
		}
		if !args[1].konst || toDouble(args[1]).val.F <= 0 {
			return nil, c.errorf(args[1].node.Start(), "second argument of [%s] must be a positive constant", x)
		}
		span = toDouble(args[1]).val.F
	} else {
		cnt, from, to := args[1], toDouble(args[2]), toDouble(args[3])
		if !cnt.konst || !from.konst || !to.konst || cnt.val.I <= 0 || from.val.K != KFloat || to.val.K != KFloat {
			return nil, c.errorf(x.At, "arguments 2 to 4 of [%s] must be constants: a positive bucket count, then numbers from and to", x)
		}
		span = niceNumber((to.val.F - from.val.F) / float64(cnt.val.I))
	}
	f := toDouble(field)
	return c.single(x, TDouble, []*cexpr{f}, func(vs []Val) Val {
		return floatVal(math.Floor(vs[0].F/span) * span)
	}), nil
}

func niceNumber(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

func (c *compiler) dateBucket(x *esql.Call, args []*cexpr) (*cexpr, error) {
	var n int64
	var unit string
	if len(args) == 2 {
		if err := c.checkArg(x, 1, args[1], TSpan); err != nil {
			return nil, err
		}
		if !args[1].konst {
			return nil, c.errorf(args[1].node.Start(), "second argument of [%s] must be a constant time span", x)
		}
		n, unit = args[1].val.I, args[1].val.S
	} else {
		cnt := args[1]
		from, err := c.coerceLiteral(args[2], TDate)
		if err != nil {
			return nil, err
		}
		to, err := c.coerceLiteral(args[3], TDate)
		if err != nil {
			return nil, err
		}
		if !cnt.konst || cnt.val.K != KInt || cnt.val.I <= 0 || !from.konst || !to.konst || from.typ != TDate || to.typ != TDate {
			return nil, c.errorf(x.At, "arguments 2 to 4 of [%s] must be constants: a positive bucket count, then dates from and to", x)
		}
		width := to.val.I - from.val.I
		n, unit = 1, "year"
		for _, s := range niceSpans {
			if spanLength(s.n, s.unit)*cnt.val.I >= width {
				n, unit = s.n, s.unit
				break
			}
		}
	}
	if n <= 0 {
		return nil, c.errorf(args[1].node.Start(), "the time span of [%s] must be positive", x)
	}
	return c.single(x, TDate, args[:1], func(vs []Val) Val {
		return timeVal(truncate(vs[0].I, n, unit))
	}), nil
}

func keysOf[V any](m map[string]V) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return "[" + strings.Join(ks, ", ") + "]"
}
