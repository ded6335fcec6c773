package event

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soclab/soclab/event/internal/unsafex"
)

// Encoder writes events as compact JSON objects with nested objects for
// dotted keys, keys sorted, dates in TimestampLayout. An Encoder keeps scratch
// space between calls and is not safe for concurrent use.
//
// Events of one source come in few shapes (the same sorted keys), and the
// JSON between two values depends only on the keys: the encoder remembers
// that skeleton per shape and then only writes values.
type Encoder struct {
	stack   []string
	shapes  map[uint64]*shape // by shapeHash; shapes with the same hash are chained
	nshapes int
	marks   []int // value boundaries of the object being recorded
	// recent holds shapes last used, by KeySlot: most events find their
	// shape there without hashing every key length.
	recent [1 << recentBits]*shape
	floats *[256]floatMemo // see appendFloat
	// The date and time of the second last written, as text.
	lastSec  int64
	lastText []byte
}

// shape is the skeleton of the JSON of one sorted list of keys: before value
// i comes skel[ends[i-1]:ends[i]] (from 0 for i = 0), and after the last
// value skel[ends[len(keys)-1]:]. next is another shape with the same hash.
type shape struct {
	keys []string
	skel []byte
	ends []int
	next *shape
	// memos holds, per value, the last value written there. Constant
	// values (datasets, actions, outcomes, categories) recur as the very
	// same strings and lists, which are then written without checking or
	// formatting them again.
	memos []memo
}

// memo is the last value written at one place of a shape. Its strings and
// items are kept (not only their addresses), so their memory cannot be
// reused for other text while they are remembered.
type memo struct {
	kind  Kind
	s     string  // a string value that needed no escaping
	items []Value // a copy of a list's items
	text  []byte  // the JSON of items (a list)
}

// sameItems reports whether the scalar items a and b are equal, comparing
// strings by address: a false answer only costs a fresh encoding.
func sameItems(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.kind != y.kind || x.n != y.n || len(x.s) != len(y.s) || !unsafex.SameData(x.s, y.s) || x.list != nil || y.list != nil || x.objs != nil || y.objs != nil {
			return false
		}
	}
	return true
}

// recentBits sizes Encoder.recent.
const recentBits = 8

// maxShapes bounds the skeletons an Encoder keeps; events of other shapes
// are encoded key by key.
const maxShapes = 4096

// AppendJSON appends the JSON encoding of e (without a newline) to b. It sorts
// e's fields in place. It may write scratch bytes in b's spare capacity past
// the bytes it appends.
func (enc *Encoder) AppendJSON(b []byte, e *Event) []byte {
	fields := e.Fields
	var slot **shape
	if len(fields) >= 2 {
		slot = &enc.recent[KeySlot(fields, recentBits)]
		if sh := *slot; sh != nil && SameKeys(fields, sh.keys) {
			return enc.appendShape(b, sh, fields)
		}
	}
	h := KeyHash(fields)
	sh := enc.lookup(h, fields)
	if sh == nil && !fieldsSorted(fields) {
		// Fields that match a shape are sorted, as its keys are; others
		// are sorted here and looked up again.
		e.Sort()
		fields = e.Fields
		h = KeyHash(fields)
		sh = enc.lookup(h, fields)
	}
	if sh == nil {
		if enc.nshapes >= maxShapes {
			return enc.appendObject(b, fields, false)
		}
		// Record this shape's skeleton while encoding it.
		start := len(b)
		enc.marks = enc.marks[:0]
		b = enc.appendObject(b, fields, true)
		enc.addShape(h, fields, b[start:])
		return b
	}
	if slot != nil {
		*slot = sh
	}
	return enc.appendShape(b, sh, fields)
}

// appendShape appends fields, which have sh's keys, as sh's skeleton
// filled with their values.
func (enc *Encoder) appendShape(b []byte, sh *shape, fields []Field) []byte {
	skel, ends, memos := sh.skel, sh.ends, sh.memos
	ends = ends[:len(fields)]
	memos = memos[:len(fields)]
	prev := 0
	for i := range fields {
		b = appendPiece(b, skel, prev, ends[i])
		prev = ends[i]
		v, m := &fields[i].Val, &memos[i]
		switch v.kind {
		case KindString:
			s := v.s
			if p := m.s; len(s) == len(p) && unsafex.SameData(s, p) || plainString(s) {
				if m.kind != KindString || !unsafex.SameData(s, m.s) {
					m.kind, m.s = KindString, s
				}
				b = append(b, '"')
				b = append(b, s...)
				b = append(b, '"')
				continue
			}
			b = appendString(b, s)
		case KindInt:
			b = appendInt(b, v.n)
		case KindFloat:
			b = enc.appendFloat(b, uint64(v.n))
		case KindList:
			if m.kind == KindList && sameItems(v.list, m.items) {
				b = append(b, m.text...)
				continue
			}
			start := len(b)
			b = enc.appendValue(b, v)
			m.kind, m.s = KindList, ""
			m.items = append(m.items[:0], v.list...)
			m.text = append(m.text[:0], b[start:]...)
		default:
			b = enc.appendValue(b, v)
		}
	}
	return append(b, skel[prev:len(skel)-skelPad]...)
}

