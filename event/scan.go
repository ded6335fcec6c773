package event

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/valyala/fastjson/fastfloat"
)

// ErrScanFallback is what Scanner.Scan returns for a line it leaves to a
// Decoder: a wanted path holds an array of objects (which Decoder flattens
// into KindObjects), or a date field does not parse (Decoder reports it).
// (A bad escape, which the scanner also leaves, cannot reach it: the
// reading contract refuses the line first.)
var ErrScanFallback = errors.New("event: the scanner leaves this line to Decoder")

// maxScanDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxScanDepth = 64

// Scanner decodes one NDJSON line into an Event keeping only the fields of
// a fixed set of keys. It walks the JSON once, descends only into objects
// that lead to a wanted key, skips every other value without building it,
// and takes field keys from its key table, so that the only allocations are
// the wanted string values (short repeated ones are interned). On wide
// events it is several times faster than Decoder.
//
// When Scan returns nil, e holds exactly what a Decoder with Only(keys)
// gives, provided keys include KeyTimestamp and KeyID (which Only always
// keeps). A Scanner is not safe for concurrent use.
type Scanner struct {
	keys   []string // by slot: the index of a key in NewScanner's keys
	isDate []bool   // by slot
	root   *scanNode
	arena  *ScanArena
	list   []Value // list elements when there is no arena
	str    []byte  // an unescaped string value
	key    []byte  // an unescaped member key
	intern internTable
}

// ScanArena is caller-owned storage a Scanner fills (see Scanner.UseArena).
// Reset it only once no event decoded into it is in use.
type ScanArena struct {
	// Values holds the elements of the list values of the decoded events.
	Values []Value
	// Slots receives, for every field Scan decodes, the index of its key in
	// the keys given to NewScanner, in the order of the event's fields. A
	// Scan that fails records nothing.
	Slots []int32
}

// Reset empties the arena, keeping its storage for reuse.
func (a *ScanArena) Reset() { a.Values, a.Slots = a.Values[:0], a.Slots[:0] }

// scanNode is one object level of the wanted keys: the member names that
// lead on (children, found through a small open-addressing table) and the
// key this level ends, if any. A dotted key is registered under every way
// its dots may split into nested objects ("a.b.c" is {"a":{"b":{"c":…}}}
// but also {"a.b":{"c":…}} and so on), as Decoder joins nested names with
// dots.
type scanNode struct {
	slot  int32  // the key this path ends, or -1
	lens  uint64 // bit len%64 is set for the length of every child's name
	segs  []string
	kids  []*scanNode
	table []uint16 // child index+1 by segHash, 0 empty
	mask  uint32
}

// NewScanner returns a Scanner for the given dotted keys. A key listed
// twice keeps its first index.
func NewScanner(keys []string) *Scanner {
	s := &Scanner{keys: keys, isDate: make([]bool, len(keys)), root: &scanNode{slot: -1}}
	seen := make(map[string]bool, len(keys))
	for i, k := range keys {
		s.isDate[i] = IsDateKey(k)
		if !seen[k] {
			seen[k] = true
			s.root.add(k, int32(i))
		}
	}
	s.root.index()
	s.intern.init(len(keys))
	return s
}

// UseArena makes the scanner keep list elements and field slots in a
// (nil: lists are allocated, slots are not recorded). The engine that reads
// the events keeps none of their values, so a caller resets the arena per
// batch of lines instead of allocating every list.
func (s *Scanner) UseArena(a *ScanArena) { s.arena = a }

// add registers key under n for every split of rest at its dots.
func (n *scanNode) add(rest string, slot int32) {
	for i := 0; i <= len(rest); i++ {
		if i < len(rest) && rest[i] != '.' {
			continue
		}
		seg := rest[:i]
		var c *scanNode
		for k, s := range n.segs {
			if s == seg {
				c = n.kids[k]
			}
		}
		if c == nil {
			c = &scanNode{slot: -1}
			n.segs, n.kids = append(n.segs, seg), append(n.kids, c)
			n.lens |= 1 << (len(seg) % 64)
		}
		if i == len(rest) {
			if c.slot < 0 {
				c.slot = slot
			}
		} else {
			c.add(rest[i+1:], slot)
		}
	}
}

// index builds the child tables of n and its descendants.
func (n *scanNode) index() {
	if len(n.kids) <= 4 {
		for _, c := range n.kids {
			c.index()
		}
		return
	}
	size := uint32(8)
	for size < uint32(len(n.kids))*4 {
		size *= 2
	}
	n.mask, n.table = size-1, make([]uint16, size)
	for k, seg := range n.segs {
		h := segHash(seg) & n.mask
		for n.table[h] != 0 {
			h = (h + 1) & n.mask
		}
		n.table[h] = uint16(k + 1)
		n.kids[k].index()
	}
}

