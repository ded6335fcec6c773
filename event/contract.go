package event

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The NDJSON reading contract. Every command that reads events (detect,
// query, search, es ingest and es load, through Decoder and Scanner) applies
// CheckLine to each line, so that they all accept and refuse the same
// documents, and refuse what Elasticsearch would refuse to index:
//
//   - a line is one JSON object (RFC 8259), valid UTF-8, nested at most
//     MaxDepth deep;
//   - no object has the same key twice (Elasticsearch's parser rejects
//     duplicate fields);
//   - numbers are finite doubles: NaN and Infinity are not JSON, and a
//     number out of the double range (1e400) is refused, not read as
//     infinity;
//   - strings hold no lone UTF-16 surrogate escape (\ud800 without its
//     pair): it has no UTF-8 encoding;
//   - a field whose last name is ip or ends in _ip (source.ip, related.ip,
//     dns.resolved_ip: every ECS field of type ip) holds IPv4 or IPv6
//     addresses (strings netip.ParseAddr accepts, without zone), or null.
//
// docs/telemetry.md ("Reading events") says the same for users.

// MaxDepth is the deepest nesting of objects and arrays CheckLine accepts.
const MaxDepth = 64

// CheckLine applies the reading contract to one NDJSON line. Its errors
// wrap ErrSyntax and name the field.
//
// Most lines are plain (no escapes, no exponents, few keys): quickAccept
// proves them acceptable in one cheap pass, and only the others take the
// full check, which also words every refusal.
func CheckLine(line []byte) error {
	if quickAccept(line) {
		return nil
	}
	return checkLineFull(line)
}

// checkLineFull is the contract itself, on any line.
func checkLineFull(line []byte) error {
	c := contracts.Get().(*contract)
	c.b, c.keys, c.stack = line, c.keys[:0], c.stack[:0]
	defer func() {
		c.b = nil
		clear(c.keys[:cap(c.keys)])
		clear(c.stack[:cap(c.stack)])
		contracts.Put(c)
	}()
	i := skipWS(line, 0)
	if i >= len(line) || line[i] != '{' {
		return syntaxErr("a document must be a JSON object")
	}
	if !utf8.Valid(line) {
		return syntaxErr("the line is not valid UTF-8")
	}
	i, err := c.value(i, 0, false)
	if err != nil {
		return err
	}
	if i = skipWS(line, i); i != len(line) {
		return syntaxErr("unexpected %q after the document at offset %d", line[i], i)
	}
	return nil
}

// contracts reuses CheckLine's buffers: checking a line allocates nothing.
var contracts = sync.Pool{New: func() any { return &contract{} }}

// contract is CheckLine's state: the line and the dotted path of the value
// being read (for messages and the ip rule).
type contract struct {
	b     []byte
	stack [][]byte // the keys leading to the value being read
	keys  [][]byte // the keys of the objects being read, stacked
}

func (c *contract) fail(format string, args ...any) error {
	if len(c.stack) > 0 {
		return syntaxErr("field %q: %s", bytes.Join(c.stack, []byte(".")), fmt.Sprintf(format, args...))
	}
	return syntaxErr(format, args...)
}

// value checks the value at b[i]; ip says the field holds addresses.
func (c *contract) value(i, depth int, ip bool) (int, error) {
	if depth > MaxDepth {
		return 0, c.fail("nested more than %d deep", MaxDepth)
	}
	b := c.b
	if i >= len(b) {
		return 0, c.fail("unexpected end of the line")
	}
	switch b[i] {
	case '{':
		return c.object(i, depth)
	case '[':
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			if i, err = c.value(skipWS(b, i), depth+1, ip); err != nil {
				return 0, err
			}
			i = skipWS(b, i)
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			if i < len(b) && b[i] == ']' {
				return i + 1, nil
			}
			return 0, c.fail("expected , or ] in an array at offset %d", i)
		}
	case '"':
		s, end, err := c.str(i)
		if err != nil {
			return 0, err
		}
		if ip {
			if a, err := netip.ParseAddr(bstr(s)); err != nil || a.Zone() != "" {
				return 0, c.fail("%q is not an IP address", s)
			}
		}
		return end, nil
	case 't':
		return c.literal(i, "true", ip)
	case 'f':
		return c.literal(i, "false", ip)
	case 'n':
		return c.literal(i, "null", false)
	}
	if b[i] == '-' || b[i] >= '0' && b[i] <= '9' {
		j := numberEnd(b, i+1)
		num := b[i:j]
		if !jsonNumber(num) {
			return 0, c.fail("%q is not a JSON number", num)
		}
		// Without an exponent, a number of fewer than 309 digits is a
		// finite double; only the others need parsing.
		if len(num) >= 300 || bytes.ContainsAny(num, "eE") {
			if _, err := strconv.ParseFloat(bstr(num), 64); err != nil {
				return 0, c.fail("%s is out of the range of a double", num)
			}
		}
		if ip {
			return 0, c.fail("%s is not an IP address", num)
		}
		return j, nil
	}
	if bytes.HasPrefix(b[i:], []byte("NaN")) || bytes.HasPrefix(b[i:], []byte("Infinity")) {
		return 0, c.fail("NaN and Infinity are not JSON numbers")
	}
	return 0, c.fail("unexpected %q at offset %d", b[i], i)
}

