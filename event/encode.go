package event

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
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
}

// maxShapes bounds the skeletons an Encoder keeps; events of other shapes
// are encoded key by key.
const maxShapes = 4096

// AppendJSON appends the JSON encoding of e (without a newline) to b. It sorts
// e's fields in place.
func (enc *Encoder) AppendJSON(b []byte, e *Event) []byte {
	fields := e.Fields
	h := shapeHash(fields)
	sh := enc.lookup(h, fields)
	if sh == nil && !fieldsSorted(fields) {
		// Fields that match a shape are sorted, as its keys are; others
		// are sorted here and looked up again.
		e.Sort()
		fields = e.Fields
		h = shapeHash(fields)
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
	skel, ends := sh.skel, sh.ends
	prev := 0
	for i := range fields {
		b = append(b, skel[prev:ends[i]]...)
		prev = ends[i]
		b = enc.appendValue(b, &fields[i].Val)
	}
	return append(b, skel[prev:]...)
}

// lookup returns the shape of fields, or nil.
func (enc *Encoder) lookup(h uint64, fields []Field) *shape {
	for sh := enc.shapes[h]; sh != nil; sh = sh.next {
		if sh.matches(fields) {
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
	sh := &shape{keys: make([]string, len(fields)), ends: make([]int, len(fields))}
	prev := 0
	for i := range fields {
		sh.keys[i] = fields[i].Key
		sh.skel = append(sh.skel, out[prev:enc.marks[2*i]]...)
		sh.ends[i] = len(sh.skel)
		prev = enc.marks[2*i+1]
	}
	sh.skel = append(sh.skel, out[prev:]...)
	if enc.shapes == nil {
		enc.shapes = map[uint64]*shape{}
	}
	sh.next = enc.shapes[h]
	enc.shapes[h] = sh
	enc.nshapes++
}

// matches reports whether fields have the shape's keys, in order. Keys are
// usually the very strings the shape keeps, which compare without reading
// their bytes.
func (sh *shape) matches(fields []Field) bool {
	if len(sh.keys) != len(fields) {
		return false
	}
	for i, k := range sh.keys {
		if !sameString(fields[i].Key, k) {
			return false
		}
	}
	return true
}

// sameString is a == b, answered without a call when a and b are the same
// string (the same bytes in memory), as an event's keys and its shape's
// usually are.
func sameString(a, b string) bool {
	return len(a) == len(b) && (unsafe.StringData(a) == unsafe.StringData(b) || a == b)
}

// shapeHash hashes the number of keys and their lengths, which the fields
// hold without reading the keys' bytes; shapes that share a hash are told
// apart by shape.matches.
func shapeHash(fs []Field) uint64 {
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
		return strconv.AppendInt(b, v.n, 10)
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
