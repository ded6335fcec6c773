package activity

import (
	"sort"
	"unsafe"

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
	// recent holds shapes last seen, by quickSlot: most events find their
	// shape there without hashing every key length.
	recent [64]*orderShape
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

// maxOrderShapes bounds the shapes a fieldOrder keeps; events of other
// shapes are left to the encoder.
const maxOrderShapes = 4096

func (o *fieldOrder) sort(e *event.Event) {
	fs := e.Fields
	if len(fs) > maxSortedFields || len(fs) < 2 {
		return
	}
	slot := &o.recent[quickSlot(fs)]
	sh := *slot
	if sh == nil || !sh.matches(fs) {
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
	fp := fingerprint(fs)
	first := o.shapes[fp]
	for sh := first; sh != nil; sh = sh.next {
		if sh.matches(fs) {
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

// matches reports whether fs has the shape's keys, in order.
func (sh *orderShape) matches(fs []event.Field) bool {
	if len(sh.keys) != len(fs) {
		return false
	}
	for i, k := range sh.keys {
		if !sameString(fs[i].Key, k) {
			return false
		}
	}
	return true
}

// sameString is a == b, answered without a call when a and b are the same
// string (the same bytes in memory), as a builder's keys and its shape's
// usually are.
func sameString(a, b string) bool {
	return len(a) == len(b) && (unsafe.StringData(a) == unsafe.StringData(b) || a == b)
}

// quickSlot picks the recent slot of fs (two or more fields) from the
// number of keys and the lengths of a few of them, reading no key's bytes.
func quickSlot(fs []event.Field) int {
	n := len(fs)
	h := uint(n)*0x9e37 + uint(len(fs[n-1].Key))*0x85eb + uint(len(fs[n/2].Key))*0xc2b3 + uint(len(fs[1].Key))
	return int((h ^ h>>7) & 63)
}

// fingerprint hashes the number of keys and their lengths, eight at a
// time, without reading the keys' bytes.
func fingerprint(fs []event.Field) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037) ^ uint64(len(fs))
	var w uint64
	for i := range fs {
		w = w<<8 | uint64(uint8(len(fs[i].Key)))
		if i&7 == 7 {
			h = (h ^ w) * prime
			w = 0
		}
	}
	return (h ^ w) * prime
}

func permutation(fs []event.Field) []uint8 {
	perm := make([]uint8, len(fs))
	for i := range perm {
		perm[i] = uint8(i)
	}
	sort.SliceStable(perm, func(a, b int) bool { return fs[perm[a]].Key < fs[perm[b]].Key })
	return perm
}
