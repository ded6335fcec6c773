package workspace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/soclab/soclab/event"
)

// errFallback makes the caller decode a line with the full event.Decoder:
// the scanner met something it leaves to it (an array of objects at a
// wanted path, or input that is not well-formed, for the decoder to report).
var errFallback = errors.New("fall back to the full decoder")

// fieldScanner extracts a few fields from an NDJSON line without building
// the whole document: it walks the bytes, descends only into objects that
// lead to a wanted field, and skips every other value by scanning for its
// end. On wide events this is several times faster than a full parse.
type fieldScanner struct {
	root *scanNode
	// strs interns short string values: keyword fields repeat the same
	// few values on most lines, so this saves an allocation per value.
	strs map[string]string
}

// maxIntern bounds the interned strings (length and count), so that a
// high-cardinality field does not grow the table without end.
const (
	maxInternLen   = 64
	maxInternCount = 1 << 16
)

// str returns raw as a string, shared with earlier equal values.
func (s *fieldScanner) str(raw []byte) string {
	if len(raw) > maxInternLen {
		return string(raw)
	}
	if v, ok := s.strs[string(raw)]; ok {
		return v
	}
	v := string(raw)
	if len(s.strs) < maxInternCount {
		s.strs[v] = v
	}
	return v
}

// scanNode is one object level of the wanted fields: its children by key
// segment (a short list, searched linearly: cheaper than hashing every key
// of every event). A node is a wanted leaf (key != ""), a path to wanted
// fields (children), or both when dotted keys overlap.
type scanNode struct {
	seg      string
	key      string // the full dotted key when this node is wanted
	date     bool   // key holds dates (event.IsDateKey)
	last     string // the key's last string value, reused when it repeats
	children []*scanNode
}

func (n *scanNode) child(seg []byte) *scanNode {
	for _, c := range n.children {
		if len(c.seg) == len(seg) && c.seg == string(seg) {
			return c
		}
	}
	return nil
}

func newFieldScanner(fields []string) *fieldScanner {
	s := &fieldScanner{root: &scanNode{}, strs: map[string]string{}}
	for _, f := range fields {
		s.add(s.root, f, f)
	}
	return s
}

// add registers key under n for every way its dots may split into nested
// objects ("a.b.c" is {"a":{"b":{"c"}}} but also {"a.b":{"c"}} and so on).
func (s *fieldScanner) add(n *scanNode, rest, key string) {
	for i := 0; i <= len(rest); i++ {
		if i < len(rest) && rest[i] != '.' {
			continue
		}
		seg := rest[:i]
		c := n.child([]byte(seg))
		if c == nil {
			c = &scanNode{seg: seg}
			n.children = append(n.children, c)
		}
		if i == len(rest) {
			c.key, c.date = key, event.IsDateKey(key)
		} else {
			s.add(c, rest[i+1:], key)
		}
	}
}

// scan fills e with the wanted fields of one JSON document.
func (s *fieldScanner) scan(b []byte, e *event.Event) error {
	e.Reset()
	i := skipWS(b, 0)
	end, err := s.object(b, i, s.root, e)
	if err != nil {
		return err
	}
	if skipWS(b, end) != len(b) {
		return errFallback
	}
	return nil
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// object reads the object at b[i] whose wanted fields are under node and
// returns the index after it.
func (s *fieldScanner) object(b []byte, i int, node *scanNode, e *event.Event) (int, error) {
	if i >= len(b) || b[i] != '{' {
		return 0, errFallback
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, errFallback
		}
		kend := quoteOrBackslash(b, i+1)
		if kend < 0 || b[kend] != '"' {
			return 0, errFallback // an escaped key: left to the decoder
		}
		kend++
		c := node.child(b[i+1 : kend-1])
		i = skipWS(b, kend)
		if i >= len(b) || b[i] != ':' {
			return 0, errFallback
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return 0, errFallback
		}
		var err error
		switch {
		case c == nil:
			i, err = skipValue(b, i)
		case b[i] == '{' && len(c.children) > 0:
			i, err = s.object(b, i, c, e)
		case b[i] == '[' && len(c.children) > 0:
			return 0, errFallback // an array of objects: the decoder flattens it
		case b[i] != '{' && c.key != "":
			var v event.Value
			v, i, err = s.value(b, i, c)
			if err == nil && !v.IsNull() {
				e.Fields = append(e.Fields, event.Field{Key: c.key, Val: v})
			}
		default:
			i, err = skipValue(b, i)
		}
		if err != nil {
			return 0, err
		}
		i = skipWS(b, i)
		if i >= len(b) {
			return 0, errFallback
		}
		if b[i] == '}' {
			return i + 1, nil
		}
		if b[i] != ',' {
			return 0, errFallback
		}
		i = skipWS(b, i+1)
	}
}

// value reads a scalar or an array of scalars.
func (s *fieldScanner) value(b []byte, i int, n *scanNode) (event.Value, int, error) {
	if b[i] != '[' {
		return s.scalarAt(b, i, n)
	}
	i = skipWS(b, i+1)
	var items []event.Value
	if i < len(b) && b[i] == ']' {
		return event.List(), i + 1, nil
	}
	for {
		if i >= len(b) || b[i] == '{' || b[i] == '[' {
			return event.Value{}, 0, errFallback
		}
		v, next, err := s.scalarAt(b, i, n)
		if err != nil {
			return event.Value{}, 0, err
		}
		items = append(items, v)
		i = skipWS(b, next)
		if i >= len(b) {
			return event.Value{}, 0, errFallback
		}
		if b[i] == ']' {
			return event.List(items...), i + 1, nil
		}
		if b[i] != ',' {
			return event.Value{}, 0, errFallback
		}
		i = skipWS(b, i+1)
	}
}

