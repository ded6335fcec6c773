package detectors

import (
	"strconv"
	"unsafe"

	"github.com/soclab/soclab/event"
)

// slots gives every field path the compiled rules read a small integer, so
// that an event's value for it is looked up at most once per event.
type slots struct {
	index map[string]int
	keys  []string
}

func (s *slots) slot(key string) int {
	if s.index == nil {
		s.index = map[string]int{}
	}
	if i, ok := s.index[key]; ok {
		return i
	}
	s.index[key] = len(s.keys)
	s.keys = append(s.keys, key)
	return len(s.keys) - 1
}

// Fixed slots every engine has.
const (
	slotTimestamp = iota
	slotID
	slotDataset
	slotRelatedIP
	slotRelatedUser
	slotRelatedHosts
)

func newSlots() *slots {
	s := &slots{}
	for _, k := range []string{event.KeyTimestamp, event.KeyID, event.KeyDataset, "related.ip", "related.user", "related.hosts"} {
		s.slot(k)
	}
	return s
}

// evalCtx is the per-event evaluation state: a lazily filled cache of the
// event's values by slot, and scratch space for rendering numbers.
type evalCtx struct {
	ev      *event.Event
	keys    []string
	gen     uint32
	slotGen []uint32
	vals    []event.Value
	found   []bool
	scratch []byte
}

func newEvalCtx(keys []string) *evalCtx {
	return &evalCtx{keys: keys, slotGen: make([]uint32, len(keys)), vals: make([]event.Value, len(keys)), found: make([]bool, len(keys))}
}

// reset points the context at a new event, invalidating the cache.
func (c *evalCtx) reset(ev *event.Event) {
	c.ev = ev
	c.gen++
	if c.gen == 0 {
		clear(c.slotGen)
		c.gen = 1
	}
}

// get returns the event's value at a slot.
func (c *evalCtx) get(slot int) (event.Value, bool) {
	if c.slotGen[slot] != c.gen {
		c.vals[slot], c.found[slot] = c.ev.Get(c.keys[slot])
		c.slotGen[slot] = c.gen
	}
	return c.vals[slot], c.found[slot]
}

// text renders a scalar as the string Sigma compares, without allocating
// for numbers (the result is valid until the next call).
func (c *evalCtx) text(v event.Value) string {
	switch v.Kind() {
	case event.KindString:
		return v.Str()
	case event.KindInt:
		c.scratch = strconv.AppendInt(c.scratch[:0], v.IntVal(), 10)
		return unsafe.String(unsafe.SliceData(c.scratch), len(c.scratch))
	case event.KindBool:
		if v.BoolVal() {
			return "true"
		}
		return "false"
	case event.KindNull:
		return ""
	}
	return v.Text()
}

// number returns a scalar as a float: numbers as they are, strings that
// parse as numbers (Sigma compares numbers given as strings numerically).
func number(v event.Value) (float64, bool) {
	switch v.Kind() {
	case event.KindInt, event.KindFloat:
		return v.FloatVal(), true
	case event.KindString:
		f, err := strconv.ParseFloat(v.Str(), 64)
		return f, err == nil
	}
	return 0, false
}

// textValue renders any value as one string: lists joined by commas. Group
// keys and value_count values use it.
func textValue(v event.Value) string {
	if v.Kind() != event.KindList {
		return v.Text()
	}
	b := make([]byte, 0, 32)
	for i, it := range v.ListVal() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it.Text()...)
	}
	return string(b)
}
