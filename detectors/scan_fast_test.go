package detectors

import (
	"strconv"
	"strings"
	"testing"
)

// TestSimpleNumber checks that the fast path only accepts numbers
// strconv.ParseFloat accepts.
func TestSimpleNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "12", "-3.25", "123456789012345", "1.", ".5", "-", "1.2.3", "1e5", "--1", "1-2", "1234567890123456", "+1", "-.5"} {
		_, err := strconv.ParseFloat(s, 64)
		if simpleNumber([]byte(s)) && err != nil {
			t.Errorf("simpleNumber(%q) accepts what ParseFloat rejects", s)
		}
	}
	for _, s := range []string{"0", "-12", "3.25", "123456789012345"} {
		if !simpleNumber([]byte(s)) {
			t.Errorf("simpleNumber(%q) = false", s)
		}
	}
}

// TestStringSpan checks the eight-bytes-at-a-time scan against every
// position of a quote, backslash and control character.
func TestStringSpan(t *testing.T) {
	for n := 0; n < 20; n++ {
		for _, stop := range []string{`"`, `\"x"`, "\x01\"", `\\"`} {
			body := strings.Repeat("a", n)
			doc := `"` + body + stop + `   `
			_, end, esc, err := stringSpan([]byte(doc), 0)
			switch stop {
			case `"`:
				if err != nil || end != n+1 || esc {
					t.Errorf("%q: end %d esc %v err %v", doc, end, esc, err)
				}
			case `\"x"`:
				if err != nil || end != n+4 || !esc {
					t.Errorf("%q: end %d esc %v err %v", doc, end, esc, err)
				}
			case "\x01\"":
				if err == nil || !strings.Contains(err.Error(), "offset "+strconv.Itoa(n+1)) {
					t.Errorf("%q: err %v", doc, err)
				}
			case `\\"`:
				if err != nil || end != n+3 || !esc {
					t.Errorf("%q: end %d esc %v err %v", doc, end, esc, err)
				}
			}
		}
		if _, _, _, err := stringSpan([]byte(`"`+strings.Repeat("b", n)), 0); err == nil {
			t.Errorf("unterminated string of %d bytes accepted", n)
		}
	}
}