// skelPad is the number of bytes after a skeleton's end, so that
// appendPiece may read whole words past the last piece.
const skelPad = 32

// appendPiece appends skel[from:to]. Pieces are short (a key and the
// punctuation around it), and when they fit in 32 bytes, as most do, they
// are copied as four words (the bytes past to are written and then cut
// off) rather than by a call to memmove.
func appendPiece(b, skel []byte, from, to int) []byte {
	n := len(b)
	if to-from > skelPad || cap(b)-n < skelPad || from+skelPad > len(skel) {
		return append(b, skel[from:to]...)
	}
	src, dst := skel[from:from+skelPad], b[n:n+skelPad]
	le := binary.LittleEndian
	le.PutUint64(dst[0:], le.Uint64(src[0:]))
	le.PutUint64(dst[8:], le.Uint64(src[8:]))
	le.PutUint64(dst[16:], le.Uint64(src[16:]))
	le.PutUint64(dst[24:], le.Uint64(src[24:]))
	return b[:n+to-from]
}

// lookup returns the shape of fields, or nil.
func (enc *Encoder) lookup(h uint64, fields []Field) *shape {
	for sh := enc.shapes[h]; sh != nil; sh = sh.next {
		if SameKeys(fields, sh.keys) {
			return sh
		}
	}
	return nil
}

// addShape keeps the skeleton of fields from their encoding out, whose value
// boundaries (start, end of each value) are in enc.marks.
func (enc *Encoder) addShape(h uint64, fields []Field, out []byte) {
	if len(enc.marks) != 2*len(fields) {
		return
	}
	sh := &shape{keys: make([]string, len(fields)), ends: make([]int, len(fields)), memos: make([]memo, len(fields))}
	prev := 0
	for i := range fields {
		sh.keys[i] = fields[i].Key
		sh.skel = append(sh.skel, out[prev:enc.marks[2*i]]...)
		sh.ends[i] = len(sh.skel)
		prev = enc.marks[2*i+1]
	}
	sh.skel = append(sh.skel, out[prev:]...)
	sh.skel = append(sh.skel, make([]byte, skelPad)...)
	if enc.shapes == nil {
		enc.shapes = map[uint64]*shape{}
	}
	sh.next = enc.shapes[h]
	enc.shapes[h] = sh
	enc.nshapes++
}

// appendObject writes fields (sorted) as an object. With record, the
// offsets in b (relative to where the object starts) of the start and end of
// each top-level value are appended to enc.marks.
func (enc *Encoder) appendObject(b []byte, fields []Field, record bool) []byte {
	origin := len(b)
	base := len(enc.stack)
	b = append(b, '{')
	first := true
	for i := range fields {
		f := &fields[i]
		key := f.Key
		// Split key into its object path and leaf name.
		depth := base
		rest := key
		// Match the already open objects.
		for depth < len(enc.stack) {
			seg := enc.stack[depth]
			if len(rest) > len(seg) && rest[len(seg)] == '.' && rest[:len(seg)] == seg {
				rest = rest[len(seg)+1:]
				depth++
				continue
			}
			break
		}
		for len(enc.stack) > depth {
			b = append(b, '}')
			enc.stack = enc.stack[:len(enc.stack)-1]
		}
		if !first && (len(b) == 0 || b[len(b)-1] != '{') {
			b = append(b, ',')
		}
		first = false
		for {
			dot := strings.IndexByte(rest, '.')
			if dot < 0 {
				break
			}
			seg := rest[:dot]
			b = appendString(b, seg)
			b = append(b, ':', '{')
			enc.stack = append(enc.stack, seg)
			rest = rest[dot+1:]
		}
		b = appendString(b, rest)
		b = append(b, ':')
		if record {
			enc.marks = append(enc.marks, len(b)-origin)
		}
		b = enc.appendValue(b, &f.Val)
		if record {
			enc.marks = append(enc.marks, len(b)-origin)
		}
	}
	for len(enc.stack) > base {
		b = append(b, '}')
		enc.stack = enc.stack[:len(enc.stack)-1]
	}
	return append(b, '}')
}

func (enc *Encoder) appendValue(b []byte, v *Value) []byte {
	switch v.kind {
	case KindString:
		return appendString(b, v.s)
	case KindInt:
		return appendInt(b, v.n)
	case KindFloat:
		return appendFloat(b, v.float())
	case KindBool:
		return strconv.AppendBool(b, v.n != 0)
	case KindTime:
		b = append(b, '"')
		b = enc.appendTime(b, v.n)
		return append(b, '"')
	case KindList:
		b = append(b, '[')
		for i := range v.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = enc.appendValue(b, &v.list[i])
		}
		return append(b, ']')
	case KindObjects:
		b = append(b, '[')
		for i, obj := range v.ObjectsVal() {
			if i > 0 {
				b = append(b, ',')
			}
			if fieldsSorted(obj) {
				b = enc.appendObject(b, obj, false)
				continue
			}
			sorted := make([]Field, len(obj))
			copy(sorted, obj)
			sub := Event{Fields: sorted}
			sub.Sort()
			b = enc.appendObject(b, sub.Fields, false)
		}
		return append(b, ']')
	}
	return append(b, "null"...)
}

