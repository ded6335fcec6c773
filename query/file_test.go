package query

import (
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestFileBackendCompressed reads a gzip NDJSON file as iofile opens it.
func TestFileBackendCompressed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.ndjson.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(`{"@timestamp":"2026-03-02T10:00:00Z","event":{"id":"a","dataset":"system.auth","outcome":"failure"}}` + "\n" +
		`{"@timestamp":"2026-03-02T10:00:01Z","event":{"id":"b","dataset":"system.auth","outcome":"success"}}` + "\n"))
	zw.Close()
	f.Close()
	res, err := (&FileBackend{Path: path}).Query(context.Background(), `FROM logs-system.auth-* | WHERE event.outcome == "failure" | KEEP event.id`)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Values) != 1 || res.Values[0][0] != "a" {
		t.Fatalf("got %v", res.Values)
	}
}
