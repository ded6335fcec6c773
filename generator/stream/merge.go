package stream

import (
	"container/heap"
	"context"
	"time"

	"github.com/soclab/soclab/event"
)

// Source is one time-ordered activity source. Peek reports the time of the
// next event (ok false when the source is exhausted); Emit builds that event
// into e (reusing its storage) and advances. A Source must yield events in
// non-decreasing time.
type Source interface {
	Peek() (t time.Time, ok bool)
	Emit(e *event.Event)
}

// Merge drains sources into sink in time order. Ties go to the source listed
// first, so the order is deterministic. It holds one pending position per
// source, whatever the volume. each, when set, is called after every event
// written (for progress and metrics); it must be cheap.
func Merge(ctx context.Context, sources []Source, sink event.Sink, each func(e *event.Event)) error {
	h := make(srcHeap, 0, len(sources))
	for i, s := range sources {
		if t, ok := s.Peek(); ok {
			h = append(h, entry{t: t, idx: i, src: s})
		}
	}
	heap.Init(&h)
	var e event.Event
	for n := 0; len(h) > 0; n++ {
		if n&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		top := &h[0]
		top.src.Emit(&e)
		if err := sink.Write(&e); err != nil {
			return err
		}
		if each != nil {
			each(&e)
		}
		if t, ok := top.src.Peek(); ok {
			top.t = t
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

type entry struct {
	t   time.Time
	idx int
	src Source
}

type srcHeap []entry

func (h srcHeap) Len() int { return len(h) }
func (h srcHeap) Less(i, j int) bool {
	if h[i].t.Equal(h[j].t) {
		return h[i].idx < h[j].idx
	}
	return h[i].t.Before(h[j].t)
}
func (h srcHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *srcHeap) Push(x any)   { *h = append(*h, x.(entry)) }
func (h *srcHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Events is a Source over events built in advance and sorted by time, as an
// attack scenario produces them.
type Events struct {
	evs []*event.Event
	i   int
}

// NewEvents returns a Source over evs, which must be sorted by @timestamp.
func NewEvents(evs []*event.Event) *Events { return &Events{evs: evs} }

// Peek implements Source.
func (s *Events) Peek() (time.Time, bool) {
	if s.i >= len(s.evs) {
		return time.Time{}, false
	}
	return s.evs[s.i].Time(), true
}

// Emit implements Source.
func (s *Events) Emit(e *event.Event) {
	e.Fields = append(e.Fields[:0], s.evs[s.i].Fields...)
	s.i++
}
