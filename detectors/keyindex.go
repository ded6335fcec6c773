package detectors

import "unsafe"

// keyIndex maps field paths to slots. Generated events build their keys
// from constant strings, so the same key arrives with the same address
// every time: a small direct-mapped cache keyed by the address answers
// those with one comparison. Other keys go through an open-addressing
// table on a cheap hash of the path's length and a few of its bytes; most
// event fields are not wanted and are rejected before hashing.
type keyIndex struct {
	mask  uint32
	table []int32 // slot+1, 0 empty
	keys  []string
	// maybe has a bit for every (length, last byte) of a wanted key, which
	// rejects most unwanted fields before hashing.
	maybe [64][4]uint64
	cache *[keyCacheSize]keyCacheEntry
}

// keyCacheBits sizes the address cache: about a hundred distinct keys
// (every dataset's fields) collide in 5% of probes with 512 entries and
// almost never with 2048 (32 KiB, of which an event touches a few lines).
const (
	keyCacheBits = 11
	keyCacheSize = 1 << keyCacheBits
)

// keyCacheEntry remembers the slot (or -1) of the key whose bytes start at
// ptr. Holding the pointer keeps those bytes alive, so no other string can
// take the address while the entry stands; strings are immutable, so the
// address and length identify the key.
type keyCacheEntry struct {
	ptr  *byte
	n    int32
	slot int32
}

func (x *keyIndex) build(keys []string) {
	size := uint32(64)
	for size < uint32(len(keys))*8 {
		size *= 2
	}
	x.mask, x.table, x.keys = size-1, make([]int32, size), keys
	x.cache = new([keyCacheSize]keyCacheEntry)
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

// lookup returns the slot of key k, or -1 when no rule reads it.
func (x *keyIndex) lookup(k string) int {
	if len(k) == 0 {
		return -1
	}
	p := unsafe.StringData(k)
	e := &x.cache[cacheIndex(p)]
	if e.ptr == p && int(e.n) == len(k) {
		return int(e.slot)
	}
	s := x.find(k)
	if len(k) <= 1<<30 {
		e.ptr, e.n, e.slot = p, int32(len(k)), int32(s)
	}
	return s
}

// cacheIndex is the cache entry for the key bytes at p.
func cacheIndex(p *byte) uint64 {
	return uint64(uintptr(unsafe.Pointer(p))) * 0x9E3779B97F4A7C15 >> (64 - keyCacheBits)
}

// find is lookup without the cache.
func (x *keyIndex) find(k string) int {
	n := len(k)
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
