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

// hotSet is a working set of events replayed in passes, each pass moved
// forward in time past the previous one, so that windows keep sliding.
type hotSet struct {
	events []*event.Event
	stamps []int       // by event: the index of its @timestamp field
	base   []time.Time // by event: its original time
	span   time.Duration
}

func newHotSet(b *testing.B, n int) *hotSet {
	h := &hotSet{events: hotEvents(b, n)}
	first, last := h.events[0].Time(), h.events[len(h.events)-1].Time()
	h.span = last.Sub(first) + time.Second
	h.stamps = make([]int, len(h.events))
	h.base = make([]time.Time, len(h.events))
	for i, e := range h.events {
		for j, f := range e.Fields {
			if f.Key == event.KeyTimestamp {
				h.stamps[i] = j
			}
		}
		h.base[i] = e.Time()
	}
	return h
}

// at returns event i re-stamped for the given pass.
func (h *hotSet) at(i, pass int) *event.Event {
	e := h.events[i]
	e.Fields[h.stamps[i]].Val = event.Time(h.base[i].Add(time.Duration(pass) * h.span))
	return e
}

// BenchmarkEngineWrite is BenchmarkEngineInMemory per event, without
// compiling the pack in the loop: one op is one event evaluated, and the
// 512-event working set is re-stamped to move forward each pass.
func BenchmarkEngineWrite(b *testing.B) {
	hot := newHotSet(b, 512)
	eng := bundledEngine(b, discardAlerts)
	b.ReportAllocs()
	cpu0 := cpuTime()
	i, pass := 0, 0
	for b.Loop() {
		eng.Write(hot.at(i, pass))
		if i++; i == len(hot.events) {
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
		bundledEngine(b, discardAlerts)
	}
}
