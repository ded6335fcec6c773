package detectors

import (
	"strings"
	"unsafe"
)

// keyArena copies group keys into shared blocks: internet noise opens a
// group, and so copies a key, for almost every event of some datasets, and
// one allocation per block is far cheaper than one per key. Bytes handed
// out are never written again; a block lives as long as any key in it.
type keyArena struct {
	buf []byte
}

// keyBlock is the size of a block; keys longer than a quarter of it are
// copied on their own.
const keyBlock = 2048

// clone returns a copy of s that does not share s's memory.
func (a *keyArena) clone(s string) string {
	switch {
	case len(s) == 0:
		return ""
	case len(s) > keyBlock/4:
		return strings.Clone(s)
	}
	if cap(a.buf)-len(a.buf) < len(s) {
		a.buf = make([]byte, 0, keyBlock)
	}
	start := len(a.buf)
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[start], len(s))
}
