package stream

import "hash/fnv"

// IDGen hands out event ids for one source: 16 hex digits, unique within a
// dataset, the same for the same seed and source name, and revealing nothing
// about the source (a scenario's ids look like everyone else's).
type IDGen struct {
	key   uint64
	n     uint64
	block string // ids made ahead, idBlock of them, 16 bytes each
	used  int    // ids of block handed out
}

// idBlock is how many ids Next makes at a time: they share one string, so
// an event id costs a fraction of an allocation.
const idBlock = 32

// NewIDGen returns the id generator of the named source under seed.
func NewIDGen(seed int64, source string) *IDGen {
	h := fnv.New64a()
	h.Write([]byte(source))
	return &IDGen{key: splitmix(uint64(seed) ^ h.Sum64()), used: idBlock}
}

// Next returns the next id.
func (g *IDGen) Next() string {
	if g.used == idBlock {
		var buf [16 * idBlock]byte
		for i := range idBlock {
			g.n++
			v := splitmix(g.key + g.n*0x9e3779b97f4a7c15)
			out := buf[16*i : 16*i+16]
			for j := 15; j >= 0; j-- {
				out[j] = hexDigits[v&0xf]
				v >>= 4
			}
		}
		g.block, g.used = string(buf[:]), 0
	}
	g.used++
	return g.block[16*(g.used-1) : 16*g.used]
}

const hexDigits = "0123456789abcdef"

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
