package activity

import (
	"sort"

	"github.com/soclab/soclab/event"
)

// fieldOrder puts an event's fields in key order, the order the NDJSON
// encoder writes, so that the encoder's own sort finds them sorted and has
// nothing to do. Builders add fields in a fixed order for each shape of
// record, so the permutation that sorts a shape is computed once and
// replayed; a shape is told apart by a fingerprint of its keys, and a
// fingerprint collision only costs the encoder a sort, never a wrong output.
type fieldOrder struct {
	perms map[uint64][]uint8
	spare []event.Field
}

// maxSortedFields bounds the events fieldOrder handles; wider ones are left
// to the encoder.
const maxSortedFields = 255

func (o *fieldOrder) sort(e *event.Event) {
	fs := e.Fields
	if len(fs) > maxSortedFields || len(fs) < 2 {
		return
	}
	fp := fingerprint(fs)
	perm, ok := o.perms[fp]
	if !ok {
		perm = permutation(fs)
		if o.perms == nil {
			o.perms = map[uint64][]uint8{}
		}
		o.perms[fp] = perm
	}
	if len(perm) != len(fs) {
		return
	}
	out := o.spare
	if cap(out) < len(fs) {
		out = make([]event.Field, len(fs), cap(fs))
	}
	out = out[:len(fs)]
	for j, i := range perm {
		out[j] = fs[i]
	}
	o.spare = fs[:0]
	e.Fields = out
}

// fingerprint hashes the length and three bytes of every key, in order.
func fingerprint(fs []event.Field) uint64 {
	h := uint64(14695981039346656037)
	for i := range fs {
		k := fs[i].Key
		n := len(k)
		v := uint64(n)
		if n > 0 {
			v |= uint64(k[0])<<8 | uint64(k[n-1])<<16 | uint64(k[n/2])<<24 | uint64(k[n*3/4])<<32
		}
		h ^= v
		h *= 1099511628211
	}
	return h ^ uint64(len(fs))<<56
}

func permutation(fs []event.Field) []uint8 {
	perm := make([]uint8, len(fs))
	for i := range perm {
		perm[i] = uint8(i)
	}
	sort.SliceStable(perm, func(a, b int) bool { return fs[perm[a]].Key < fs[perm[b]].Key })
	return perm
}
