package detectors

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"math/bits"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/soclab/soclab/event"
)

// errFallback asks the caller to decode a line with event.Decoder: a wanted
// field lies inside an array of objects, which the scanner does not build.
var errFallback = errors.New("detectors: decode with event.Decoder")

// scanner decodes one NDJSON line into an event keeping only the fields
// the rules read. It walks the JSON once, skips unwanted values without
// building them, and takes field keys from the engine's slot table, so the
// only allocations are the wanted values themselves. Its result equals
// event.Decoder with Only(fields). A scanner is not safe for concurrent use.
type scanner struct {
	want     keyIndex // wanted leaf paths
	prefixes keyIndex // objects leading to a wanted path
	path     []byte
	str      []byte
	// arena holds the elements of list values; the caller resets it when the
	// events decoded into it are no longer used (see Engine.Write's
	// contract: the engine keeps no event values).
	arena []event.Value
	// slots receives the slot of every field decoded, in the order of the
	// event's fields; the caller resets it with the arena.
	slots  []int32
	isDate []bool // by slot: the key holds a date
	intern internCache
}

// internCache shares one copy of short repeated values (actions,
// outcomes, datasets, addresses): a direct-mapped table, so lookups cost a
// hash and a compare. Slots whose values rarely repeat (event ids) stop
// being looked up.
type internCache struct {
	table [internSize]string
	tries []uint32 // by slot
	hits  []uint32
}

const (
	internSize    = 4096
	maxInternSize = 32
)

var internSeed = maphash.MakeSeed()

// text returns raw (the value of a field at slot) as a string.
func (s *scanner) text(raw []byte, slot int) string {
	c := &s.intern
	if len(raw) > maxInternSize {
		return string(raw)
	}
	tries := c.tries[slot]
	if tries >= 256 && c.hits[slot] < tries/8 {
		// Rarely repeated: recheck after a while in case the data changes.
		if c.tries[slot]++; c.tries[slot] >= 1<<16 {
			c.tries[slot], c.hits[slot] = 0, 0
		}
		return string(raw)
	}
	if tries >= 1<<16 {
		c.tries[slot], c.hits[slot] = 0, 0
	}
	c.tries[slot]++
	h := maphash.Bytes(internSeed, raw) & (internSize - 1)
	if v := c.table[h]; v == bstr(raw) {
		c.hits[slot]++
		return v
	}
	v := string(raw)
	c.table[h] = v
	return v
}

// maxScanDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxScanDepth = 64

func newScanner(fields []string) *scanner {
	s := &scanner{}
	s.want.build(fields)
	seen := map[string]bool{}
	var prefixes []string
	for _, f := range fields {
		for i := 0; i < len(f); i++ {
			if f[i] == '.' && !seen[f[:i]] {
				seen[f[:i]] = true
				prefixes = append(prefixes, f[:i])
			}
		}
	}
	s.prefixes.build(prefixes)
	s.isDate = make([]bool, len(fields))
	for i, f := range fields {
		s.isDate[i] = event.IsDateKey(f)
	}
	s.intern.tries = make([]uint32, len(fields))
	s.intern.hits = make([]uint32, len(fields))
	return s
}

func syntaxErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", event.ErrSyntax, fmt.Sprintf(format, args...))
}

// decode fills e from one JSON document.
func (s *scanner) decode(data []byte, e *event.Event) error {
	e.Reset()
	s.path = s.path[:0]
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return syntaxErr("a document must be a JSON object")
	}
	nslots := len(s.slots)
	i, err := s.object(data, i, e, 0)
	if err != nil {
		s.slots = s.slots[:nslots]
		return err
	}
	if i = skipWS(data, i); i != len(data) {
		return syntaxErr("unexpected %q after the document at offset %d", data[i], i)
	}
	return nil
}

