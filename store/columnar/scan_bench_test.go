package columnar

import (
	"bytes"
	"os"
	"testing"

	"github.com/soclab/soclab/event"
)

// BenchmarkFieldScanner scans (as LoadNDJSON does) the lines of the NDJSON file named by
// SOCLAB_BENCH_NDJSON (skipped when unset) for the fields of the WHERE +
// STATS BY benchmark query.
func BenchmarkFieldScanner(b *testing.B) {
	path := os.Getenv("SOCLAB_BENCH_NDJSON")
	if path == "" {
		b.Skip("SOCLAB_BENCH_NDJSON not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})
	sc := event.NewScanner(append([]string{"event.outcome", "user.name"}, indexKeys...))
	var arena event.ScanArena
	sc.UseArena(&arena)
	var e event.Event
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, ln := range lines {
			arena.Reset()
			if err := sc.Scan(ln, &e); err != nil {
				b.Fatal(err)
			}
		}
	}
}
