package seedkey

import "encoding/binary"

// IDCipher is a keyed permutation of 64-bit numbers: the event id of the
// n-th event of a source is Encrypt(n). Being a permutation, ids of one
// source never collide; being keyed (a six-round Feistel network on 32-bit
// halves whose round function is SipHash-2-4 under a key derived from the
// seed and the source), ids reveal neither the seed, nor the source, nor
// the order of events, and consecutive counters give unrelated ids.
type IDCipher struct {
	k0, k1 uint64
}

// idRounds is the Feistel round count: four give a strong pseudo-random
// permutation from a pseudo-random function (Luby-Rackoff); six leave a
// margin against the known-plaintext distinguishers on 32-bit halves.
const idRounds = 6

// IDs returns the id permutation of one source (a label such as "auth" or
// "scenario/0").
func (k Key) IDs(source string) *IDCipher {
	d := k.Derive("event-id\x00" + source)
	return &IDCipher{k0: binary.LittleEndian.Uint64(d[:8]), k1: binary.LittleEndian.Uint64(d[8:16])}
}

// Encrypt returns the permuted value of n.
func (c *IDCipher) Encrypt(n uint64) uint64 {
	l, r := uint32(n>>32), uint32(n)
	for round := range uint64(idRounds) {
		l, r = r, l^uint32(sipHash64(c.k0, c.k1, round<<32|uint64(r)))
	}
	return uint64(l)<<32 | uint64(r)
}

// Decrypt inverts Encrypt (for tests and tools holding the key).
func (c *IDCipher) Decrypt(v uint64) uint64 {
	l, r := uint32(v>>32), uint32(v)
	for round := uint64(idRounds); round > 0; round-- {
		l, r = r^uint32(sipHash64(c.k0, c.k1, (round-1)<<32|uint64(l))), l
	}
	return uint64(l)<<32 | uint64(r)
}
