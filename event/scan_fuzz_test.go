package event

import (
	"math/rand/v2"
	"testing"
)

// FuzzScan checks Scanner against Decoder.Only on any line: what the
// scanner accepts, the decoder accepts too and decodes to the same fields
// in the same order; what it refuses is left to the decoder or is a syntax
// error, and leaves nothing behind.
func FuzzScan(f *testing.F) {
	for _, c := range scanCases {
		f.Add([]byte(c.line))
	}
	f.Add(Marshal(sample()))
	r := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f.Add(randomLine(r))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if len(line) > 1<<16 {
			return
		}
		checkScan(t, scanKeys, line)
	})
}
