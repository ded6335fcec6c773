package event

import (
	"math/bits"
	"net/netip"
	"unicode/utf8"

	"github.com/soclab/soclab/event/internal/unsafex"
)

// The reading contract's fast path. A line an event writer produced is
// plain: its keys and ip strings have no escapes (other strings only the
// simple ones), its numbers no exponent, its objects a few distinct keys,
// its nesting shallow. quickAccept walks such a line
// once, without recursion or allocation, and answers true only when the
// full check (checkLineFull) would accept it too; on anything it does not
// know for sure (an escape, an exponent, NaN, a key seen twice, a deep or
// very wide line, any error) it answers false and the full check decides
// and words the refusal. So CheckLine's verdicts and messages are the full
// check's; TestQuickAcceptAgrees and FuzzQuickAccept hold the two
// together.

const (
	// quickDepth bounds the nesting the fast path follows, well inside
	// MaxDepth.
	quickDepth = 16
	// quickKeys bounds the keys of the open objects the fast path keeps
	// for its duplicate check.
	quickKeys = 128
)

// quickAccept reports whether line certainly meets the reading contract;
// false means "not known".
func quickAccept(line []byte) bool {
	n := len(line)
	i := skipWS(line, 0)
	if i >= n || line[i] != '{' {
		return false
	}
	var (
		level   = -1   // the level of the innermost open container
		objects uint32 // bit l: the container at level l is an object
		ipArr   uint32 // bit l: the array at level l is an ip field's
		ip      bool   // the value being read is an ip field's
		high    uint64 // string bytes OR'ed: the high bits mark non-ASCII
		bloom   [quickDepth]uint64
		first   [quickDepth]uint8 // keys[first[l]:] are level l's keys
		keys    [quickKeys]uint64 // the open objects' keys: start<<32 | end
		nkeys   int
		c       byte
		j, end  int
		esc     bool
	)

value: // a value starts at line[i]
	if i >= n {
		return false
	}
	c = line[i]
	switch {
	case c == '"':
		if end, esc, high = quickString(line, i, high); end < 0 || esc && ip {
			return false
		}
		if ip {
			if a, err := netip.ParseAddr(bstr(line[i+1 : end])); err != nil || a.Zone() != "" {
				return false
			}
		}
		i = end + 1
		goto after
	case c == '{' || c == '[':
		if level++; level >= quickDepth {
			return false
		}
		if c == '{' {
			objects |= 1 << level
			bloom[level], first[level] = 0, uint8(nkeys)
		} else {
			objects &^= 1 << level
			ipArr = ipArr&^(1<<level) | b2u(ip)<<level
		}
		if i++; i < n && line[i] <= ' ' {
			i = skipWS(line, i)
		}
		if i < n && line[i] == c+2 { // the closing } or ]
			i++
			level--
			goto after
		}
		if c == '{' {
			goto key
		}
		goto value
	case c == '-' || c-'0' < 10:
		if ip {
			return false
		}
		// -?(0|[1-9][0-9]*)(\.[0-9]+)? and no exponent: a finite double.
		j = i
		if c == '-' {
			if j++; j >= n {
				return false
			}
		}
		if line[j] == '0' {
			j++
		} else if line[j]-'1' < 9 {
			for j++; j < n && line[j]-'0' < 10; j++ {
			}
		} else {
			return false
		}
		if j < n && line[j] == '.' {
			d := j + 1
			for j = d; j < n && line[j]-'0' < 10; j++ {
			}
			if j == d {
				return false
			}
		}
		if j < n && numberByte[line[j]] || j-i >= 300 {
			return false
		}
		i = j
		goto after
	case c == 'n':
		if n-i < 4 || bstr(line[i:i+4]) != "null" {
			return false
		}
		i += 4
		goto after
	case c == 't' && !ip:
		if n-i < 4 || bstr(line[i:i+4]) != "true" {
			return false
		}
		i += 4
		goto after
	case c == 'f' && !ip:
		if n-i < 5 || bstr(line[i:i+5]) != "false" {
			return false
		}
		i += 5
		goto after
	}
	return false

key: // a member's key starts at line[i]
	if i >= n || line[i] != '"' {
		return false
	}
	if end, esc, high = quickString(line, i, high); end < 0 || esc {
		return false
	}
	{
		// Distinct keys: a bloom filter of the object's keys by length
		// and end bytes, and on a hit a comparison with each.
		s := i + 1
		k := end - s
		bit := uint64(1) << ((uint(k) + uint(line[s])*7 + uint(line[end-1])*31) & 63)
		if bloom[level]&bit != 0 {
			key := line[s:end]
			for _, kv := range keys[first[level]:nkeys] {
				ks, ke := int(kv>>32), int(uint32(kv))
				if ke-ks == k && bstr(line[ks:ke]) == bstr(key) {
					return false
				}
			}
		}
		if nkeys == quickKeys {
			return false
		}
		bloom[level] |= bit
		keys[nkeys] = uint64(s)<<32 | uint64(end)
		nkeys++
		// ipName without escapes: the key ends in "ip" after a dot, an
		// underscore or nothing.
		ip = k >= 2 && line[end-1] == 'p' && line[end-2] == 'i' && (k == 2 || line[end-3] == '.' || line[end-3] == '_')
	}
	if i = end + 1; i < n && line[i] == ':' { // compact JSON
		if i++; i < n && line[i] > ' ' {
			goto value
		}
	} else if i = skipWS(line, i); i >= n || line[i] != ':' {
		return false
	} else {
		i++
	}
	i = skipWS(line, i)
	goto value

after: // a value ended at line[i]
	if level < 0 {
		if skipWS(line, i) != n {
			return false
		}
		return high&0x8080808080808080 == 0 || utf8.Valid(line)
	}
	if i < n && line[i] <= ' ' {
		i = skipWS(line, i)
	}
	if i >= n {
		return false
	}
	c = line[i]
	if objects>>level&1 == 1 {
		if c == ',' {
			if i++; i < n && line[i] <= ' ' {
				i = skipWS(line, i)
			}
			goto key
		}
		if c == '}' {
			nkeys = int(first[level])
			i++
			level--
			goto after
		}
		return false
	}
	if c == ',' {
		if i++; i < n && line[i] <= ' ' {
			i = skipWS(line, i)
		}
		ip = ipArr>>level&1 == 1
		goto value
	}
	if c == ']' {
		i++
		level--
		goto after
	}
	return false
}

