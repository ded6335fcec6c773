package detectors

import "time"

// reorderSpan turns Options.ReorderWindow into nanoseconds of event time:
// zero is the default, negative turns the tolerance off (0).
func reorderSpan(d time.Duration) int64 {
	switch {
	case d == 0:
		return int64(DefaultReorderWindow)
	case d < 0:
		return 0
	}
	return int64(d)
}

// hold feeds a match into a correlation. Correlations run the reorder
// window behind the newest event (Engine.corrTime) and keep each group's
// hits in time order (see correlation.push), which is what a reorder buffer
// in front of them would achieve, at no cost for a stream in order. A
// match older than the correlations' time is too late: it is counted and
// still fed.
func (e *Engine) hold(f *feed, key string, h hit, c *evalCtx) {
	if h.t < e.corrTime {
		e.lateHits++
	}
	g := f.c.groups[key]
	if g == nil {
		key = e.keyArena.clone(key)
		var buf [2]string
		vals, _ := e.groupVals(c, f.groupSlots, key, buf[:0])
		g = f.c.newGroup(key, vals)
	}
	f.c.addTo(g, h)
}

// Late reports how many events arrived later than the reorder window
// allows (older than the newest event by more than the window) and how
// many matches for correlations came later than that: such matches may be
// missed by temporal_ordered and windowed counts.
func (e *Engine) Late() (events, hits int64) { return e.lateEvents, e.lateHits }
