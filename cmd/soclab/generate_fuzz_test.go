package main

import (
	"strings"
	"testing"
)

// FuzzGenerateFlags feeds the parser of generate's --rate values: it must
// answer with a value or an error, never panic. (--duration is
// internal/duration's, fuzzed there.)
func FuzzGenerateFlags(f *testing.F) {
	for _, s := range []string{"24h", "3d", "90m", "-1h", "1.5d", "d", "dns=0.5", "soclab.firewall=0", "x", "=", "dns=NaN", "dns=1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 256 {
			t.Skip()
		}
		rates, err := parseRates([]string{s})
		if err == nil && len(rates) != 1 {
			t.Fatalf("%q: %v", s, rates)
		}
		if err == nil && !strings.Contains(s, "=") {
			t.Fatalf("%q accepted without =", s)
		}
	})
}
