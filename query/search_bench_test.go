package query

import (
	"context"
	"testing"
)

// BenchmarkStoreSearchAll is the console's first Discover page: every
// event, the oldest 500 in time order.
func BenchmarkStoreSearchAll(b *testing.B) {
	dir := benchWorkspace(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		eng, err := OpenWorkspace(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := eng.Search(context.Background(), "@timestamp: *", SearchOptions{Limit: 500}); err != nil {
			b.Fatal(err)
		}
		eng.Close()
	}
}
