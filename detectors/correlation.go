package detectors

import (
	"sort"
	"strings"

	"github.com/soclab/soclab/detectors/sigma"
)

// hit is one match fed into a correlation: a base event or a child
// correlation's firing.
type hit struct {
	t     int64
	src   int    // index of the source rule in the correlation's rules
	value string // value_count: the counted value
	ev    *evidence
	// extra holds the captured fields' values joined by NUL, when a
	// correlation chained on this one groups by fields this one does not.
	extra string
}

// feed connects a source rule to a correlation: where the correlation finds
// its group-by fields (and counted field) in that source's matches.
type feed struct {
	c          *correlation
	src        int
	groupSlots []int // a detection source: event slots
	valueSlots []int
	groupIdx   []int // a correlation source: indexes into its group values (negative: its captured fields)
	valueIdx   []int
	srcRule    *sigma.Rule // a detection source: the rule (its log source maps captured fields)
	extraSlots []int       // a detection source: slots of the fields c captures
}

// correlation is a compiled correlation rule and its live state: one group
// per distinct group-by key, each with the hits still inside the timespan.
type correlation struct {
	meta      *ruleMeta
	typ       string
	span      int64
	cond      *sigma.CountCondition
	nsrc      int
	groupBy   []string
	alerts    bool
	bounded   bool
	feeds     []*feed
	groups    map[string]*group
	free      []*group // emptied groups kept for reuse, up to maxFreeGroups
	nextSweep int64
	// low bounds the fire time of any alert this correlation can still
	// raise (from its open episodes and windows), as of its last sweep.
	low int64
	eng *Engine
	// captured are fields a correlation chained on this one groups by and
	// this one does not: each hit carries their values (hit.extra), read
	// through detFeeds, the feeds from its detection rules.
	captured []string
	detFeeds []*feed
}

// capture adds a field to capture and returns its index.
func (c *correlation) capture(field string) int {
	for i, f := range c.captured {
		if f == field {
			return i
		}
	}
	c.captured = append(c.captured, field)
	return len(c.captured) - 1
}

// group is the state of one group-by key.
type group struct {
	key      string
	vals     []string
	hits     []hit // time-ordered; hits[head:] are live
	head     int
	distinct *valueCounts // value_count: the counted values in the window
	perSrc   []int
	anchor   int64 // bounded conditions: start of the current window
	ep       *episode
	// Inline storage for the common small cases, so that a new group is
	// one allocation (or none when an emptied one is reused).
	valsBuf   [2]string
	perSrcBuf [2]int
	hitsBuf   [1]hit
}

// maxFreeGroups bounds how many emptied groups a correlation keeps for
// reuse: internet noise opens and expires many one-hit groups.
const maxFreeGroups = 1024

// newGroup returns an empty group for key (which the group keeps) holding
// a copy of vals.
func (c *correlation) newGroup(key string, vals []string) *group {
	var g *group
	if n := len(c.free); n > 0 {
		g = c.free[n-1]
		c.free[n-1] = nil
		c.free = c.free[:n-1]
	} else {
		g = &group{}
		if c.nsrc <= len(g.perSrcBuf) {
			g.perSrc = g.perSrcBuf[:c.nsrc]
		} else {
			g.perSrc = make([]int, c.nsrc)
		}
		g.hits = g.hitsBuf[:0]
		if c.typ == "value_count" {
			g.distinct = &valueCounts{}
		}
	}
	g.key = key
	if len(vals) <= len(g.valsBuf) {
		g.vals = g.valsBuf[:len(vals)]
		copy(g.vals, vals)
	} else {
		g.vals = append([]string(nil), vals...)
	}
	c.groups[key] = g
	if m := c.eng.metrics; m != nil {
		m.groups.Inc() // groups go only in sweeps, which set the gauge
	}
	return g
}

// drop removes a group whose state is gone and keeps it for reuse.
func (c *correlation) drop(g *group) {
	delete(c.groups, g.key)
	if len(c.free) >= maxFreeGroups || g.ep != nil {
		return
	}
	c.reset(g)
	g.key, g.anchor = "", 0
	clear(g.valsBuf[:])
	g.vals = nil
	if cap(g.hits) > 64 {
		g.hits = g.hitsBuf[:0]
	}
	c.free = append(c.free, g)
}

func (g *group) live() []hit { return g.hits[g.head:] }

