package columnar

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// ErrCorrupt is the sentinel of every error about a damaged store file.
var ErrCorrupt = errors.New("store damaged")

// Chunk layout (little-endian, every section padded to 8 bytes so that a
// reader could map it in place):
//
//	u8 type, u8 flags (1: null bitmap, 2: offsets), u16 0, u32 rows
//	[flags&1] u32 words, u32 0, u64 × words        null bitmap
//	[flags&2] u32 count (rows+1), u32 × count      offsets, padded
//	u32 values, u32 dict size (strings only)
//	strings:  u32 × (dict+1) byte offsets, padded; blob, padded; u32 × values codes, padded
//	ints:     i64 × values
//	doubles:  f64 × values (IEEE bits)
const (
	flagNulls   = 1
	flagOffsets = 2
)

func pad8(b []byte) []byte {
	for len(b)%8 != 0 {
		b = append(b, 0)
	}
	return b
}

func putU32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }
func putU64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

// appendChunk appends the encoding of c to b.
func appendChunk(b []byte, c *Column) []byte {
	var flags byte
	if c.Nulls != nil {
		flags |= flagNulls
	}
	if c.Offsets != nil {
		flags |= flagOffsets
	}
	b = append(b, byte(c.Type), flags, 0, 0)
	b = putU32(b, uint32(c.Len))
	if c.Nulls != nil {
		b = putU32(b, uint32(len(c.Nulls)))
		b = putU32(b, 0)
		for _, w := range c.Nulls {
			b = putU64(b, w)
		}
	}
	if c.Offsets != nil {
		b = putU32(b, uint32(len(c.Offsets)))
		for _, o := range c.Offsets {
			b = putU32(b, o)
		}
		b = pad8(b)
	}
	n := c.NumValues()
	b = putU32(b, uint32(n))
	b = putU32(b, uint32(len(c.Dict)))
	switch {
	case c.Type.IsString():
		off := uint32(0)
		b = putU32(b, 0)
		for _, s := range c.Dict {
			off += uint32(len(s))
			b = putU32(b, off)
		}
		b = pad8(b)
		for _, s := range c.Dict {
			b = append(b, s...)
		}
		b = pad8(b)
		for _, code := range c.Codes {
			b = putU32(b, code)
		}
		b = pad8(b)
	case c.Type == Double:
		for _, f := range c.Floats {
			b = putU64(b, math.Float64bits(f))
		}
	default:
		for _, v := range c.Ints {
			b = putU64(b, uint64(v))
		}
	}
	return b
}

// littleEndian is true on hosts whose memory order matches the file's, so
// that arrays are used in place instead of copied.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// chunkReader decodes one chunk, failing with ErrCorrupt on any bound it
// does not respect.
type chunkReader struct {
	b   []byte
	pos int
	err error
}

func (r *chunkReader) need(n int) bool {
	if r.err == nil && (n < 0 || r.pos+n > len(r.b)) {
		r.err = fmt.Errorf("%w: chunk truncated at byte %d", ErrCorrupt, r.pos)
	}
	return r.err == nil
}

func (r *chunkReader) u32() uint32 {
	if !r.need(4) {
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b[r.pos:])
	r.pos += 4
	return v
}

func (r *chunkReader) align() { r.pos = (r.pos + 7) &^ 7 }

func (r *chunkReader) u32s(n int) []uint32 {
	if !r.need(n * 4) {
		return nil
	}
	if littleEndian && n > 0 && r.pos%4 == 0 {
		out := unsafe.Slice((*uint32)(unsafe.Pointer(&r.b[r.pos])), n)
		r.pos += 4 * n
		return out
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(r.b[r.pos+4*i:])
	}
	r.pos += 4 * n
	return out
}

func (r *chunkReader) u64s(n int) []uint64 {
	if !r.need(n * 8) {
		return nil
	}
	if littleEndian && n > 0 && r.pos%8 == 0 {
		out := unsafe.Slice((*uint64)(unsafe.Pointer(&r.b[r.pos])), n)
		r.pos += 8 * n
		return out
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(r.b[r.pos+8*i:])
	}
	r.pos += 8 * n
	return out
}

// decodeChunk decodes a chunk. Dictionary strings point into b, which must
// not be modified afterwards.
func decodeChunk(b []byte) (*Column, error) {
	r := &chunkReader{b: b}
	if !r.need(8) {
		return nil, r.err
	}
	c := &Column{Type: Type(b[0]), Len: int(binary.LittleEndian.Uint32(b[4:]))}
	flags := b[1]
	r.pos = 8
	if c.Type > GeoPoint || c.Len > 1<<30 {
		return nil, fmt.Errorf("%w: bad chunk header", ErrCorrupt)
	}
	if flags&flagNulls != 0 {
		words := int(r.u32())
		r.u32()
		if words != (c.Len+63)/64 {
			return nil, fmt.Errorf("%w: null bitmap of %d words for %d rows", ErrCorrupt, words, c.Len)
		}
		c.Nulls = r.u64s(words)
	}
	if flags&flagOffsets != 0 {
		n := int(r.u32())
		if n != c.Len+1 {
			return nil, fmt.Errorf("%w: %d offsets for %d rows", ErrCorrupt, n, c.Len)
		}
		c.Offsets = r.u32s(n)
		r.align()
	}
	n, nd := int(r.u32()), int(r.u32())
	if r.err != nil {
		return nil, r.err
	}
	if c.Offsets == nil && n != c.Len || c.Offsets != nil && int(c.Offsets[c.Len]) != n {
		return nil, fmt.Errorf("%w: %d values for %d rows", ErrCorrupt, n, c.Len)
	}
	if c.Offsets != nil {
		for i := 0; i < c.Len; i++ {
			if c.Offsets[i] > c.Offsets[i+1] {
				return nil, fmt.Errorf("%w: offsets out of order", ErrCorrupt)
			}
		}
	}
	switch {
	case c.Type.IsString():
		decodeStrings(r, c, n, nd)
	case c.Type == Double:
		bits := r.u64s(n)
		c.Floats = *(*[]float64)(unsafe.Pointer(&bits))
	default:
		v := r.u64s(n)
		c.Ints = *(*[]int64)(unsafe.Pointer(&v))
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.align(); r.pos != len(b) {
		return nil, fmt.Errorf("%w: chunk of %d bytes holds %d", ErrCorrupt, len(b), r.pos)
	}
	return c, nil
}

func decodeStrings(r *chunkReader, c *Column, n, nd int) {
	if nd > len(r.b) {
		r.need(-1)
		return
	}
	offs := r.u32s(nd + 1)
	r.align()
	if r.err != nil {
		return
	}
	size := int(offs[nd])
	if !r.need(size) {
		return
	}
	blob := r.b[r.pos : r.pos+size]
	r.pos += size
	r.align()
	c.Dict = make([]string, nd)
	for i := range nd {
		lo, hi := offs[i], offs[i+1]
		if lo > hi || int(hi) > size {
			r.err = fmt.Errorf("%w: bad dictionary offsets", ErrCorrupt)
			return
		}
		if hi > lo {
			c.Dict[i] = unsafe.String(&blob[lo], int(hi-lo))
		}
	}
	c.Codes = r.u32s(n)
	for _, code := range c.Codes {
		if int(code) >= nd {
			r.err = fmt.Errorf("%w: dictionary code %d out of %d", ErrCorrupt, code, nd)
			return
		}
	}
}
