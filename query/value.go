package query

import (
	"cmp"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/store/columnar"
)

// Type is a column or expression type (columnar.Type plus the time span
// types that only literals have).
type Type = columnar.Type

// The types, re-exported for readability.
const (
	TNull    = columnar.Null
	TKeyword = columnar.Keyword
	TText    = columnar.Text
	TLong    = columnar.Long
	TInteger = columnar.Integer
	TDouble  = columnar.Double
	TBoolean = columnar.Boolean
	TDate    = columnar.Date
	TIP      = columnar.IP
	// TSpan is the type of a time span literal (1 hour, 2 days); ES|QL
	// calls it time_duration or date_period. It is never a column's type.
	TSpan Type = 100
)

func typeName(t Type) string {
	if t == TSpan {
		return "time_duration"
	}
	return t.String()
}

// Kind says which field of a Val holds its value.
type Kind uint8

// Value kinds. KTime holds Unix milliseconds in I; KBool holds 0/1 in I;
// KSpan holds a count in I and a unit in S; KMulti holds the values of a
// multi-valued cell in L.
const (
	KNull Kind = iota
	KBool
	KInt
	KFloat
	KStr
	KTime
	KSpan
	KMulti
)

// Val is one value during evaluation. The zero Val is null.
type Val struct {
	K Kind
	I int64
	F float64
	S string
	L []Val
}

var null = Val{}

func boolVal(b bool) Val {
	if b {
		return Val{K: KBool, I: 1}
	}
	return Val{K: KBool}
}

func intVal(n int64) Val       { return Val{K: KInt, I: n} }
func floatVal(f float64) Val   { return Val{K: KFloat, F: f} }
func strVal(s string) Val      { return Val{K: KStr, S: s} }
func timeVal(ms int64) Val     { return Val{K: KTime, I: ms} }
func multiVal(vs []Val) Val    { return Val{K: KMulti, L: vs} }
func (v Val) truth() bool      { return v.K == KBool && v.I != 0 }
func (v Val) time() time.Time  { return time.UnixMilli(v.I).UTC() }
func fromTime(t time.Time) Val { return timeVal(t.UnixMilli()) }

// values returns the values of v: none for null, its items for a
// multi-value, else v alone.
func (v Val) values() []Val {
	switch v.K {
	case KNull:
		return nil
	case KMulti:
		return v.L
	}
	return []Val{v}
}

// compareVals orders two non-null single values of the same type t. IPs
// order by address, not text.
func compareVals(a, b Val, t Type) int {
	switch a.K {
	case KStr:
		if t == TIP {
			return compareIP(a.S, b.S)
		}
		return strings.Compare(a.S, b.S)
	case KFloat:
		return cmp.Compare(a.F, b.F)
	}
	return cmp.Compare(a.I, b.I)
}

func compareIP(a, b string) int {
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	if err1 != nil || err2 != nil {
		return strings.Compare(a, b)
	}
	return x.Compare(y)
}

// export turns a Val of type t into a Result cell.
func export(v Val, t Type) any {
	switch v.K {
	case KNull:
		return nil
	case KBool:
		return v.I != 0
	case KInt:
		return v.I
	case KFloat:
		return v.F
	case KStr:
		// A copy: column strings may point into a store's mapped files,
		// which Engine.Close releases while the Result lives on.
		return strings.Clone(v.S)
	case KTime:
		return v.time()
	case KSpan:
		return strconv.FormatInt(v.I, 10) + " " + v.S
	case KMulti:
		out := make([]any, len(v.L))
		for i, x := range v.L {
			out[i] = export(x, t)
		}
		return out
	}
	return nil
}

// text renders a single value as TO_STRING does.
func text(v Val) string {
	switch v.K {
	case KBool:
		return strconv.FormatBool(v.I != 0)
	case KInt:
		return strconv.FormatInt(v.I, 10)
	case KFloat:
		return formatDouble(v.F)
	case KStr:
		// A copy: column strings may point into a store's mapped files,
		// which Engine.Close releases while the Result lives on.
		return strings.Clone(v.S)
	case KTime:
		return v.time().Format(dateLayout)
	case KSpan:
		return strconv.FormatInt(v.I, 10) + " " + v.S
	}
	return ""
}

