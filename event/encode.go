package event

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Encoder writes events as compact JSON objects with nested objects for
// dotted keys, keys sorted, dates in TimestampLayout. An Encoder keeps scratch
// space between calls and is not safe for concurrent use.
type Encoder struct {
	stack []string
}

// AppendJSON appends the JSON encoding of e (without a newline) to b. It sorts
// e's fields in place.
func (enc *Encoder) AppendJSON(b []byte, e *Event) []byte {
	e.Sort()
	return enc.appendObject(b, e.Fields)
}

func (enc *Encoder) appendObject(b []byte, fields []Field) []byte {
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
		b = enc.appendValue(b, f.Val)
	}
	for len(enc.stack) > base {
		b = append(b, '}')
		enc.stack = enc.stack[:len(enc.stack)-1]
	}
	return append(b, '}')
}

func (enc *Encoder) appendValue(b []byte, v Value) []byte {
	switch v.kind {
	case KindString:
		return appendString(b, v.s)
	case KindInt:
		return strconv.AppendInt(b, v.n, 10)
	case KindFloat:
		return append(b, formatFloat(v.f)...)
	case KindBool:
		return strconv.AppendBool(b, v.n != 0)
	case KindTime:
		b = append(b, '"')
		b = AppendTimestamp(b, v.TimeVal())
		return append(b, '"')
	case KindList:
		b = append(b, '[')
		for i, item := range v.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = enc.appendValue(b, item)
		}
		return append(b, ']')
	case KindObjects:
		b = append(b, '[')
		for i, obj := range v.objs {
			if i > 0 {
				b = append(b, ',')
			}
			sorted := make([]Field, len(obj))
			copy(sorted, obj)
			sub := Event{Fields: sorted}
			sub.Sort()
			b = enc.appendObject(b, sub.Fields)
		}
		return append(b, ']')
	}
	return append(b, "null"...)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaping as encoding/json does
// for control characters, quotes, backslashes and invalid UTF-8.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
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
