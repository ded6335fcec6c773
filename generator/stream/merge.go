package stream

import (
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
			h = append(h, entry{t: t.UnixNano(), idx: i, src: s})
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
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
			top.t = t.UnixNano()
		} else {
			last := len(h) - 1
			h[0] = h[last]
			h[last] = entry{}
			h = h[:last]
		}
		h.down(0)
	}
	return nil
}

// entry is a source and the time of its next event, as Unix nanoseconds
// (time.Time compares slower).
type entry struct {
	t   int64
	idx int
	src Source
}

// srcHeap is a binary min-heap of sources by next time, then by index.
type srcHeap []entry

func (h srcHeap) less(i, j int) bool {
	return h[i].t < h[j].t || h[i].t == h[j].t && h[i].idx < h[j].idx
}

// down restores the heap order below i.
func (h srcHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
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