func skipWS(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

func bstr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// object decodes the members of an object that starts at data[i].
func (s *scanner) object(data []byte, i int, e *event.Event, depth int) (int, error) {
	if depth > maxScanDepth {
		return 0, syntaxErr("objects nested deeper than %d", maxScanDepth)
	}
	base := len(s.path)
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, syntaxErr("expected a key at offset %d", i)
		}
		start, end, esc, err := stringSpan(data, i)
		if err != nil {
			return 0, err
		}
		if base > 0 {
			s.path = append(s.path, '.')
		}
		if esc {
			s.path = appendUnescaped(s.path, data[start:end])
		} else {
			s.path = append(s.path, data[start:end]...)
		}
		i = skipWS(data, end+1)
		if i >= len(data) || data[i] != ':' {
			return 0, syntaxErr("expected ':' at offset %d", i)
		}
		i = skipWS(data, i+1)
		if i, err = s.member(data, i, e, depth); err != nil {
			return 0, err
		}
		s.path = s.path[:base]
		i = skipWS(data, i)
		if i < len(data) && data[i] == ',' {
			i = skipWS(data, i+1)
			continue
		}
		if i < len(data) && data[i] == '}' {
			return i + 1, nil
		}
		return 0, syntaxErr("expected ',' or '}' at offset %d", i)
	}
}

// member decodes or skips the value of the member whose path is s.path.
func (s *scanner) member(data []byte, i int, e *event.Event, depth int) (int, error) {
	if i >= len(data) {
		return 0, syntaxErr("unexpected end of the document")
	}
	path := bstr(s.path)
	switch data[i] {
	case '{':
		if s.prefixes.lookup(path) >= 0 {
			return s.object(data, i, e, depth+1)
		}
		return skipValue(data, i, depth)
	case '[':
		if slot := s.want.lookup(path); slot >= 0 {
			return s.array(data, i, e, slot)
		}
		if s.prefixes.lookup(path) >= 0 {
			return 0, errFallback
		}
		return skipValue(data, i, depth)
	}
	slot := s.want.lookup(path)
	if slot < 0 {
		return skipValue(data, i, depth)
	}
	v, next, err := s.scalar(data, i, slot)
	if err != nil {
		return 0, err
	}
	e.Fields = append(e.Fields, event.Field{Key: s.want.keys[slot], Val: v})
	s.slots = append(s.slots, int32(slot))
	return next, nil
}

// array decodes an array of scalars into a list; an array of objects is
// left to event.Decoder.
func (s *scanner) array(data []byte, i int, e *event.Event, slot int) (int, error) {
	key := s.want.keys[slot]
	i = skipWS(data, i+1)
	start := len(s.arena)
	list := func() event.Value {
		vals := s.arena[start:len(s.arena):len(s.arena)]
		return event.List(vals...)
	}
	if i < len(data) && data[i] == ']' {
		e.Fields = append(e.Fields, event.Field{Key: key, Val: list()})
		s.slots = append(s.slots, int32(slot))
		return i + 1, nil
	}
	for {
		if i >= len(data) {
			return 0, syntaxErr("unterminated array")
		}
		if data[i] == '{' || data[i] == '[' {
			return 0, errFallback
		}
		v, next, err := s.scalar(data, i, slot)
		if err != nil {
			return 0, err
		}
		s.arena = append(s.arena, v)
		i = skipWS(data, next)
		if i < len(data) && data[i] == ',' {
			i = skipWS(data, i+1)
			continue
		}
		if i < len(data) && data[i] == ']' {
			e.Fields = append(e.Fields, event.Field{Key: key, Val: list()})
			s.slots = append(s.slots, int32(slot))
			return i + 1, nil
		}
		return 0, syntaxErr("expected ',' or ']' at offset %d", i)
	}
}

