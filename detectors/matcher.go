package detectors

import (
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
)

// valueTest tests one scalar of an event (an element of a list is tested on
// its own).
type valueTest interface {
	test(c *evalCtx, v event.Value) bool
}

// patTest matches text patterns (alternatives linked with OR). A plain
// integer value also compares numerically with integer fields, which is the
// common case (ports, event codes) and needs no rendering.
type patTest struct {
	pats   []*pattern
	isInt  bool
	intVal int64
}

func (t *patTest) test(c *evalCtx, v event.Value) bool {
	if t.isInt && v.Kind() == event.KindInt {
		return v.IntVal() == t.intVal
	}
	s := c.text(v)
	for _, p := range t.pats {
		if p.match(s) {
			return true
		}
	}
	return false
}

// reTest is a regular expression search (unanchored unless the expression
// anchors itself).
type reTest struct{ re *regexp.Regexp }

func (t *reTest) test(c *evalCtx, v event.Value) bool { return t.re.MatchString(c.text(v)) }

// cidrTest tests an address against a network.
type cidrTest struct{ prefix netip.Prefix }

func (t *cidrTest) test(c *evalCtx, v event.Value) bool {
	if v.Kind() != event.KindString {
		return false
	}
	a, err := netip.ParseAddr(v.Str())
	return err == nil && t.prefix.Contains(a.Unmap())
}

// cmpTest compares numerically (lt, lte, gt, gte).
type cmpTest struct {
	op string
	n  float64
}

func (t *cmpTest) test(c *evalCtx, v event.Value) bool {
	f, ok := number(v)
	if !ok {
		return false
	}
	switch t.op {
	case "lt":
		return f < t.n
	case "lte":
		return f <= t.n
	case "gt":
		return f > t.n
	}
	return f >= t.n
}

// fieldrefTest compares with the value of another field of the same event.
type fieldrefTest struct {
	slot  int
	mode  string // "", "startswith", "endswith", "contains"
	cased bool
}

func (t *fieldrefTest) test(c *evalCtx, v event.Value) bool {
	other, ok := c.get(t.slot)
	if !ok || other.IsNull() {
		return false
	}
	s := strings.Clone(c.text(v))
	return anyScalar(other, func(o event.Value) bool {
		ref := c.text(o)
		if !t.cased {
			s, ref = strings.ToLower(s), strings.ToLower(ref)
		}
		switch t.mode {
		case "startswith":
			return strings.HasPrefix(s, ref)
		case "endswith":
			return strings.HasSuffix(s, ref)
		case "contains":
			return strings.Contains(s, ref)
		}
		return s == ref
	})
}

// anyScalar calls fn on a scalar, or on each element of a list, and reports
// whether any call returned true.
func anyScalar(v event.Value, fn func(event.Value) bool) bool {
	if v.Kind() == event.KindList {
		for _, it := range v.ListVal() {
			if fn(it) {
				return true
			}
		}
		return false
	}
	if v.Kind() == event.KindObjects {
		return false
	}
	return fn(v)
}

// fieldMatcher is one compiled "field|modifiers: values" item.
type fieldMatcher struct {
	slot     int // -1 for keywords
	tests    []valueTest
	all      bool    // every test must pass (the all modifier)
	nullOK   bool    // a null value in the list: a missing or null field passes
	exists   int8    // 1 exists: true, -1 exists: false, 0 not an exists test
	neq      bool    // the field must exist and match none of the tests
	timePart string  // turn a date into a number first
	fast     *litSet // the tests' fast form, when they have one
}

func (m *fieldMatcher) match(c *evalCtx) bool {
	if m.slot < 0 {
		return m.keywords(c)
	}
	ref := c.ref(m.slot)
	if m.exists != 0 {
		return (ref != nil) == (m.exists > 0)
	}
	if ref == nil || ref.IsNull() {
		return m.nullOK && !m.neq
	}
	if m.fast != nil {
		if r, ok := m.fast.match(ref); ok {
			return r != m.neq
		}
	}
	v := *ref
	if m.neq {
		return !m.anyTest(c, v)
	}
	if m.all {
		for _, t := range m.tests {
			if !m.one(c, v, t) {
				return false
			}
		}
		return true
	}
	return m.anyTest(c, v)
}

func (m *fieldMatcher) anyTest(c *evalCtx, v event.Value) bool {
	for _, t := range m.tests {
		if m.one(c, v, t) {
			return true
		}
	}
	return false
}

// one applies a test to a value, any element of a list passing.
func (m *fieldMatcher) one(c *evalCtx, v event.Value, t valueTest) bool {
	switch v.Kind() {
	case event.KindList:
		for _, it := range v.ListVal() {
			if m.scalar(c, it, t) {
				return true
			}
		}
		return false
	case event.KindObjects:
		return false
	}
	return m.scalar(c, v, t)
}

func (m *fieldMatcher) scalar(c *evalCtx, s event.Value, t valueTest) bool {
	if m.timePart != "" {
		var ok bool
		if s, ok = timePart(s, m.timePart); !ok {
			return false
		}
	}
	return t.test(c, s)
}

// timePart extracts minute, hour, day, week, month or year (UTC) from a date
// value, or from a string holding an RFC 3339 date.
func timePart(v event.Value, part string) (event.Value, bool) {
	var t time.Time
	switch v.Kind() {
	case event.KindTime:
		t = v.TimeVal()
	case event.KindString:
		var err error
		if t, err = event.ParseTime(v.Str()); err != nil {
			return v, false
		}
	default:
		return v, false
	}
	var n int
	switch part {
	case "minute":
		n = t.Minute()
	case "hour":
		n = t.Hour()
	case "day":
		n = t.Day()
	case "week":
		_, n = t.ISOWeek()
	case "month":
		n = int(t.Month())
	case "year":
		n = t.Year()
	}
	return event.Int(int64(n)), true
}

// keywords matches the tests anywhere in the event: any value, as its text
// (or element of a list, or field of an array of objects).
func (m *fieldMatcher) keywords(c *evalCtx) bool {
	if m.all {
		for _, t := range m.tests {
			if !anyField(c, c.ev.Fields, t) {
				return false
			}
		}
		return true
	}
	for _, t := range m.tests {
		if anyField(c, c.ev.Fields, t) {
			return true
		}
	}
	return false
}

func anyField(c *evalCtx, fields []event.Field, t valueTest) bool {
	for i := range fields {
		v := fields[i].Val
		switch v.Kind() {
		case event.KindObjects:
			for _, obj := range v.ObjectsVal() {
				if anyField(c, obj, t) {
					return true
				}
			}
		case event.KindList:
			for _, it := range v.ListVal() {
				if it.Kind() != event.KindObjects && !it.IsNull() && t.test(c, it) {
					return true
				}
			}
		case event.KindNull:
		default:
			// Numbers, booleans and dates are searched as their text: the
			// specification searches the whole event.
			if t.test(c, v) {
				return true
			}
		}
	}
	return false
}
