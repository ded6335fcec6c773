package workspace

import (
	"bytes"
	"errors"
	"strconv"

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
	want     map[string]string // wanted leaf key → the same string, to avoid allocating keys
	prefixes map[string]bool   // object paths that lead to a wanted key
	path     []byte
}

func newFieldScanner(fields []string) *fieldScanner {
	s := &fieldScanner{want: map[string]string{}, prefixes: map[string]bool{}}
	for _, f := range fields {
		s.want[f] = f
		for i := 0; i < len(f); i++ {
			if f[i] == '.' {
				s.prefixes[f[:i]] = true
			}
		}
	}
	return s
}

// scan fills e with the wanted fields of one JSON document.
func (s *fieldScanner) scan(b []byte, e *event.Event) error {
	e.Reset()
	s.path = s.path[:0]
	i := skipWS(b, 0)
	end, err := s.object(b, i, e)
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

// object reads the object at b[i] whose path is s.path and returns the
// index after it.
func (s *fieldScanner) object(b []byte, i int, e *event.Event) (int, error) {
	if i >= len(b) || b[i] != '{' {
		return 0, errFallback
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	base := len(s.path)
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, errFallback
		}
		kend := stringEnd(b, i)
		if kend < 0 || bytes.IndexByte(b[i+1:kend-1], '\\') >= 0 {
			return 0, errFallback
		}
		s.path = s.path[:base]
		if base > 0 {
			s.path = append(s.path, '.')
		}
		s.path = append(s.path, b[i+1:kend-1]...)
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
		case b[i] == '{' && s.prefixes[string(s.path)]:
			i, err = s.object(b, i, e)
		case b[i] == '[' && s.prefixes[string(s.path)]:
			return 0, errFallback // an array of objects: the decoder flattens it
		case b[i] != '{' && s.want[string(s.path)] != "":
			key := s.want[string(s.path)]
			var v event.Value
			v, i, err = s.value(b, i, key)
			if err == nil && !v.IsNull() {
				e.Fields = append(e.Fields, event.Field{Key: key, Val: v})
			}
		default:
			i, err = skipValue(b, i)
		}
		if err != nil {
			return 0, err
		}
		s.path = s.path[:base]
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
func (s *fieldScanner) value(b []byte, i int, key string) (event.Value, int, error) {
	if b[i] != '[' {
		return scalarAt(b, i, key)
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
		v, next, err := scalarAt(b, i, key)
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

func scalarAt(b []byte, i int, key string) (event.Value, int, error) {
	switch c := b[i]; {
	case c == '"':
		end := stringEnd(b, i)
		if end < 0 {
			return event.Value{}, 0, errFallback
		}
		raw := b[i+1 : end-1]
		var str string
		if bytes.IndexByte(raw, '\\') >= 0 {
			u, err := strconv.Unquote(string(b[i:end]))
			if err != nil {
				return event.Value{}, 0, errFallback
			}
			str = u
		} else {
			str = string(raw)
		}
		if event.IsDateKey(key) {
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
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		bs := 0
		for p := j - 1; p > i && b[p] == '\\'; p-- {
			bs++
		}
		if bs%2 == 0 {
			return j + 1
		}
		j++
	}
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
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end := stringEnd(b, j)
				if end < 0 {
					return 0, errFallback
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errFallback
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\r' && b[j] != '\n' {
		j++
	}
	if j == i {
		return 0, errFallback
	}
	return j, nil
}
