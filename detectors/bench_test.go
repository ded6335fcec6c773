package detectors

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// benchEvents returns NDJSON for benchmarks: the file named by
// SOCLAB_BENCH_EVENTS, or the generated sample of the end-to-end test.
func benchEvents(b *testing.B) []byte {
	path := os.Getenv("SOCLAB_BENCH_EVENTS")
	if path == "" {
		b.Skip("set SOCLAB_BENCH_EVENTS to an NDJSON file (soclab generate --seed 7 --out FILE)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// cpuTime is the process's user and system time so far; on a shared
// machine it measures the work better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds events per CPU-second and CPU nanoseconds per event.
func reportCPU(b *testing.B, cpu time.Duration, events int64) {
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(events), "cpu-ns/event")
	b.ReportMetric(float64(events)/cpu.Seconds(), "events/cpu-s")
}

// discardAlerts is the options of benchmarks, which drop the alerts.
var discardAlerts = Options{OnAlert: func(*Alert) {}}

// bundledEngine compiles the bundled rule pack with opts.
func bundledEngine(tb testing.TB, opts Options) *Engine {
	tb.Helper()
	rules, err := Bundled()
	if err != nil {
		tb.Fatal(err)
	}
	if os.Getenv("SOCLAB_BENCH_NO_REORDER") != "" {
		opts.ReorderWindow = -1 // measure the engine without its reorder buffer
	}
	if d, err := time.ParseDuration(os.Getenv("SOCLAB_BENCH_REORDER")); err == nil {
		opts.ReorderWindow = d
	}
	eng, err := Compile(rules, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return eng
}

// BenchmarkStreamNDJSON measures the whole path from NDJSON bytes to
// alerts through the bundled pack, with one and two decoders.
func BenchmarkStreamNDJSON(b *testing.B) {
	data := benchEvents(b)
	lines := int64(bytes.Count(data, []byte{'\n'}))
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				eng := bundledEngine(b, discardAlerts)
				if _, err := Stream(bytes.NewReader(data), "bench", eng, StreamOptions{Workers: workers}); err != nil {
					b.Fatal(err)
				}
				eng.Close()
			}
			reportCPU(b, cpuTime()-cpu0, lines*int64(b.N))
			b.ReportMetric(float64(lines*int64(b.N))/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkEngineInMemory measures evaluation alone: events already
// decoded (every field) in memory, through the bundled pack. As with the
// generator feeding the engine, events are hot in cache: a working set of
// 512 events (about the size of a cache) is replayed, re-stamped to move
// forward in time each pass.
func BenchmarkEngineInMemory(b *testing.B) {
	// The generator's keys are constants shared by every event; hotEvents
	// shares them too, or the benchmark measures cache misses on key strings.
	hot := newHotSet(b, 512)
	const passes = 400
	runtime.GC()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		eng := bundledEngine(b, discardAlerts)
		for p := range passes {
			for i := range hot.events {
				eng.Write(hot.at(i, p))
			}
		}
		eng.Close()
	}
	n := int64(len(hot.events) * passes * b.N)
	reportCPU(b, cpuTime()-cpu0, n)
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkCorrelationState streams a week of authentication failures from
// ever-new addresses through the bundled pack and reports the peak heap,
// which stays flat because windows expire what their timespans no longer
// need.
func BenchmarkCorrelationState(b *testing.B) {
	const n = 600_000 // one event a second for a week
	for b.Loop() {
		eng := bundledEngine(b, discardAlerts)
		e := &event.Event{}
		var peak uint64
		var ms runtime.MemStats
		peakGroups := 0
		for i := range n {
			e.Reset()
			e.Add(event.KeyTimestamp, event.Time(testBase.Add(time.Duration(i)*time.Second)))
			e.Add(event.KeyID, event.String(strconv.Itoa(i)))
			e.Add(event.KeyDataset, event.String(event.DatasetVPN))
			e.Add("event.category", event.Strings("authentication"))
			e.Add("event.outcome", event.String("failure"))
			e.Add("user.name", event.String("u"+strconv.Itoa(i%500)))
			e.Add("source.ip", event.String("198.51."+strconv.Itoa(i/256%256)+"."+strconv.Itoa(i%256)))
			e.Add("related.ip", event.Strings("198.51."+strconv.Itoa(i/256%256)+"."+strconv.Itoa(i%256)))
			eng.Write(e)
			if i%50_000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				g, _ := eng.StateSize()
				peakGroups = max(peakGroups, g)
			}
		}
		eng.Close()
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(peakGroups), "peak-groups")
	}
}

// BenchmarkDecode compares decoding the fields the bundled pack reads with
// event.Scanner (as Stream uses it) and with event.Decoder.Only.
func BenchmarkDecode(b *testing.B) {
	data := benchEvents(b)
	lines := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})
	if len(lines) > 20000 {
		lines = lines[:20000]
	}
	fields := bundledEngine(b, discardAlerts).Fields()
	var e event.Event
	b.Run("scanner", func(b *testing.B) {
		sc := event.NewScanner(fields)
		var arena event.ScanArena
		sc.UseArena(&arena)
		var dec event.Decoder
		dec.Only(fields)
		cpu0 := cpuTime()
		for b.Loop() {
			for _, l := range lines {
				arena.Reset()
				if err := decodeLine(sc, &dec, l, &e); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportCPU(b, cpuTime()-cpu0, int64(len(lines)*b.N))
	})
	b.Run("event.Decoder", func(b *testing.B) {
		var dec event.Decoder
		dec.Only(fields)
		cpu0 := cpuTime()
		for b.Loop() {
			for _, l := range lines {
				if err := dec.Decode(l, &e); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportCPU(b, cpuTime()-cpu0, int64(len(lines)*b.N))
	})
}
