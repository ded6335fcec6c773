package detectors

import (
	"bytes"
	"os"
	"runtime"
	"testing"

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

func bundledEngine(b *testing.B) *Engine {
	rules, err := Bundled()
	if err != nil {
		b.Fatal(err)
	}
	eng, err := Compile(rules, Options{OnAlert: func(*Alert) {}})
	if err != nil {
		b.Fatal(err)
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
			for b.Loop() {
				eng := bundledEngine(b)
				if _, err := Stream(bytes.NewReader(data), "bench", eng, StreamOptions{Workers: workers}); err != nil {
					b.Fatal(err)
				}
				eng.Close()
			}
			b.ReportMetric(float64(lines*int64(b.N))/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkEngineInMemory measures evaluation alone: events already
// decoded (every field) in memory, through the bundled pack.
func BenchmarkEngineInMemory(b *testing.B) {
	data := benchEvents(b)
	var events []*event.Event
	r := event.NewReader(bytes.NewReader(data), "bench")
	for {
		e, err := r.Next()
		if err != nil {
			break
		}
		events = append(events, e.Clone())
	}
	runtime.GC()
	b.ReportAllocs()
	for b.Loop() {
		eng := bundledEngine(b)
		for _, e := range events {
			eng.Write(e)
		}
		eng.Close()
	}
	b.ReportMetric(float64(len(events)*b.N)/b.Elapsed().Seconds(), "events/s")
}
