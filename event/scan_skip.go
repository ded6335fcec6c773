package event

import (
	"math/bits"

	"github.com/soclab/soclab/event/internal/unsafex"
)

// skipValue steps over any JSON value at data[i] (a member of an object at
// the given depth), checking its structure as strictly as the rest of the
// scanner. It is the scanner's hot loop: most of a wide event is skipped.
// Nested containers are walked by a small state machine (value, after a
// value, key) rather than by recursion; strings, the most common tokens,
// are stepped over eight bytes at a time, and compact JSON (no blanks
// around ':' and ',') takes the shortest path.
func skipValue(data []byte, i, depth int) (int, error) {
	if c := data[i]; c != '{' && c != '[' {
		return skipScalar(data, i)
	}
	n := len(data)
	var objects uint64 // bit l: the container open at level l is an object
	level := -1
	key := false // the string being skipped is a member's key
	var err error
	var c byte
	var j int

value: // a value starts at data[i]
	if i >= n {
		return 0, syntaxErr("unexpected end of the document")
	}
	c = data[i]
	if c == '"' {
		goto str
	}
	if c == '{' || c == '[' {
		if level++; depth+level >= maxScanDepth {
			return 0, syntaxErr("values nested deeper than %d", maxScanDepth)
		}
		objects = objects&^(1<<level) | uint64(c>>5&1)<<level // '{' has bit 5 set, '[' not
		i = skipWS(data, i+1)
		if i < n && data[i] == c+2 { // the closing } or ]
			i++
			level--
			goto after
		}
		if c == '{' {
			goto key
		}
		goto value
	}
	if c-'0' < 10 {
		// The common plain integer, as skipNumber's fast path.
		for j = i + 1; j < n && data[j]-'0' < 10; j++ {
		}
		if j-i <= 15 && (j == n || !numberByte[data[j]]) {
			i = j
			goto after
		}
	}
	if i, err = skipScalar(data, i); err != nil {
		return 0, err
	}
	goto after

key: // a member's key starts at data[i]
	if i >= n {
		return 0, syntaxErr("unexpected end of the document")
	}
	if data[i] != '"' {
		return 0, syntaxErr("expected a key at offset %d", i)
	}
	key = true

str: // the string at data[i]
	j = i + 1
	for {
		if j+8 <= n {
			m := specialBytes(unsafex.Load64(data, j))
			if m == 0 {
				j += 8
				continue
			}
			j += bits.TrailingZeros64(m) >> 3
		} else {
			for j < n && !stringSpecial[data[j]] {
				j++
			}
			if j >= n {
				return 0, stringErr(data, i)
			}
		}
		if c = data[j]; c == '"' {
			break
		}
		if c != '\\' {
			return 0, stringErr(data, i)
		}
		j += 2
	}
	i = j + 1
	if key {
		key = false
		if i < n && data[i] == ':' {
			i++
		} else if i = skipWS(data, i); i < n && data[i] == ':' {
			i++
		} else {
			return 0, syntaxErr("expected ':' at offset %d", i)
		}
		if i < n && data[i] > ' ' {
			goto value
		}
		i = skipWS(data, i)
		goto value
	}

after: // a value ended at data[i]: a separator, or the end of containers
	if level < 0 {
		return i, nil
	}
	if i < n && data[i] <= ' ' {
		i = skipWS(data, i)
	}
	if i >= n {
		return 0, syntaxErr("unexpected end of the document")
	}
	c = data[i]
	if c == ',' {
		i++
		if i < n && data[i] <= ' ' {
			i = skipWS(data, i)
		}
		if objects>>level&1 == 1 {
			goto key
		}
		goto value
	}
	if obj := objects>>level&1 == 1; obj && c == '}' || !obj && c == ']' {
		i++
		level--
		goto after
	}
	return 0, syntaxErr("expected ',' or the end of a container at offset %d", i)
}