func (s *fieldScanner) scalarAt(b []byte, i int, n *scanNode) (event.Value, int, error) {
	switch c := b[i]; {
	case c == '"':
		end := stringEnd(b, i)
		if end < 0 {
			return event.Value{}, 0, errFallback
		}
		raw := b[i+1 : end-1]
		var str string
		if bytes.IndexByte(raw, '\\') >= 0 {
			u, ok := unescapeJSON(raw)
			if !ok {
				return event.Value{}, 0, errFallback
			}
			str = u
		} else if n.date {
			str = string(raw) // unique per line: not worth interning
		} else if string(raw) == n.last {
			str = n.last // the same value as on the last line
		} else {
			str = s.str(raw)
			n.last = str
		}
		if n.date {
			t, err := event.ParseTime(str)
			if err != nil {
				return event.Value{}, 0, errFallback
			}
			return event.Time(t), end, nil
		}
		return event.String(str), end, nil
	case c == 't' && bytes.HasPrefix(b[i:], []byte("true")):
		return event.Bool(true), i + 4, nil
	case c == 'f' && bytes.HasPrefix(b[i:], []byte("false")):
		return event.Bool(false), i + 5, nil
	case c == 'n' && bytes.HasPrefix(b[i:], []byte("null")):
		return event.Value{}, i + 4, nil
	case c == '-' || c >= '0' && c <= '9':
		end := i + 1
		for end < len(b) && bytes.IndexByte([]byte("0123456789.eE+-"), b[end]) >= 0 {
			end++
		}
		num := b[i:end]
		if n, err := strconv.ParseInt(string(num), 10, 64); err == nil {
			return event.Int(n), end, nil
		}
		f, err := strconv.ParseFloat(string(num), 64)
		if err != nil {
			return event.Value{}, 0, errFallback
		}
		return event.Float(f), end, nil
	}
	return event.Value{}, 0, errFallback
}

// stringEnd returns the index after the closing quote of the string that
// starts at b[i], or -1.
func stringEnd(b []byte, i int) int {
	j := i + 1
	for {
		k := quoteOrBackslash(b, j)
		if k < 0 {
			return -1
		}
		if b[k] == '"' {
			return k + 1
		}
		j = k + 2 // an escape: its next byte cannot end the string
	}
}

// quoteOrBackslash returns the index of the first '"' or '\\' in b from j,
// or -1. It tests eight bytes at a time (a zero-byte test on the word
// xor each character), which pays off on the many strings a skipped
// subtree holds.
func quoteOrBackslash(b []byte, j int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; j+8 <= len(b); j += 8 {
		x := binary.LittleEndian.Uint64(b[j:])
		q := x ^ 0x2222222222222222
		e := x ^ 0x5c5c5c5c5c5c5c5c
		if t := ((q-lo)&^q | (e-lo)&^e) & hi; t != 0 {
			return j + bits.TrailingZeros64(t)/8
		}
	}
	for ; j < len(b); j++ {
		if b[j] == '"' || b[j] == '\\' {
			return j
		}
	}
	return -1
}

// skipValue returns the index after the JSON value at b[i], checking only
// that strings end and brackets balance.
func skipValue(b []byte, i int) (int, error) {
	switch b[i] {
	case '"':
		if end := stringEnd(b, i); end >= 0 {
			return end, nil
		}
		return 0, errFallback
	case '{', '[':
		return skipContainer(b, i)
	}
	j := i
	for j < len(b) && !valueEnd[b[j]] {
		j++
	}
	if j == i {
		return 0, errFallback
	}
	return j, nil
}

// valueEnd marks the bytes that end a bare (number, literal) value.
var valueEnd = [256]bool{',': true, '}': true, ']': true, ' ': true, '\t': true, '\r': true, '\n': true}

// structural marks the bytes skipContainer must look at.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// skipContainer returns the index after the object or array at b[i] in one
// pass: strings are stepped over inline (an escape skips its next byte), so
// an unwanted subtree costs one look at each of its bytes.
func skipContainer(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		c := b[j]
		if !structural[c] {
			continue
		}
		switch c {
		case '"':
			j++
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(b) {
				return 0, errFallback
			}
		case '{', '[':
			depth++
		default:
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, errFallback
}

// unescapeJSON resolves the escapes of a JSON string's contents; false for
// an escape JSON does not define.
func unescapeJSON(raw []byte) (string, bool) {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(raw) {
			return "", false
		}
		i++
		switch raw[i] {
		case '"', '\\', '/':
			out = append(out, raw[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n := hexRune(raw[i+1:])
			if n == 0 {
				return "", false
			}
			i += n
			if utf16.IsSurrogate(r) {
				if len(raw) > i+2 && raw[i+1] == '\\' && raw[i+2] == 'u' {
					if r2, n2 := hexRune(raw[i+3:]); n2 > 0 {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r = d
							i += 2 + n2
						}
					}
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return string(out), true
}

func hexRune(b []byte) (rune, int) {
	if len(b) < 4 {
		return 0, 0
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 32)
	if err != nil {
		return 0, 0
	}
	return rune(n), 4
}
