package event

import (
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/soclab/soclab/event/internal/unsafex"
)

// This file holds the Scanner's JSON lexing: strings, numbers, literals and
// the skipping of values nobody wants.

// bstr views b as a string without copying; the string must not outlive
// b's contents.
func bstr(b []byte) string { return unsafex.String(b) }

func skipWS(data []byte, i int) int {
	for i < len(data) && data[i] <= ' ' && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// stringSpan finds the string starting at data[i] (a quote): the bytes
// between the quotes and whether they hold escapes. A control character
// in the string is an error.
func stringSpan(data []byte, i int) (start, end int, esc bool, err error) {
	end, esc = stringEnd(data, i)
	if end < 0 {
		return 0, 0, false, stringErr(data, i)
	}
	return i + 1, end, esc, nil
}

// stringEnd returns the index of the closing quote of the string starting
// at data[i] and whether the string holds escapes; -1 when it does not
// end or holds a control character.
func stringEnd(data []byte, i int) (int, bool) {
	j := i + 1
	esc := false
	for {
		// Step over eight plain bytes at a time.
		for j+8 <= len(data) {
			if m := specialBytes(unsafex.Load64(data, j)); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		if j+8 > len(data) {
			for j < len(data) && !stringSpecial[data[j]] {
				j++
			}
			if j >= len(data) {
				return -1, esc
			}
		}
		switch data[j] {
		case '"':
			return j, esc
		case '\\':
			esc = true
			j += 2
		default:
			return -1, esc
		}
	}
}

// stringSpecial marks the bytes that end a plain run in a JSON string.
var stringSpecial = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// stringErr describes why the string at data[i] is malformed.
func stringErr(data []byte, i int) error {
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return syntaxErr("malformed string at offset %d", i)
		case c == '\\':
			j++
		case c < 0x20:
			return syntaxErr("control character in a string at offset %d", j)
		}
	}
	return syntaxErr("unterminated string at offset %d", i)
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
// resolved. bad is -1 when every escape resolved, else the offset in raw
// of the backslash of the first escape it refuses: an unknown escape, a
// malformed \u, a surrogate that is not half of a pair (the contract
// words them).
func appendUnescaped(b, raw []byte) (_ []byte, bad int) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		at := i
		if i++; i >= len(raw) {
			return b, at
		}
		switch raw[i] {
		case '"', '\\', '/':
			b = append(b, raw[i])
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
			r, ok := hex4(raw[i+1:])
			if !ok {
				return b, at
			}
			i += 4
			if utf16.IsSurrogate(r) {
				// Only a high surrogate followed by a low one.
				if r >= 0xDC00 || len(raw) < i+7 || raw[i+1] != '\\' || raw[i+2] != 'u' {
					return b, at
				}
				r2, ok := hex4(raw[i+3:])
				if !ok || r2 < 0xDC00 || r2 > 0xDFFF {
					return b, at
				}
				r = utf16.DecodeRune(r, r2)
				i += 6
			}
			b = utf8.AppendRune(b, r)
		default:
			return b, at
		}
	}
	return b, -1
}

// hex4 decodes four hex digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// literalLen returns the length of the true, false or null at data[i],
// or 0.
func literalLen(data []byte, i int) int {
	rest := data[i:]
	switch {
	case len(rest) >= 4 && (bstr(rest[:4]) == "true" || bstr(rest[:4]) == "null"):
		return 4
	case len(rest) >= 5 && bstr(rest[:5]) == "false":
		return 5
	}
	return 0
}

// numberByte marks the bytes a number's run may hold; Decoder takes the
// same run.
var numberByte = [256]bool{'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true, '-': true, '+': true, '.': true, 'e': true, 'E': true}

func numberEnd(data []byte, i int) int {
	for i < len(data) && numberByte[data[i]] {
		i++
	}
	return i
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

// skipScalar steps over the string, number or literal at data[i],
// checking it.
func skipScalar(data []byte, i int) (int, error) {
	switch c := data[i]; {
	case c == '"':
		if end, _ := stringEnd(data, i); end >= 0 {
			return end + 1, nil
		}
		return 0, stringErr(data, i)
	case c == 't' || c == 'f' || c == 'n':
		if n := literalLen(data, i); n > 0 {
			return i + n, nil
		}
	case c == '-' || c >= '0' && c <= '9':
		return skipNumber(data, i)
	}
	return 0, syntaxErr("unexpected %q at offset %d", data[i], i)
}

// skipNumber steps over the number at data[i] (a digit or '-'), checking
// it: the common plain integers and decimals in one pass, anything else
// with validNumber.
func skipNumber(data []byte, i int) (int, error) {
	j := i
	if data[j] == '-' {
		j++
	}
	digits := j
	for j < len(data) && data[j] >= '0' && data[j] <= '9' {
		j++
	}
	if n := j - digits; n > 0 && n <= 15 && (j == len(data) || !numberByte[data[j]]) {
		return j, nil
	}
	end := numberEnd(data, i)
	if !validNumber(data[i:end]) {
		return 0, syntaxErr("bad number %q", data[i:end])
	}
	return end, nil
}

// parseDate reads soclab's date layout quickly and anything else ParseTime
// accepts, as Unix nanoseconds.
func parseDate(b []byte) (int64, bool) {
	if len(b) == 24 && b[4] == '-' && b[7] == '-' && b[10] == 'T' && b[13] == ':' && b[16] == ':' && b[19] == '.' && b[23] == 'Z' {
		if ns, ok := parseLayoutDate(b); ok {
			return ns, true
		}
	}
	t, err := ParseTime(string(b))
	if err != nil {
		return 0, false
	}
	return t.UnixNano(), true
}
