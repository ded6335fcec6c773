package query

import (
	"context"
	"os"
	"testing"
)

// BenchmarkNDJSONFile runs the WHERE + STATS BY benchmark query over the
// NDJSON file named by SOCLAB_BENCH_NDJSON (e.g. a generated 1M-event
// file), skipping when it is unset.
func BenchmarkNDJSONFile(b *testing.B) {
	path := os.Getenv("SOCLAB_BENCH_NDJSON")
	if path == "" {
		b.Skip("SOCLAB_BENCH_NDJSON not set")
	}
	b.ReportAllocs()
	for b.Loop() {
		fb := &FileBackend{Path: path}
		if _, err := fb.Query(context.Background(), benchWhereStats); err != nil {
			b.Fatal(err)
		}
	}
}