// scalar decodes a string, number, boolean or null.
func (s *scanner) scalar(data []byte, i int, slot int) (event.Value, int, error) {
	switch c := data[i]; {
	case c == '"':
		start, end, esc, err := stringSpan(data, i)
		if err != nil {
			return event.Value{}, 0, err
		}
		raw := data[start:end]
		if esc {
			s.str = appendUnescaped(s.str[:0], raw)
			raw = s.str
		}
		if s.isDate[slot] {
			ns, err := parseTimestamp(raw)
			if err != nil {
				return event.Value{}, 0, syntaxErr("field %q: %v", s.want.keys[slot], err)
			}
			return event.Time(time.Unix(0, ns)), end + 1, nil
		}
		return event.String(s.text(raw, slot)), end + 1, nil
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if len(data)-i >= len(lit) && bstr(data[i:i+len(lit)]) == lit {
				switch lit {
				case "true":
					return event.Bool(true), i + 4, nil
				case "false":
					return event.Bool(false), i + 5, nil
				}
				return event.Value{}, i + 4, nil
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		end := numberEnd(data, i)
		num := bstr(data[i:end])
		if n, err := strconv.ParseInt(num, 10, 64); err == nil {
			return event.Int(n), end, nil
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return event.Value{}, 0, syntaxErr("bad number %q", num)
		}
		return event.Float(f), end, nil
	}
	return event.Value{}, 0, syntaxErr("unexpected %q at offset %d", data[i], i)
}

// simpleNumber reports whether num is an optional minus sign and 1 to 15
// digits with at most one decimal point between digits, which
// strconv.ParseFloat always accepts.
func simpleNumber(num []byte) bool {
	if len(num) > 0 && num[0] == '-' {
		num = num[1:]
	}
	if len(num) == 0 || len(num) > 16 {
		return false
	}
	digits, dot := 0, -1
	for k, c := range num {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && dot < 0:
			dot = k
		default:
			return false
		}
	}
	return digits <= 15 && dot != 0 && dot != len(num)-1
}

func numberEnd(data []byte, i int) int {
	for i < len(data) {
		c := data[i]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			i++
			continue
		}
		break
	}
	return i
}

// stringSpan finds the string starting at data[i] (a quote): the bytes
// between the quotes and whether they hold escapes.
func stringSpan(data []byte, i int) (start, end int, esc bool, err error) {
	start = i + 1
	j := start
	for j < len(data) {
		// Step over eight plain bytes at a time.
		for j+8 <= len(data) {
			m := specialBytes(binary.LittleEndian.Uint64(data[j:]))
			if m != 0 {
				j += bits.TrailingZeros64(m) / 8
				break
			}
			j += 8
		}
		if j >= len(data) {
			break
		}
		switch c := data[j]; {
		case c == '"':
			return start, j, esc, nil
		case c == '\\':
			esc = true
			j++
		case c < 0x20:
			return 0, 0, false, syntaxErr("control character in a string at offset %d", j)
		}
		j++
	}
	return 0, 0, false, syntaxErr("unterminated string at offset %d", i)
}

// specialBytes marks (with the high bit of the byte) the bytes of w that
// end a plain run in a JSON string: a quote, a backslash or a control
// character. The lowest mark is exact; marks above it may be spurious.
func specialBytes(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := w ^ (ones * '"')
	b := w ^ (ones * '\\')
	return ((q-ones)&^q | (b-ones)&^b | (w-ones*0x20)&^w) & highs
}

// appendUnescaped appends the JSON string body raw with its escapes
// resolved.
func appendUnescaped(b, raw []byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b = append(b, c)
			continue
		}
		i++
		switch raw[i] {
		case 'n':
			b = append(b, '\n')
		case 't':
			b = append(b, '\t')
		case 'r':
			b = append(b, '\r')
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'u':
			r, n := decodeU(raw[i+1:])
			b = utf8.AppendRune(b, r)
			i += n
		default:
			b = append(b, raw[i])
		}
	}
	return b
}