// add feeds one hit for the group key into the correlation; vals (the
// group-by values) are only needed, and key only kept, when the group is new.
func (c *correlation) add(key string, vals []string, h hit) {
	g := c.groups[key]
	if g == nil {
		g = c.newGroup(key, vals)
	}
	c.addTo(g, h)
}

// addTo feeds one hit into a group.
func (c *correlation) addTo(g *group, h hit) {
	if c.bounded {
		c.addBounded(g, h)
		return
	}
	newest := h.t
	if live := g.live(); len(live) > 0 && live[len(live)-1].t > newest {
		newest = live[len(live)-1].t // a late hit: the window ends at the newest
		if h.t < newest-c.span {
			return // older than the window: nothing it could join
		}
	}
	c.evict(g, newest-c.span)
	if ep := g.ep; ep != nil {
		if h.t-ep.last <= c.span {
			c.push(g, h)
			ep.add(h.ev)
			ep.addExtra(h.extra)
			return
		}
		c.closeEpisode(g)
	}
	c.push(g, h)
	if c.satisfied(g) {
		c.open(g, h.t)
	}
}

// addBounded handles conditions with an upper bound: windows start at a
// group's first hit and are judged once complete.
func (c *correlation) addBounded(g *group, h hit) {
	if len(g.live()) > 0 && h.t > g.anchor+c.span {
		c.closeWindow(g)
	}
	if len(g.live()) == 0 || h.t < g.anchor {
		g.anchor = h.t
	}
	c.push(g, h)
}

// push adds a hit to the group's window. With order tolerance on, a hit
// earlier than the newest is put in time order (after hits of the same
// time), so that temporal_ordered sees the sequence as it happened.
func (c *correlation) push(g *group, h hit) {
	h.ev.hold()
	g.hits = append(g.hits, h)
	if c.eng.reorder > 0 {
		i := len(g.hits) - 1
		for i > g.head && g.hits[i-1].t > h.t {
			g.hits[i] = g.hits[i-1]
			i--
		}
		g.hits[i] = h
	}
	g.perSrc[h.src]++
	if g.distinct != nil && h.value != "" {
		g.distinct.add(h.value)
	}
}

// evict drops hits older than cutoff; a hit exactly at the cutoff (one
// timespan before the newest) stays in the window.
func (c *correlation) evict(g *group, cutoff int64) {
	for g.head < len(g.hits) && g.hits[g.head].t < cutoff {
		h := g.hits[g.head]
		g.perSrc[h.src]--
		if g.distinct != nil && h.value != "" {
			g.distinct.remove(h.value)
		}
		g.hits[g.head] = hit{}
		g.head++
		c.eng.evPool.release(h.ev)
	}
	if g.head > 64 && g.head*2 > len(g.hits) {
		n := copy(g.hits, g.hits[g.head:])
		clear(g.hits[n:])
		g.hits, g.head = g.hits[:n], 0
	}
}

func (c *correlation) reset(g *group) {
	for _, h := range g.live() {
		c.eng.evPool.release(h.ev)
	}
	clear(g.hits)
	g.hits, g.head = g.hits[:0], 0
	clear(g.perSrc)
	if g.distinct != nil {
		g.distinct.reset()
	}
}

// count is the quantity the condition compares.
func (c *correlation) count(g *group) int64 {
	switch c.typ {
	case "event_count":
		return int64(len(g.live()))
	case "value_count":
		return int64(g.distinct.len())
	}
	n := int64(0)
	for _, k := range g.perSrc {
		if k > 0 {
			n++
		}
	}
	return n
}

func (c *correlation) satisfied(g *group) bool {
	n := c.count(g)
	if c.typ == "temporal_ordered" {
		return n == int64(c.nsrc) && ordered(g.live(), c.nsrc)
	}
	if c.cond == nil {
		return n == int64(c.nsrc)
	}
	return c.cond.Holds(n)
}

// ordered reports whether the hits contain the sources 0..n-1 in order.
func ordered(hits []hit, n int) bool {
	next := 0
	for _, h := range hits {
		if h.src == next {
			if next++; next == n {
				return true
			}
		}
	}
	return false
}

// open starts an episode with every hit in the window and tells the
// correlations that chain on this one.
func (c *correlation) open(g *group, at int64) {
	ep := newEpisode()
	for _, h := range g.live() {
		ep.add(h.ev)
		ep.addExtra(h.extra)
	}
	g.ep = ep
	c.notify(g, at, ep)
}

