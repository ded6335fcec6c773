package event

import "github.com/soclab/soclab/event/internal/unsafex"

// The functions here let code that caches work per event shape (the
// encoder's skeletons, the generator's field orders) find an event's shape
// without reading its keys' bytes: generated events carry the very key
// strings their builders hold, so lengths pick the candidate and string
// addresses confirm it.

// KeyHash hashes the number of fields and the lengths of their keys. Fields
// with the same keys in the same order share it; other shapes may too, so
// a candidate is confirmed with SameKeys.
func KeyHash(fs []Field) uint64 {
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

// KeySlot picks one of 1<<bits slots for fs (two fields or more) from their
// number and the lengths of a few keys: a cheaper, coarser KeyHash for a
// small cache of recently seen shapes.
func KeySlot(fs []Field, bits uint) int {
	n := len(fs)
	h := uint(n)*0x9e37 + uint(len(fs[n-1].Key))*0x85eb + uint(len(fs[n/2].Key))*0xc2b3 + uint(len(fs[1].Key))
	return int((h ^ h>>8) & (1<<bits - 1))
}

// SameKeys reports whether fs have exactly keys, in order. Keys that are
// the very strings in keys compare without reading their bytes.
func SameKeys(fs []Field, keys []string) bool {
	if len(keys) != len(fs) {
		return false
	}
	for i, k := range keys {
		if a := fs[i].Key; len(a) != len(k) || (!unsafex.SameData(a, k) && a != k) {
			return false
		}
	}
	return true
}
