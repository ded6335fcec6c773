package activity

import (
	"sort"

	"github.com/soclab/soclab/event"
)

// fieldOrder puts an event's fields in key order, the order the NDJSON
// encoder writes, so that the encoder's own sort finds them sorted and has
// nothing to do. Builders add fields in a fixed order for each shape of
// record, so the permutation that sorts a shape is computed once and
// replayed. A shape is found by a fingerprint of its key lengths and then
// checked key by key; the keys are usually the very strings the shape
// keeps, so the check compares pointers rather than bytes.
type fieldOrder struct {
	shapes  map[uint64]*orderShape
	nshapes int
	spare   []event.Field
	// recent holds shapes last seen, by event.KeySlot: most events find their
	// shape there without hashing every key length.
	recent [1 << recentOrderBits]*orderShape
}

// orderShape is the permutation that sorts one list of keys (in the order
// the builder added them); next is another shape with the same
// fingerprint.
type orderShape struct {
	keys []string
	perm []uint8
	next *orderShape
	// sorted is set when the builder's order is already key order.
	sorted bool
}

// maxSortedFields bounds the events fieldOrder handles; wider ones are left
// to the encoder.
const maxSortedFields = 255

// recentOrderBits sizes fieldOrder.recent.
const recentOrderBits = 6

// maxOrderShapes bounds the shapes a fieldOrder keeps; events of other
// shapes are left to the encoder.
const maxOrderShapes = 4096

func (o *fieldOrder) sort(e *event.Event) {
	fs := e.Fields
	if len(fs) > maxSortedFields || len(fs) < 2 {
		return
	}
	slot := &o.recent[event.KeySlot(fs, recentOrderBits)]
	sh := *slot
	if sh == nil || !event.SameKeys(fs, sh.keys) {
		if sh = o.shape(fs); sh == nil {
			return
		}
		*slot = sh
	}
	if sh.sorted {
		return
	}
	out := o.spare
	if cap(out) < len(fs) {
		out = make([]event.Field, len(fs), cap(fs))
	}
	out = out[:len(fs)]
	for j, i := range sh.perm {
		out[j] = fs[i]
	}
	o.spare = fs[:0]
	e.Fields = out
}

// shape returns the shape of fs, recording it when it is new; nil when
// there are too many shapes.
func (o *fieldOrder) shape(fs []event.Field) *orderShape {
	fp := event.KeyHash(fs)
	first := o.shapes[fp]
	for sh := first; sh != nil; sh = sh.next {
		if event.SameKeys(fs, sh.keys) {
			return sh
		}
	}
	if o.nshapes >= maxOrderShapes {
		return nil
	}
	sh := &orderShape{keys: make([]string, len(fs)), perm: permutation(fs), next: first}
	sh.sorted = true
	for i, p := range sh.perm {
		sh.sorted = sh.sorted && int(p) == i
	}
	for i := range fs {
		sh.keys[i] = fs[i].Key
	}
	if o.shapes == nil {
		o.shapes = map[uint64]*orderShape{}
	}
	o.shapes[fp] = sh
	o.nshapes++
	return sh
}

func permutation(fs []event.Field) []uint8 {
	perm := make([]uint8, len(fs))
	for i := range perm {
		perm[i] = uint8(i)
	}
	sort.SliceStable(perm, func(a, b int) bool { return fs[perm[a]].Key < fs[perm[b]].Key })
	return perm
}