func (c *correlation) notify(g *group, at int64, ep *episode) {
	if len(c.feeds) == 0 {
		return
	}
	ev := ep.snapshot()
	extras := ep.extras
	if len(extras) == 0 {
		extras = []string{""}
	}
	for _, f := range c.feeds {
		for _, x := range extras {
			vals, ok := pick(g.vals, x, f.groupIdx)
			if !ok {
				continue // an episode without the field the parent groups by
			}
			value, _ := pick(g.vals, x, f.valueIdx)
			f.c.add(strings.Join(vals, "\x00"), vals, hit{t: at, src: f.src, value: strings.Join(value, "\x00"), ev: ev})
		}
	}
}

// pick takes the values at idx from a group's values (idx >= 0) or from
// one captured tuple (idx -(k+1): its k-th field); false when a captured
// value is missing.
func pick(vals []string, extra string, idx []int) ([]string, bool) {
	out := make([]string, len(idx))
	var parts []string
	for i, j := range idx {
		if j >= 0 {
			out[i] = vals[j]
			continue
		}
		if parts == nil {
			parts = strings.Split(extra, "\x00")
		}
		if k := -j - 1; k < len(parts) && parts[k] != "" {
			out[i] = parts[k]
			continue
		}
		return nil, false
	}
	return out, true
}

// closeEpisode turns the group's episode into an alert.
func (c *correlation) closeEpisode(g *group) {
	ep := g.ep
	g.ep = nil
	if c.alerts {
		c.eng.emit(c.alert(g, ep))
	}
}

// closeWindow judges a complete bounded window.
func (c *correlation) closeWindow(g *group) {
	if c.satisfied(g) {
		ep := newEpisode()
		for _, h := range g.live() {
			ep.add(h.ev)
			ep.addExtra(h.extra)
		}
		last := g.live()[len(g.live())-1].t
		c.notify(g, last, ep)
		if c.alerts {
			c.eng.emit(c.alert(g, ep))
		}
	}
	c.reset(g)
}

func (c *correlation) alert(g *group, ep *episode) *Alert {
	a := c.meta.newAlert(c.typ)
	a.ID = alertID(a.RuleID, g.key, firstID(ep))
	a.Start, a.End = timeOf(ep.first), timeOf(ep.last)
	for i, f := range c.groupBy {
		a.GroupBy = append(a.GroupBy, GroupValue{Field: f, Value: g.vals[i]})
	}
	a.EventIDs = ep.ids
	a.EventCount = ep.count
	a.Related = ep.rel.related()
	return a
}

func firstID(ep *episode) string {
	if len(ep.ids) == 0 {
		return ""
	}
	return ep.ids[0]
}

// sweep expires what the timespan no longer needs as the stream's time
// reaches now: old hits, finished episodes (which become alerts), complete
// bounded windows and empty groups. Groups that close are handled in key
// order so that chained correlations receive their hits deterministically.
func (c *correlation) sweep(now int64, final bool) {
	var closing []*group
	for k, g := range c.groups {
		switch {
		case c.bounded:
			if len(g.live()) > 0 && (final || now > g.anchor+c.span) {
				closing = append(closing, g)
				continue
			}
		default:
			c.evict(g, now-c.span)
			if g.ep != nil && (final || now-g.ep.last > c.span) {
				closing = append(closing, g)
				continue
			}
		}
		if final || len(g.live()) == 0 && g.ep == nil {
			if final {
				delete(c.groups, k)
			} else {
				c.drop(g)
			}
		}
	}
	sort.Slice(closing, func(i, j int) bool { return closing[i].key < closing[j].key })
	for _, g := range closing {
		if c.bounded {
			c.closeWindow(g)
		} else {
			c.closeEpisode(g)
		}
		if final || len(g.live()) == 0 && g.ep == nil {
			if final {
				delete(c.groups, g.key)
			} else {
				c.drop(g)
			}
		}
	}
	c.low = now
	for _, g := range c.groups {
		if g.ep != nil {
			c.low = min(c.low, g.ep.last)
		}
		if live := g.live(); c.bounded && len(live) > 0 {
			c.low = min(c.low, live[len(live)-1].t)
		}
	}
}

// stateSize is the number of hits held, for the state gauge and tests.
func (c *correlation) stateSize() (groups, hits int) {
	for _, g := range c.groups {
		hits += len(g.live())
	}
	return len(c.groups), hits
}