// segHash mixes a member name's length and its first and last bytes:
// enough to tell apart the few names of one level, and cheap to compute
// for the many names that are not wanted.
func segHash[T string | []byte](seg T) uint32 {
	n := len(seg)
	if n == 0 {
		return 0
	}
	h := uint32(n)*0x9E3779B1 ^ uint32(seg[0])*0x85EBCA6B ^ uint32(seg[n-1])*0xC2B2AE35
	return h ^ h>>16
}

// child returns the child of n for a member name, or nil. A level of a
// few names is searched in order, which beats hashing.
func (n *scanNode) child(seg []byte) *scanNode {
	if n.lens>>(len(seg)%64)&1 == 0 {
		return nil
	}
	if len(n.segs) <= 4 {
		for k, s := range n.segs {
			if len(s) == len(seg) && s == bstr(seg) {
				return n.kids[k]
			}
		}
		return nil
	}
	h := segHash(seg) & n.mask
	for {
		k := n.table[h]
		if k == 0 {
			return nil
		}
		if n.segs[k-1] == bstr(seg) {
			return n.kids[k-1]
		}
		h = (h + 1) & n.mask
	}
}

// Scan fills e (replacing its fields) with the wanted fields of one JSON
// document. It returns ErrScanFallback for a line to decode with Decoder
// instead, and an error wrapping ErrSyntax for one that breaks the reading
// contract (CheckLine, which Decoder applies too, so both refuse the same
// lines). Scan does not keep a reference to line.
func (s *Scanner) Scan(line []byte, e *Event) error {
	e.Reset()
	if err := CheckLine(line); err != nil {
		return err
	}
	var nvals, nslots int
	if a := s.arena; a != nil {
		nvals, nslots = len(a.Values), len(a.Slots)
	}
	i := skipWS(line, 0)
	var err error
	if i >= len(line) || line[i] != '{' {
		err = syntaxErr("a document must be a JSON object")
	} else if i, err = s.object(line, i, s.root, e, 0); err == nil {
		if i = skipWS(line, i); i != len(line) {
			err = syntaxErr("unexpected %q after the document at offset %d", line[i], i)
		}
	}
	if err != nil {
		e.Reset()
		if a := s.arena; a != nil {
			a.Values, a.Slots = a.Values[:nvals], a.Slots[:nslots]
		}
		return err
	}
	return nil
}

func syntaxErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSyntax, fmt.Sprintf(format, args...))
}

// object decodes the members of the object at data[i] whose wanted paths
// are under node.
func (s *Scanner) object(data []byte, i int, node *scanNode, e *Event, depth int) (int, error) {
	if depth > maxScanDepth {
		return 0, syntaxErr("objects nested deeper than %d", maxScanDepth)
	}
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, syntaxErr("expected a key at offset %d", i)
		}
		end, esc := stringEnd(data, i)
		if end < 0 {
			return 0, stringErr(data, i)
		}
		name := data[i+1 : end]
		if esc {
			var bad int
			if s.key, bad = appendUnescaped(s.key[:0], name); bad >= 0 {
				return 0, ErrScanFallback
			}
			name = s.key
		}
		c := node.child(name)
		if i = end + 1; i >= len(data) || data[i] != ':' {
			if i = skipWS(data, i); i >= len(data) || data[i] != ':' {
				return 0, syntaxErr("expected ':' at offset %d", i)
			}
		}
		if i++; i >= len(data) || data[i] <= ' ' {
			if i = skipWS(data, i); i >= len(data) {
				return 0, syntaxErr("unexpected end of the document")
			}
		}
		var err error
		if c == nil {
			i, err = skipValue(data, i, depth)
		} else {
			i, err = s.member(data, i, c, e, depth)
		}
		if err != nil {
			return 0, err
		}
		if i < len(data) && data[i] <= ' ' {
			i = skipWS(data, i)
		}
		if i < len(data) && data[i] == ',' {
			if i++; i < len(data) && data[i] <= ' ' {
				i = skipWS(data, i)
			}
			continue
		}
		if i < len(data) && data[i] == '}' {
			return i + 1, nil
		}
		return 0, syntaxErr("expected ',' or '}' at offset %d", i)
	}
}