// keyBytes appends an encoding of v that is equal for equal values, used
// as a hash key for grouping and distinct counting.
func keyBytes(b []byte, v Val) []byte {
	b = append(b, byte(v.K))
	switch v.K {
	case KStr:
		b = strconv.AppendInt(b, int64(len(v.S)), 10)
		b = append(b, ':')
		return append(b, v.S...)
	case KFloat:
		return strconv.AppendFloat(b, v.F, 'g', -1, 64)
	case KMulti:
		for _, x := range v.L {
			b = keyBytes(b, x)
		}
		return append(b, 0xff)
	}
	return strconv.AppendInt(b, v.I, 10)
}

// accessor reads one source column of a row group as Vals. Multi-valued
// columns are expanded into one Val slice per group, so reading a row never
// allocates.
type accessor struct {
	c    *columnar.Column
	vals []Val // all values, for multi-valued columns
	lits []litCode
	// memos caches per-dictionary-entry answers of string tests (LIKE).
	memos []dictMemo
}

// dictMemo holds one test's answers for the entries of a column's
// dictionary: 0 not yet known, 1 false, 2 true.
type dictMemo struct {
	key *int
	res []uint8
}

// memo returns the answers of the test identified by key for this row
// group's dictionary.
func (a *accessor) memo(key *int) []uint8 {
	for _, m := range a.memos {
		if m.key == key {
			return m.res
		}
	}
	res := make([]uint8, len(a.c.Dict))
	a.memos = append(a.memos, dictMemo{key, res})
	return res
}

// litCode caches where a constant string is in the column's dictionary.
type litCode struct {
	s    string
	code int64
}

// dictCode returns row i's dictionary code (-1 when null) when the column
// is a single-valued string column; ok is false otherwise.
func (a *accessor) dictCode(i int) (int64, bool) {
	c := a.c
	if c == nil || c.Offsets != nil || c.Dict == nil {
		return 0, false
	}
	if c.Nulls != nil && c.Nulls[i>>6]&(1<<(uint(i)&63)) != 0 {
		return -1, true
	}
	return int64(c.Codes[i]), true
}

// litCode returns the dictionary code of s, or -2 when the group's
// dictionary does not hold it.
func (a *accessor) litCode(s string) int64 {
	for _, l := range a.lits {
		if l.s == s {
			return l.code
		}
	}
	code := int64(-2)
	for j, d := range a.c.Dict {
		if d == s {
			code = int64(j)
			break
		}
	}
	a.lits = append(a.lits, litCode{s, code})
	return code
}

func newAccessor(c *columnar.Column) accessor {
	a := accessor{c: c}
	if c != nil && c.Offsets != nil {
		n := c.NumValues()
		a.vals = make([]Val, n)
		for j := range n {
			a.vals[j] = scalarAt(c, j)
		}
	}
	return a
}

func scalarAt(c *columnar.Column, j int) Val {
	switch c.Type {
	case columnar.Keyword, columnar.Text, columnar.IP, columnar.GeoPoint:
		return Val{K: KStr, S: c.Dict[c.Codes[j]]}
	case columnar.Double:
		return Val{K: KFloat, F: c.Floats[j]}
	case columnar.Boolean:
		return Val{K: KBool, I: c.Ints[j]}
	case columnar.Date:
		return Val{K: KTime, I: c.Ints[j]}
	}
	return Val{K: KInt, I: c.Ints[j]}
}

// get returns row i's value.
func (a *accessor) get(i int) Val {
	c := a.c
	if c == nil {
		return null
	}
	if c.Offsets != nil {
		lo, hi := c.Offsets[i], c.Offsets[i+1]
		switch hi - lo {
		case 0:
			return null
		case 1:
			return a.vals[lo]
		}
		return Val{K: KMulti, L: a.vals[lo:hi]}
	}
	if c.Nulls != nil && c.Nulls[i>>6]&(1<<(uint(i)&63)) != 0 {
		return null
	}
	return scalarAt(c, i)
}
