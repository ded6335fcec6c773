package detectors

import (
	"bytes"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// hotEvents loads the first n events of the benchmark sample, sharing key
// strings between events as the generator's constant keys are shared.
func hotEvents(b *testing.B, n int) []*event.Event {
	data := benchEvents(b)
	var events []*event.Event
	r := event.NewReader(bytes.NewReader(data), "bench")
	for len(events) < n {
		e, err := r.Next()
		if err != nil {
			break
		}
		events = append(events, e.Clone())
	}
	keys := map[string]string{}
	for _, e := range events {
		for j := range e.Fields {
			k := e.Fields[j].Key
			if c, ok := keys[k]; ok {
				e.Fields[j].Key = c
			} else {
				keys[k] = k
			}
		}
	}
	return events
}

// BenchmarkEngineWrite is BenchmarkEngineInMemory per event, without
// compiling the pack in the loop: one op is one event evaluated, and the
// 512-event working set is re-stamped to move forward each pass.
func BenchmarkEngineWrite(b *testing.B) {
	events := hotEvents(b, 512)
	first, last := events[0].Time(), events[len(events)-1].Time()
	span := last.Sub(first) + time.Second
	stamps := make([]int, len(events))
	base := make([]time.Time, len(events))
	for i, e := range events {
		for j, f := range e.Fields {
			if f.Key == event.KeyTimestamp {
				stamps[i] = j
			}
		}
		base[i] = e.Time()
	}
	eng := bundledEngine(b)
	b.ReportAllocs()
	cpu0 := cpuTime()
	i, pass := 0, 0
	for b.Loop() {
		e := events[i]
		e.Fields[stamps[i]].Val = event.Time(base[i].Add(time.Duration(pass) * span))
		eng.Write(e)
		if i++; i == len(events) {
			i, pass = 0, pass+1
		}
	}
	eng.Close()
	reportCPU(b, cpuTime()-cpu0, int64(b.N))
}

// BenchmarkCompileBundled measures compiling the bundled pack, which
// BenchmarkEngineInMemory pays once per op.
func BenchmarkCompileBundled(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		bundledEngine(b)
	}
}
