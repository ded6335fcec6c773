package event

import (
	"math"
	"strconv"
	"time"
)

// Kind says which of Value's representations is in use.
type Kind uint8

// The kinds of Value. Time is kept apart from String so that @timestamp and
// other ECS date fields order and compare without re-parsing.
const (
	KindNull Kind = iota
	KindString
	KindInt
	KindFloat
	KindBool
	KindTime
	KindList    // an array of scalar values (a multi-valued field)
	KindObjects // an array of objects, such as dns.answers
)

// Value is one field value. The zero Value is null. Values are immutable once
// built; lists and objects must not be modified after they are stored.
//
// Events hold many values, so Value is kept small (64 bytes): a float
// shares n with the integers, and an array of objects, which is rare, sits
// behind a pointer.
type Value struct {
	kind Kind
	s    string
	n    int64 // int, bool (0/1), time as Unix nanoseconds, or float bits
	list []Value
	objs *[][]Field
}

// String returns a string value.
func String(s string) Value { return Value{kind: KindString, s: s} }

// Int returns an integer value.
func Int(n int64) Value { return Value{kind: KindInt, n: n} }

// Float returns a floating-point value.
func Float(f float64) Value { return Value{kind: KindFloat, n: int64(math.Float64bits(f))} }

// Bool returns a boolean value.
func Bool(b bool) Value {
	if b {
		return Value{kind: KindBool, n: 1}
	}
	return Value{kind: KindBool}
}

// Time returns a date value; it is encoded in UTC with millisecond precision.
func Time(t time.Time) Value { return Value{kind: KindTime, n: t.UnixNano()} }

// List returns a multi-valued field of scalar values.
func List(vs ...Value) Value { return Value{kind: KindList, list: vs} }

// Strings returns a multi-valued field of strings.
func Strings(ss ...string) Value {
	vs := make([]Value, len(ss))
	for i, s := range ss {
		vs[i] = String(s)
	}
	return Value{kind: KindList, list: vs}
}

// Objects returns an array of objects; each object is a list of fields whose
// keys are relative to the array's own key (for dns.answers: "data", "type").
func Objects(objs ...[]Field) Value { return Value{kind: KindObjects, objs: &objs} }

// Kind reports the value's kind.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether the value is null.
func (v Value) IsNull() bool { return v.kind == KindNull }

// Str returns the string of a string value, and "" for any other kind.
func (v Value) Str() string { return v.s }

// IntVal returns an integer value (a float is truncated).
func (v Value) IntVal() int64 {
	if v.kind == KindFloat {
		return int64(v.float())
	}
	return v.n
}

// FloatVal returns a numeric value as a float64.
func (v Value) FloatVal() float64 {
	if v.kind == KindFloat {
		return v.float()
	}
	return float64(v.n)
}

// BoolVal returns a boolean value.
func (v Value) BoolVal() bool { return v.kind == KindBool && v.n != 0 }

// TimeVal returns a date value in UTC.
func (v Value) TimeVal() time.Time { return time.Unix(0, v.UnixNano()).UTC() }

// UnixNano returns a date value as Unix nanoseconds.
func (v Value) UnixNano() int64 {
	if v.kind == KindFloat {
		return 0 // n holds the float's bits
	}
	return v.n
}

// ListVal returns the items of a multi-valued field, or nil.
func (v Value) ListVal() []Value { return v.list }

// ObjectsVal returns the objects of an array of objects, or nil.
func (v Value) ObjectsVal() [][]Field {
	if v.objs == nil {
		return nil
	}
	return *v.objs
}

// float returns the float of a KindFloat value.
func (v Value) float() float64 { return math.Float64frombits(uint64(v.n)) }

// Text renders a scalar value as text, the way it reads in a log line or a
// keyword field: strings as they are, numbers in shortest form, dates as
// RFC 3339 with milliseconds, null as "".
func (v Value) Text() string {
	switch v.kind {
	case KindString:
		return v.s
	case KindInt:
		return strconv.FormatInt(v.n, 10)
	case KindFloat:
		return formatFloat(v.float())
	case KindBool:
		return strconv.FormatBool(v.n != 0)
	case KindTime:
		return string(AppendTimestamp(nil, v.TimeVal()))
	}
	return ""
}

func formatFloat(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "null"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// TimestampLayout is the layout of every date soclab writes: UTC, RFC 3339,
// milliseconds.
const TimestampLayout = "2006-01-02T15:04:05.000Z"

// AppendTimestamp appends t in TimestampLayout.
func AppendTimestamp(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, TimestampLayout)
}