// member decodes or skips the value at data[i] of the member whose path
// ends at n.
func (s *Scanner) member(data []byte, i int, n *scanNode, e *Event, depth int) (int, error) {
	switch data[i] {
	case '{':
		if len(n.kids) > 0 {
			return s.object(data, i, n, e, depth+1)
		}
		return skipValue(data, i, depth)
	case '[':
		if n.slot >= 0 {
			return s.array(data, i, e, n.slot)
		}
		// Decoder keeps an array at a path leading to wanted keys whole.
		return 0, ErrScanFallback
	}
	if n.slot < 0 {
		return skipValue(data, i, depth)
	}
	v, next, err := s.scalar(data, i, n.slot)
	if err != nil {
		return 0, err
	}
	s.add(e, n.slot, v)
	return next, nil
}

// add appends the field of a slot to e.
func (s *Scanner) add(e *Event, slot int32, v Value) {
	e.Fields = append(e.Fields, Field{Key: s.keys[slot], Val: v})
	if s.arena != nil {
		s.arena.Slots = append(s.arena.Slots, slot)
	}
}

// array decodes an array of scalars at data[i] into a list; an array
// holding objects or arrays is left to Decoder.
func (s *Scanner) array(data []byte, i int, e *Event, slot int32) (int, error) {
	vals := s.list[:0]
	if s.arena != nil {
		vals = s.arena.Values
	}
	start := len(vals)
	i = skipWS(data, i+1)
	if i >= len(data) || data[i] != ']' {
		for {
			if i >= len(data) {
				return 0, syntaxErr("unterminated array")
			}
			if data[i] == '{' || data[i] == '[' {
				return 0, ErrScanFallback
			}
			v, next, err := s.scalar(data, i, slot)
			if err != nil {
				return 0, err
			}
			vals = append(vals, v)
			i = skipWS(data, next)
			if i < len(data) && data[i] == ',' {
				i = skipWS(data, i+1)
				continue
			}
			if i < len(data) && data[i] == ']' {
				break
			}
			return 0, syntaxErr("expected ',' or ']' at offset %d", i)
		}
	}
	var items []Value
	if s.arena != nil {
		s.arena.Values = vals
		items = vals[start:len(vals):len(vals)]
	} else {
		s.list = vals
		items = append([]Value(nil), vals...)
	}
	s.add(e, slot, Value{kind: KindList, list: items})
	return i + 1, nil
}

// scalar decodes the string, number, boolean or null at data[i], the value
// (or a list item) of a slot's key.
func (s *Scanner) scalar(data []byte, i int, slot int32) (Value, int, error) {
	switch c := data[i]; {
	case c == '"':
		start, end, esc, err := stringSpan(data, i)
		if err != nil {
			return Value{}, 0, err
		}
		raw := data[start:end]
		if esc {
			var bad int
			if s.str, bad = appendUnescaped(s.str[:0], raw); bad >= 0 {
				return Value{}, 0, ErrScanFallback
			}
			raw = s.str
		}
		if s.isDate[slot] {
			ns, ok := parseDate(raw)
			if !ok {
				return Value{}, 0, ErrScanFallback // Decoder reports it
			}
			return Value{kind: KindTime, n: ns}, end + 1, nil
		}
		return String(s.intern.text(raw, slot)), end + 1, nil
	case c == 't' || c == 'f' || c == 'n':
		switch n := literalLen(data, i); n {
		case 4:
			if c == 't' {
				return Bool(true), i + n, nil
			}
			return Value{}, i + n, nil
		case 5:
			return Bool(false), i + n, nil
		}
	case c == '-' || c >= '0' && c <= '9':
		end := numberEnd(data, i)
		num := bstr(data[i:end])
		if n, ok := parseIntToken(data[i:end]); ok {
			return Int(n), end, nil
		}
		if !validNumber(data[i:end]) {
			return Value{}, 0, syntaxErr("bad number %q", num)
		}
		// The same conversion as Decoder's, to give the same bits.
		return Float(fastfloat.ParseBestEffort(num)), end, nil
	}
	return Value{}, 0, syntaxErr("unexpected %q at offset %d", data[i], i)
}

// parseIntToken parses num as Decoder does an integer: optional '-' and
// digits (leading zeros allowed) that fit in an int64.
func parseIntToken(num []byte) (int64, bool) {
	k := 0
	if len(num) > 0 && num[0] == '-' {
		k = 1
	}
	if k == len(num) {
		return 0, false
	}
	if len(num)-k > 18 {
		n, err := strconv.ParseInt(bstr(num), 10, 64)
		return n, err == nil
	}
	var d int64
	for _, c := range num[k:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		d = d*10 + int64(c-'0')
	}
	if k == 1 {
		d = -d
	}
	return d, true
}

// validNumber reports whether num (a run of number bytes starting with a
// digit or '-') is a finite number strconv.ParseFloat accepts.
func validNumber(num []byte) bool {
	if simpleNumber(num) {
		return true
	}
	_, err := strconv.ParseFloat(bstr(num), 64)
	return err == nil
}