// quickString returns the index of the closing quote of the string at
// line[i], and whether the string holds escapes; -1 when it holds a
// control character or an escape the fast path does not vouch for (a
// malformed one, or a \u escape of a surrogate), or does not end. high
// gathers the bytes read: their high bits say whether the line needs a
// UTF-8 check.
func quickString(line []byte, i int, high uint64) (int, bool, uint64) {
	// A short plain string (most keys and values) ends in its first word.
	if j := i + 1; j+8 <= len(line) {
		w := unsafex.Load64(line, j)
		if m := specialBytes(w); m != 0 {
			if j += bits.TrailingZeros64(m) >> 3; line[j] == '"' {
				return j, false, high | w
			}
		}
	}
	return quickStringSlow(line, i, high)
}

// quickStringSlow is quickString past the first word.
func quickStringSlow(line []byte, i int, high uint64) (int, bool, uint64) {
	j := i + 1
	esc := false
	for {
		for j+8 <= len(line) {
			w := unsafex.Load64(line, j)
			high |= w
			if m := specialBytes(w); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				goto special
			}
			j += 8
		}
		for ; j < len(line); j++ {
			high |= uint64(line[j])
			if stringSpecial[line[j]] {
				goto special
			}
		}
		return -1, esc, high
	special:
		switch line[j] {
		case '"':
			return j, esc, high
		case '\\':
			esc = true
			if j+1 >= len(line) {
				return -1, esc, high
			}
			switch line[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				// A \u escape of a BMP character; a surrogate's pair is
				// left to the full check.
				if r, ok := hex4(line[j+2:]); !ok || r >= 0xd800 && r <= 0xdfff {
					return -1, esc, high
				}
				j += 6
			default:
				return -1, esc, high
			}
		default:
			return -1, esc, high
		}
	}
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
