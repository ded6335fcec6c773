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

// evalCtx is the per-event evaluation state: the event's values by slot,
// filled in one pass over the event's fields when it arrives, and scratch
// space for rendering numbers.
type evalCtx struct {
	ev         *event.Event
	keys       []string
	index      keyIndex
	gen        uint32
	slotGen    []uint32
	vals       []event.Value
	found      []bool
	hasObjects bool // the event has arrays of objects: missing paths may be inside them
	scratch    []byte
}

func newEvalCtx(keys []string) *evalCtx {
	c := &evalCtx{keys: keys, slotGen: make([]uint32, len(keys)), vals: make([]event.Value, len(keys)), found: make([]bool, len(keys))}
	c.index.build(keys)
	return c
}

// reset points the context at a new event: one pass over its fields records
// the value of every slot the rules read.
func (c *evalCtx) reset(ev *event.Event) {
	c.ev = ev
	c.gen++
	if c.gen == 0 {
		clear(c.slotGen)
		c.gen = 1
	}
	c.hasObjects = false
	for i := range ev.Fields {
		f := &ev.Fields[i]
		if f.Val.Kind() == event.KindObjects {
			c.hasObjects = true
		}
		if slot := c.index.lookup(f.Key); slot >= 0 && c.slotGen[slot] != c.gen {
			c.vals[slot], c.found[slot], c.slotGen[slot] = f.Val, true, c.gen
		}
	}
}

// resetSlotted is reset for an event whose fields' slots are known and
// which holds no arrays of objects.
func (c *evalCtx) resetSlotted(ev *event.Event, slots []int32) {
	c.ev = ev
	c.gen++
	if c.gen == 0 {
		clear(c.slotGen)
		c.gen = 1
	}
	c.hasObjects = false
	for i, slot := range slots[:len(ev.Fields)] {
		if c.slotGen[slot] != c.gen {
			c.vals[slot], c.found[slot], c.slotGen[slot] = ev.Fields[i].Val, true, c.gen
		}
	}
}

// get returns the event's value at a slot.
func (c *evalCtx) get(slot int) (event.Value, bool) {
	if c.slotGen[slot] != c.gen {
		if c.hasObjects {
			c.vals[slot], c.found[slot] = c.ev.Get(c.keys[slot])
		} else {
			c.vals[slot], c.found[slot] = event.Value{}, false
		}
		c.slotGen[slot] = c.gen
	}
	return c.vals[slot], c.found[slot]
}

// keyIndex maps field paths to slots with open addressing on a cheap hash
// of the path's length and a few of its bytes; most event fields are not
// wanted and are rejected after one probe.
type keyIndex struct {
	mask  uint32
	table []int32 // slot+1, 0 empty
	keys  []string
	// maybe has a bit for every (length, last byte) of a wanted key, which
	// rejects most unwanted fields before hashing.
	maybe [64][4]uint64
}

func (x *keyIndex) build(keys []string) {
	size := uint32(64)
	for size < uint32(len(keys))*8 {
		size *= 2
	}
	x.mask, x.table, x.keys = size-1, make([]int32, size), keys
	for i, k := range keys {
		if n := len(k); n > 0 {
			b := k[n-1]
			x.maybe[n&63][b>>6] |= 1 << (b & 63)
		}
		h := hashKey(k) & x.mask
		for x.table[h] != 0 {
			h = (h + 1) & x.mask
		}
		x.table[h] = int32(i + 1)
	}
}

func hashKey(k string) uint32 {
	n := len(k)
	if n == 0 {
		return 0
	}
	h := uint32(n)*0x9E3779B1 ^ uint32(k[n-1])*0x85EBCA6B ^ uint32(k[n/2])*0xC2B2AE35 ^ uint32(k[n*3/4])*0x27D4EB2F
	return h ^ h>>15
}

func (x *keyIndex) lookup(k string) int {
	n := len(k)
	if n == 0 {
		return -1
	}
	if b := k[n-1]; x.maybe[n&63][b>>6]&(1<<(b&63)) == 0 {
		return -1
	}
	h := hashKey(k) & x.mask
	for {
		s := x.table[h]
		if s == 0 {
			return -1
		}
		if x.keys[s-1] == k {
			return int(s - 1)
		}
		h = (h + 1) & x.mask
	}
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
