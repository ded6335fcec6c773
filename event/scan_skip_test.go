package event

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// spaced returns line with blanks around every structural byte outside
// strings, which must not change how it scans.
func spaced(line []byte) []byte {
	var out []byte
	in, esc := false, false
	for _, c := range line {
		switch {
		case in:
			out = append(out, c)
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				in = false
			}
		case c == '"':
			out = append(out, c)
			in = true
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',':
			out = append(out, " \t"...)
			out = append(out, c)
			out = append(out, "\r\n "...)
		default:
			out = append(out, c)
		}
	}
	return out
}

// TestScanBlanks checks that the compact-JSON shortcuts of the skipping
// and member loops read blank-separated JSON the same: an accepted line
// still decodes to the same fields with blanks added, and a malformed one
// stays refused.
func TestScanBlanks(t *testing.T) {
	lines := [][]byte{Marshal(sample())}
	for _, c := range scanCases {
		lines = append(lines, []byte(c.line))
	}
	r := rand.New(rand.NewPCG(9, 10))
	for range 5000 {
		lines = append(lines, randomLine(r))
	}
	s := NewScanner(scanKeys)
	accepted := 0
	for _, line := range lines {
		var a, b Event
		errA := s.Scan(line, &a)
		wide := spaced(line)
		errB := s.Scan(wide, &b)
		switch {
		case errA == nil:
			accepted++
			if errB != nil {
				t.Fatalf("%q accepted but %q: %v", line, wide, errB)
			}
			if x, y := string(Marshal(&a)), string(Marshal(&b)); x != y {
				t.Fatalf("%q: %s\nwith blanks: %s", line, x, y)
			}
			checkScan(t, scanKeys, wide)
		case errors.Is(errA, ErrSyntax) && errB == nil:
			t.Fatalf("%q refused (%v) but accepted with blanks", line, errA)
		}
	}
	if accepted < len(lines)/4 {
		t.Fatalf("only %d of %d lines accepted", accepted, len(lines))
	}
}