func (c *contract) literal(i int, lit string, ip bool) (int, error) {
	if !bytes.HasPrefix(c.b[i:], []byte(lit)) {
		return 0, c.fail("unexpected %q at offset %d", c.b[i], i)
	}
	if ip {
		return 0, c.fail("%s is not an IP address", lit)
	}
	return i + len(lit), nil
}

// object checks the object at b[i]: its keys are distinct.
func (c *contract) object(i, depth int) (int, error) {
	b := c.b
	first := len(c.keys)
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	var seen map[string]bool // past a few keys, a set (a hostile line may hold 100k)
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, c.fail("expected a key at offset %d", i)
		}
		key, end, err := c.str(i)
		if err != nil {
			return 0, err
		}
		dup := false
		if seen != nil {
			dup = seen[string(key)]
			seen[string(key)] = true
		} else {
			for _, k := range c.keys[first:] {
				if len(k) == len(key) && (len(k) == 0 || k[0] == key[0] && k[len(k)-1] == key[len(k)-1]) && bytes.Equal(k, key) {
					dup = true
				}
			}
			c.keys = append(c.keys, key)
			if len(c.keys)-first > 64 {
				seen = map[string]bool{}
				for _, k := range c.keys[first:] {
					seen[string(k)] = true
				}
			}
		}
		if dup {
			c.stack = append(c.stack, key)
			return 0, c.fail("the key is given twice in one object")
		}
		i = skipWS(b, end)
		if i >= len(b) || b[i] != ':' {
			return 0, c.fail("expected : after a key at offset %d", i)
		}
		c.stack = append(c.stack, key)
		if i, err = c.value(skipWS(b, i+1), depth+1, ipName(key)); err != nil {
			return 0, err
		}
		c.stack = c.stack[:len(c.stack)-1]
		i = skipWS(b, i)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
			continue
		}
		if i < len(b) && b[i] == '}' {
			c.keys = c.keys[:first]
			return i + 1, nil
		}
		return 0, c.fail("expected , or } in an object at offset %d", i)
	}
}

// ipName reports whether a key's last name (after its last dot: a key
// "source.ip" is the path source → ip) marks an ip field.
func ipName(key []byte) bool {
	if dot := bytes.LastIndexByte(key, '.'); dot >= 0 {
		key = key[dot+1:]
	}
	return string(key) == "ip" || bytes.HasSuffix(key, []byte("_ip"))
}

// str checks the string at b[i] and returns its content (unescaped only
// when it has escapes) and the offset after it. The line's UTF-8 was
// checked as a whole.
func (c *contract) str(i int) ([]byte, int, error) {
	end, esc := stringEnd(c.b, i)
	if end < 0 {
		return nil, 0, c.fail("%v", stringErr(c.b, i))
	}
	if !esc {
		return c.b[i+1 : end], end + 1, nil
	}
	s, err := c.unescape(c.b[i+1 : end])
	return s, end + 1, err
}

// unescape decodes a string's escapes (appendUnescaped, the scanner's
// rule), refusing lone surrogates, and words the escape it refuses.
func (c *contract) unescape(s []byte) ([]byte, error) {
	out, bad := appendUnescaped(make([]byte, 0, len(s)), s)
	if bad < 0 {
		return out, nil
	}
	k := bad + 1
	switch {
	case k >= len(s):
		return nil, c.fail("a string ends in a backslash")
	case s[k] != 'u':
		return nil, c.fail("a bad escape \\%c in a string", s[k])
	}
	r, ok := hex4(s[k+1:])
	if !ok {
		return nil, c.fail("a bad \\u escape in a string")
	}
	return nil, c.fail("a lone UTF-16 surrogate (\\u%04x) in a string", r)
}

// jsonNumber reports whether num follows JSON's number grammar.
func jsonNumber(num []byte) bool {
	k := 0
	if k < len(num) && num[k] == '-' {
		k++
	}
	if k >= len(num) {
		return false
	}
	if num[k] == '0' {
		k++
	} else if num[k] >= '1' && num[k] <= '9' {
		for k < len(num) && num[k] >= '0' && num[k] <= '9' {
			k++
		}
	} else {
		return false
	}
	if k < len(num) && num[k] == '.' {
		k++
		d := k
		for k < len(num) && num[k] >= '0' && num[k] <= '9' {
			k++
		}
		if k == d {
			return false
		}
	}
	if k < len(num) && (num[k] == 'e' || num[k] == 'E') {
		k++
		if k < len(num) && (num[k] == '+' || num[k] == '-') {
			k++
		}
		d := k
		for k < len(num) && num[k] >= '0' && num[k] <= '9' {
			k++
		}
		if k == d {
			return false
		}
	}
	return k == len(num)
}
