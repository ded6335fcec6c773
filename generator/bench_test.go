package generator

import (
	"context"
	"io"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// BenchmarkRun measures the whole generator writing NDJSON to io.Discard:
// the default organisation's busiest hours (08:00-12:00 UTC on a Monday).
// It reports events per second and allocations per event; run it with
// -cpu 1,2.
func BenchmarkRun(b *testing.B) {
	cfg := Config{Seed: 1, From: DefaultFrom.Add(8 * time.Hour), Duration: 4 * time.Hour}
	var events int64
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := cpuTime()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		w := event.NewWriter(io.Discard)
		_, sum, err := RunSummary(context.Background(), cfg, w, Options{})
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
		events += sum.Events
	}
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(events)/elapsed.Seconds(), "events/s")
	// On a shared machine the wall clock undercounts; CPU time does not.
	b.ReportMetric(float64(events)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(events), "allocs/event")
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