// decodeU decodes the hex digits after \u (and a following \uXXXX low
// surrogate); it returns the rune and how many bytes it used.
func decodeU(rest []byte) (rune, int) {
	r1, ok := hex4(rest)
	if !ok {
		return utf8.RuneError, 0
	}
	if utf16.IsSurrogate(r1) && len(rest) >= 10 && rest[4] == '\\' && rest[5] == 'u' {
		if r2, ok := hex4(rest[6:]); ok {
			if r := utf16.DecodeRune(r1, r2); r != utf8.RuneError {
				return r, 10
			}
		}
	}
	if utf16.IsSurrogate(r1) {
		return utf8.RuneError, 4
	}
	return r1, 4
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(bstr(b[:4]), 16, 32)
	return rune(n), err == nil
}

// skipValue steps over any JSON value, checking its structure.
func skipValue(data []byte, i, depth int) (int, error) {
	if depth > maxScanDepth {
		return 0, syntaxErr("values nested deeper than %d", maxScanDepth)
	}
	switch c := data[i]; {
	case c == '"':
		_, end, _, err := stringSpan(data, i)
		return end + 1, err
	case c == '{' || c == '[':
		return skipContainer(data, i, depth)
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if len(data)-i >= len(lit) && bstr(data[i:i+len(lit)]) == lit {
				return i + len(lit), nil
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		end := numberEnd(data, i)
		if simpleNumber(data[i:end]) {
			return end, nil
		}
		if _, err := strconv.ParseFloat(bstr(data[i:end]), 64); err != nil {
			return 0, syntaxErr("bad number %q", data[i:end])
		}
		return end, nil
	}
	return 0, syntaxErr("unexpected %q at offset %d", data[i], i)
}

func skipContainer(data []byte, i, depth int) (int, error) {
	closer := byte('}')
	if data[i] == '[' {
		closer = ']'
	}
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == closer {
		return i + 1, nil
	}
	for {
		var err error
		if closer == '}' {
			if i >= len(data) || data[i] != '"' {
				return 0, syntaxErr("expected a key at offset %d", i)
			}
			var end int
			if _, end, _, err = stringSpan(data, i); err != nil {
				return 0, err
			}
			if i = skipWS(data, end+1); i >= len(data) || data[i] != ':' {
				return 0, syntaxErr("expected ':' at offset %d", i)
			}
			i = skipWS(data, i+1)
		}
		if i >= len(data) {
			return 0, syntaxErr("unexpected end of the document")
		}
		if i, err = skipValue(data, i, depth+1); err != nil {
			return 0, err
		}
		i = skipWS(data, i)
		if i < len(data) && data[i] == ',' {
			i = skipWS(data, i+1)
			continue
		}
		if i < len(data) && data[i] == closer {
			return i + 1, nil
		}
		return 0, syntaxErr("expected ',' or %q at offset %d", closer, i)
	}
}

// parseTimestamp reads soclab's date layout quickly and anything else
// event.ParseTime accepts.
func parseTimestamp(b []byte) (int64, error) {
	if len(b) == 24 && b[4] == '-' && b[7] == '-' && b[10] == 'T' && b[13] == ':' && b[16] == ':' && b[19] == '.' && b[23] == 'Z' {
		d := func(i, n int) int {
			v := 0
			for k := i; k < i+n; k++ {
				c := b[k]
				if c < '0' || c > '9' {
					return -1
				}
				v = v*10 + int(c-'0')
			}
			return v
		}
		y, mo, dd, h, mi, sec, ms := d(0, 4), d(5, 2), d(8, 2), d(11, 2), d(14, 2), d(17, 2), d(20, 3)
		if y >= 0 && mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60 && ms >= 0 {
			t := time.Date(y, time.Month(mo), dd, h, mi, sec, ms*int(time.Millisecond), time.UTC)
			if t.Day() == dd {
				return t.UnixNano(), nil
			}
		}
	}
	t, err := event.ParseTime(string(b))
	if err != nil {
		return 0, err
	}
	return t.UnixNano(), nil
}
