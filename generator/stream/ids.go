package stream

import "github.com/soclab/soclab/generator/seedkey"

// IDGen hands out event ids for one source: 16 hex digits, unique within a
// source, the same for the same seed and source name, and revealing nothing
// about the seed, the source or the order of events (a scenario's ids look
// like everyone else's). The n-th id is a keyed permutation of n (see
// seedkey.IDCipher, a SipHash Feistel network), so un-mixing ids without
// the key means breaking that cipher.
type IDGen struct {
	c     *seedkey.IDCipher
	n     uint64
	block string // ids made ahead, idBlock of them, 16 bytes each
	used  int    // ids of block handed out
}

// idBlock is how many ids Next makes at a time: they share one string, so
// an event id costs a fraction of an allocation.
const idBlock = 32

// NewIDGen returns the id generator of the named source under seed.
func NewIDGen(seed int64, source string) *IDGen {
	return &IDGen{c: seedkey.New(seed).IDs(source), used: idBlock}
}

// Next returns the next id.
func (g *IDGen) Next() string {
	if g.used == idBlock {
		var buf [16 * idBlock]byte
		for i := range idBlock {
			g.n++
			v := g.c.Encrypt(g.n)
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
