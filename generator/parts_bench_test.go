package generator

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// nullSink drops every event: it measures building events alone, the path
// answer keys take (events go to in-memory detectors, not to an encoder).
type nullSink struct{}

func (nullSink) Write(*event.Event) error { return nil }
func (nullSink) Close() error             { return nil }

// BenchmarkBuild measures the generator without encoding: the busiest hour
// of the default organisation into a sink that drops every event.
func BenchmarkBuild(b *testing.B) {
	cfg := Config{Seed: 1, From: DefaultFrom.Add(9 * time.Hour), Duration: time.Hour}
	var events int64
	cpu0 := cpuTime()
	for b.Loop() {
		_, sum, err := RunSummary(context.Background(), cfg, nullSink{}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		events += sum.Events
	}
	b.ReportMetric(float64(events)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
}

// BenchmarkEncode measures the NDJSON encoder alone on the events of the
// busiest hour, kept in memory.
func BenchmarkEncode(b *testing.B) {
	cfg := Config{Seed: 1, From: DefaultFrom.Add(9 * time.Hour), Duration: 15 * time.Minute}
	var c event.Collector
	if _, err := Run(context.Background(), cfg, &c, Options{}); err != nil {
		b.Fatal(err)
	}
	var events int64
	cpu0 := cpuTime()
	for b.Loop() {
		w := event.NewWriter(io.Discard)
		for _, e := range c.Events {
			if err := w.Write(e); err != nil {
				b.Fatal(err)
			}
		}
		w.Close()
		events += int64(len(c.Events))
	}
	b.ReportMetric(float64(events)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
}
