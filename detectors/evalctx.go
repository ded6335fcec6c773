package detectors

import (
	"strconv"
	"unsafe"

	"github.com/soclab/soclab/event"
)

// evalCtx is the per-event evaluation state: where the event holds the
// value of each slot, found in one pass over the event's fields when it
// arrives, and scratch space for rendering numbers. Slots are stamped with
// the event's generation, so starting a new event clears nothing.
type evalCtx struct {
	ev         *event.Event
	keys       []string
	index      keyIndex
	gen        uint32
	state      []slotState
	computed   []event.Value // values gathered from arrays of objects
	hasObjects bool          // the event has arrays of objects: missing paths may be inside them
	scratch    []byte
}

// slotState says where the current event holds a slot's value: in one of
// its fields, in computed (gathered from arrays of objects), or nowhere
// (nil). It is valid only while gen is the context's generation (a stale
// pointer keeps a past event's fields from the collector until the slot is
// next written, which bounds what it holds by the number of slots).
type slotState struct {
	v   *event.Value
	gen uint32
}

func newEvalCtx(keys []string) *evalCtx {
	c := &evalCtx{keys: keys, state: make([]slotState, len(keys)), computed: make([]event.Value, len(keys))}
	c.index.build(keys)
	return c
}

// next starts a new generation: every slot becomes unknown.
func (c *evalCtx) next(ev *event.Event) {
	c.ev = ev
	c.gen++
	if c.gen == 0 {
		clear(c.state)
		c.gen = 1
	}
	c.hasObjects = false
}

// reset points the context at a new event: one pass over its fields records
// where the value of every slot the rules read is (the first field with the
// key, as event.Get finds it).
func (c *evalCtx) reset(ev *event.Event) {
	c.next(ev)
	gen, cache := c.gen, c.index.cache
	for i := range ev.Fields {
		f := &ev.Fields[i]
		if f.Val.Kind() == event.KindObjects {
			c.hasObjects = true
		}
		// The address cache's probe, inlined: most keys are found here.
		var slot int
		p := unsafe.StringData(f.Key)
		if e := &cache[cacheIndex(p)]; e.ptr == p && int(e.n) == len(f.Key) && p != nil {
			slot = int(e.slot)
		} else {
			slot = c.index.lookup(f.Key)
		}
		if slot >= 0 {
			if st := &c.state[slot]; st.gen != gen {
				st.gen, st.v = gen, &f.Val
			}
		}
	}
}

// resetSlotted is reset for an event whose fields' slots are known and
// which holds no arrays of objects.
func (c *evalCtx) resetSlotted(ev *event.Event, slots []int32) {
	c.next(ev)
	gen := c.gen
	for i, slot := range slots[:len(ev.Fields)] {
		if st := &c.state[slot]; st.gen != gen {
			st.gen, st.v = gen, &ev.Fields[i].Val
		}
	}
}

// get returns the event's value at a slot.
func (c *evalCtx) get(slot int) (event.Value, bool) {
	if v := c.ref(slot); v != nil {
		return *v, true
	}
	return event.Value{}, false
}

// ref returns the event's value at a slot, nil when it has none; the value
// must not be modified.
func (c *evalCtx) ref(slot int) *event.Value {
	if st := &c.state[slot]; st.gen == c.gen {
		return st.v
	}
	return c.resolve(slot)
}

// resolve looks up a slot the event's fields did not have: inside its
// arrays of objects, if any.
func (c *evalCtx) resolve(slot int) *event.Value {
	st := &c.state[slot]
	st.gen, st.v = c.gen, nil
	if c.hasObjects {
		if v, ok := c.ev.Get(c.keys[slot]); ok {
			c.computed[slot], st.v = v, &c.computed[slot]
		}
	}
	return st.v
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
