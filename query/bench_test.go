package query

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/columnar"
)

// benchEvents is the size of the benchmark workspace.
const benchEvents = 1_000_000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
	benchTemp string // a benchDir this process made, to remove at exit
)

// benchWorkspace builds (once per process) a workspace of benchEvents
// generated events: the column store and events.ndjson. Set
// SOCLAB_BENCH_DIR to keep it between runs (and to time the soclab binary
// on it: soclab query --dir $SOCLAB_BENCH_DIR ...).
func benchWorkspace(b *testing.B) string {
	benchOnce.Do(func() {
		benchDir = os.Getenv("SOCLAB_BENCH_DIR")
		if benchDir == "" {
			benchDir, benchErr = os.MkdirTemp("", "soclab-bench-")
			if benchErr != nil {
				return
			}
			benchTemp = benchDir // removed by TestMain: 1.8 GB a run otherwise
		}
		if _, err := os.Stat(filepath.Join(benchDir, columnar.StoreDir)); err == nil {
			return
		}
		benchErr = buildBenchWorkspace(benchDir)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func buildBenchWorkspace(dir string) error {
	out, err := os.Create(filepath.Join(dir, "events.ndjson"))
	if err != nil {
		return err
	}
	defer out.Close()
	nw := event.NewWriter(out)
	w, err := columnar.NewWriter(dir)
	if err != nil {
		return err
	}
	sink := event.Tee{nw, w.Table("events")}
	genEvents(benchEvents, 42, func(e *event.Event) {
		if err == nil {
			err = sink.Write(e)
		}
	})
	if err != nil {
		w.Abort()
		return err
	}
	if err := nw.Close(); err != nil {
		return err
	}
	return w.Close()
}

// Benchmark queries, named in the report.
const (
	benchWhereStats = `FROM logs-* | WHERE event.outcome == "failure" | STATS n = COUNT(*), users = COUNT_DISTINCT(user.name) BY event.dataset | SORT n DESC`
	benchLike       = `FROM logs-* | WHERE url.full LIKE "*/p/999/file99.exe" | KEEP @timestamp, user.name, url.full`
	benchHighCard   = `FROM logs-* | STATS n = COUNT(*) BY event.id | SORT n DESC | LIMIT 5`
	benchSSH        = `FROM logs-system.auth-* | WHERE event.outcome == "failure" | STATS attempts = COUNT(*), users = COUNT_DISTINCT(user.name) BY source.ip | SORT attempts DESC | LIMIT 10`
)

func benchStore(b *testing.B, q string) {
	dir := benchWorkspace(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		eng, err := OpenWorkspace(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := eng.Query(context.Background(), q); err != nil {
			b.Fatal(err)
		}
		eng.Close()
	}
}

func benchNDJSON(b *testing.B, q string) {
	dir := benchWorkspace(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fb := &FileBackend{Path: filepath.Join(dir, "events.ndjson")}
		if _, err := fb.Query(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoreWhereStats(b *testing.B)      { benchStore(b, benchWhereStats) }
func BenchmarkStoreSSHFailures(b *testing.B)     { benchStore(b, benchSSH) }
func BenchmarkStoreLikeScan(b *testing.B)        { benchStore(b, benchLike) }
func BenchmarkStoreHighCardinality(b *testing.B) { benchStore(b, benchHighCard) }
func BenchmarkNDJSONWhereStats(b *testing.B)     { benchNDJSON(b, benchWhereStats) }
