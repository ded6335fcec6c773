package detectors

import (
	"strings"
	"time"

	"github.com/soclab/soclab/event"
)

// reorderSpan turns Options.ReorderWindow into nanoseconds of event time:
// zero is the default, negative turns the buffer off (0).
func reorderSpan(d time.Duration) int64 {
	switch {
	case d == 0:
		return int64(DefaultReorderWindow)
	case d < 0:
		return 0
	}
	return int64(d)
}

// pendingHit is a detection match waiting in the reorder buffer for the
// stream to move past it, so that correlations receive their hits in time
// order even when events arrive a little out of order.
type pendingHit struct {
	f    *feed
	g    *group    // the group, when it existed as the hit arrived (kept alive by its pending count)
	key  string    // otherwise the group key
	vals *[]string // and the group-by values when the key cannot be split back into them
	h    hit
}

// reorderBuffer holds pending hits sorted by time, equal times in arrival
// order, so that what it releases depends only on the input order.
type reorderBuffer struct {
	hits []pendingHit
	head int
}

// add inserts a hit after every held hit of its time or earlier.
func (b *reorderBuffer) add(p pendingHit) {
	b.hits = append(b.hits, p)
	i := len(b.hits) - 1
	for i > b.head && b.hits[i-1].h.t > p.h.t {
		b.hits[i] = b.hits[i-1]
		i--
	}
	b.hits[i] = p
}

// next returns the earliest held hit at or before until.
func (b *reorderBuffer) next(until int64) (pendingHit, bool) {
	if b.head == len(b.hits) || b.hits[b.head].h.t > until {
		return pendingHit{}, false
	}
	p := b.hits[b.head]
	b.hits[b.head] = pendingHit{}
	b.head++
	if b.head == len(b.hits) {
		b.hits, b.head = b.hits[:0], 0
	} else if b.head > 1024 && b.head*2 > len(b.hits) {
		n := copy(b.hits, b.hits[b.head:])
		clear(b.hits[n:])
		b.hits, b.head = b.hits[:n], 0
	}
	return p, true
}

// earliest is the time of the earliest held hit.
func (b *reorderBuffer) earliest() (int64, bool) {
	if b.head == len(b.hits) {
		return 0, false
	}
	return b.hits[b.head].h.t, true
}

// hold puts a match for a correlation into the reorder buffer (or, with
// the buffer off, straight into the correlation). A match older than what
// the correlations have already been given is too late: it is counted and
// still fed, as an unbuffered stream would.
func (e *Engine) hold(f *feed, key string, h hit, c *evalCtx) {
	if e.reorder == 0 {
		g := f.c.groups[key]
		if g == nil {
			key = e.keyArena.clone(key)
			var buf [2]string
			vals, _ := e.groupVals(c, f.groupSlots, key, buf[:0])
			g = f.c.newGroup(key, vals)
		}
		f.c.addTo(g, h)
		return
	}
	if h.t < e.corrTime {
		e.lateHits++
	}
	// The hit's value (and a one-string key) are the event's own strings,
	// which stay valid as long as anything refers to them; a key built in
	// the engine's scratch buffer is copied.
	p := pendingHit{f: f, h: h}
	if g := f.c.groups[key]; g != nil {
		p.g = g
		g.pending++
	} else {
		p.key = key
		if n := len(f.groupSlots); n > 1 || !isString(c.ref(f.groupSlots[0])) {
			p.key = e.keyArena.clone(key)
		}
		if n := len(f.groupSlots); n > 1 && strings.Count(key, "\x00") != n-1 {
			vals, _ := slotValues(c, f.groupSlots)
			p.vals = &vals
		}
	}
	h.ev.hold()
	e.buffered.add(p)
}

// feedHeld hands a released hit to its correlation.
func (e *Engine) feedHeld(p pendingHit) {
	g := p.g
	if g != nil {
		g.pending--
	} else if g = p.f.c.groups[p.key]; g == nil {
		var vals []string
		if p.vals != nil {
			vals = *p.vals
		} else {
			var buf [2]string
			vals = splitKey(p.key, len(p.f.groupSlots), buf[:0])
		}
		g = p.f.c.newGroup(e.keyArena.clone(p.key), vals)
	}
	p.f.c.addTo(g, p.h)
	e.evPool.release(p.h.ev)
}

// splitKey turns a group key back into its n values.
func splitKey(key string, n int, buf []string) []string {
	for range n - 1 {
		i := strings.IndexByte(key, 0)
		buf = append(buf, key[:i])
		key = key[i+1:]
	}
	return append(buf, key)
}

// Late reports how many events arrived later than the reorder window
// allows (older than the newest event by more than the window) and how
// many of those matched a rule a correlation counts: such matches may be
// missed by temporal_ordered and windowed counts.
func (e *Engine) Late() (events, hits int64) { return e.lateEvents, e.lateHits }

func isString(v *event.Value) bool { return v != nil && v.Kind() == event.KindString }