// floatMemo is the text of one float, by its bits.
type floatMemo struct {
	bits uint64
	n    uint8 // length of text; 0 for an empty slot
	text [24]byte
}

// appendFloat appends the float of bits in shortest form. Floats recur
// (the coordinates of a few cities), so their texts are kept in a small
// direct-mapped table.
func (enc *Encoder) appendFloat(b []byte, bits uint64) []byte {
	if enc.floats == nil {
		enc.floats = new([256]floatMemo)
	}
	fm := &enc.floats[(bits*0x9e3779b97f4a7c15)>>56]
	if fm.n != 0 && fm.bits == bits {
		return append(b, fm.text[:fm.n]...)
	}
	start := len(b)
	b = appendFloat(b, math.Float64frombits(bits))
	if n := len(b) - start; n <= len(fm.text) {
		fm.bits, fm.n = bits, uint8(n)
		copy(fm.text[:], b[start:])
	}
	return b
}

// appendInt appends n in decimal, as strconv.AppendInt does, writing the
// digits in place two at a time.
func appendInt(b []byte, n int64) []byte {
	if n < 0 {
		return strconv.AppendInt(b, n, 10)
	}
	u := uint64(n)
	if u < 10 {
		return append(b, byte('0'+u))
	}
	digits := 1
	for x := u; x >= 10; x /= 10 {
		digits++
	}
	l := len(b)
	b = append(b, make([]byte, digits)...)
	d := b[l : l+digits]
	i := digits
	for u >= 100 {
		q := u / 100
		r := u - q*100
		i -= 2
		d[i], d[i+1] = twoDigits[2*r], twoDigits[2*r+1]
		u = q
	}
	if u >= 10 {
		d[i-2], d[i-1] = twoDigits[2*u], twoDigits[2*u+1]
	} else {
		d[i-1] = byte('0' + u)
	}
	return b
}

// twoDigits holds "00" to "99".
const twoDigits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// appendFloat appends f in shortest form, as formatFloat does.
func appendFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendTime appends the date of Unix nanoseconds ns in TimestampLayout.
// Events come in time order, so the text up to the seconds is kept and
// reused while the second does not change.
func (enc *Encoder) appendTime(b []byte, ns int64) []byte {
	sec, frac := ns/1e9, ns%1e9
	if frac < 0 {
		sec, frac = sec-1, frac+1e9
	}
	if enc.lastText == nil || sec != enc.lastSec {
		enc.lastSec = sec
		enc.lastText = time.Unix(sec, 0).UTC().AppendFormat(enc.lastText[:0], "2006-01-02T15:04:05")
	}
	b = append(b, enc.lastText...)
	msec := frac / 1e6
	return append(b, '.', byte('0'+msec/100), byte('0'+msec/10%10), byte('0'+msec%10), 'Z')
}

const hexDigits = "0123456789abcdef"

// safeASCII marks the bytes a JSON string holds as they are.
var safeASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// safePrefix returns a length of s, a multiple of 8, whose bytes are all
// safeASCII, reading eight bytes at a time. It may stop early (a word that
// only looks unsafe) but never passes an unsafe byte.
func safePrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if !plainWord(load64(s, i)) {
			break
		}
	}
	return i
}

// load64 returns the eight bytes of s at i as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// load32 returns the four bytes of s at i as a little-endian word.
func load32(s string, i int) uint64 {
	s = s[i : i+4]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

// plainWord reports whether the eight bytes of x are all safeASCII. It may
// answer false for a word that only looks unsafe, never true for an unsafe
// one.
func plainWord(x uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q := x ^ (lo * '"')
	bs := x ^ (lo * '\\')
	// A byte >= 0x80, < 0x20, equal to '"' or to '\\' sets its high bit.
	return (x|(x-lo*0x20)|((q-lo)&^q)|((bs-lo)&^bs))&hi == 0
}

// plainString reports whether every byte of s is safeASCII, so that s is
// written as it is. It reads whole words, the last one overlapping the one
// before, and checks byte by byte only short strings and words that look
// unsafe.
func plainString(s string) bool {
	n := len(s)
	switch {
	case n >= 8:
		for i := 0; i < n; i += 8 {
			i = min(i, n-8)
			if !plainWord(load64(s, i)) {
				return plainBytes(s[i:])
			}
		}
		return true
	case n >= 4:
		// Two overlapping halves make one word.
		if plainWord(load32(s, 0) | load32(s, n-4)<<32) {
			return true
		}
	}
	return plainBytes(s)
}

// plainBytes is plainString byte by byte.
func plainBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if !safeASCII[s[i]] {
			return false
		}
	}
	return true
}

// appendString appends s as a JSON string, escaping as encoding/json does
// for control characters, quotes, backslashes and invalid UTF-8.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	if plainString(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	i, start := safePrefix(s), 0
	for i < len(s) {
		c := s[i]
		if safeASCII[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
