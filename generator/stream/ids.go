package stream

import (
	"hash/fnv"
	"strconv"
)

// IDGen hands out event ids for one source: 16 hex digits, unique within a
// dataset, the same for the same seed and source name, and revealing nothing
// about the source (a scenario's ids look like everyone else's).
type IDGen struct {
	key uint64
	n   uint64
	buf [16]byte
}

// NewIDGen returns the id generator of the named source under seed.
func NewIDGen(seed int64, source string) *IDGen {
	h := fnv.New64a()
	h.Write([]byte(source))
	return &IDGen{key: splitmix(uint64(seed) ^ h.Sum64())}
}

// Next returns the next id.
func (g *IDGen) Next() string {
	g.n++
	v := splitmix(g.key + g.n*0x9e3779b97f4a7c15)
	b := strconv.AppendUint(g.buf[:0], v, 16)
	if len(b) < 16 {
		pad := [16]byte{'0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'}
		copy(pad[16-len(b):], b)
		return string(pad[:])
	}
	return string(b)
}

// splitmix is the SplitMix64 finaliser: a bijection on uint64, so ids of one
// source never collide.
func splitmix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
