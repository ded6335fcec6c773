package detectors

import (
	"sort"

	"github.com/soclab/soclab/event"
)

// maxRelated caps each related.* set of an alert.
const maxRelated = 256

// evidence is what one hit contributes to an alert: a base event (its id and
// related.* values, cloned out of the event) or, for a chained correlation,
// a snapshot of the child correlation's events.
type evidence struct {
	id                      string
	ids                     []string
	count                   int64
	first, last             int64
	relIP, relUser, relHost []string
	rel                     *relatedSet
	// A base event's evidence comes from the engine's pool and goes back
	// when no hit refers to it any more (refs counts the hits).
	pooled bool
	refs   int32
	texts  []string // backs relIP, relUser and relHost
	buf    [3]string
}

// relatedSet collects related.* values without repeats, up to maxRelated
// each.
type relatedSet struct {
	ip, user, hosts map[string]struct{}
}

func (s *relatedSet) addValue(set *map[string]struct{}, v event.Value) {
	anyScalar(v, func(x event.Value) bool {
		addCapped(set, x.Text())
		return false
	})
}

func addCapped(set *map[string]struct{}, s string) {
	if s == "" {
		return
	}
	if *set == nil {
		*set = map[string]struct{}{}
	}
	if len(*set) < maxRelated {
		(*set)[s] = struct{}{}
	}
}

func (s *relatedSet) addEvidence(ev *evidence) {
	if ev.rel != nil {
		s.merge(ev.rel)
		return
	}
	for _, x := range ev.relIP {
		addCapped(&s.ip, x)
	}
	for _, x := range ev.relUser {
		addCapped(&s.user, x)
	}
	for _, x := range ev.relHost {
		addCapped(&s.hosts, x)
	}
}

func (s *relatedSet) merge(o *relatedSet) {
	for k := range o.ip {
		addCapped(&s.ip, k)
	}
	for k := range o.user {
		addCapped(&s.user, k)
	}
	for k := range o.hosts {
		addCapped(&s.hosts, k)
	}
}

func (s *relatedSet) related() Related {
	return Related{IP: sortedKeys(s.ip), User: sortedKeys(s.user), Hosts: sortedKeys(s.hosts)}
}

func sortedKeys(m map[string]struct{}) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// episode accumulates the evidence of one alert of a correlation: from the
// moment its condition holds until its group stays quiet for a timespan.
type episode struct {
	first, last int64
	ids         []string
	times       []int64 // of each id: ids stay in time order when hits arrive out of order
	seen        map[string]struct{}
	count       int64
	rel         relatedSet
	// extras are the distinct captured-field tuples of its hits, in the
	// order first seen (see correlation.captured), at most maxRelated.
	extras []string
}

// addExtra records a hit's captured-field tuple.
func (ep *episode) addExtra(x string) {
	if x == "" || len(ep.extras) >= maxRelated {
		return
	}
	for _, y := range ep.extras {
		if y == x {
			return
		}
	}
	ep.extras = append(ep.extras, x)
}

func newEpisode() *episode { return &episode{seen: map[string]struct{}{}} }

func (ep *episode) add(ev *evidence) {
	if ep.count == 0 || ev.first < ep.first {
		ep.first = ev.first
	}
	if ev.last > ep.last {
		ep.last = ev.last
	}
	ep.rel.addEvidence(ev)
	if ev.id != "" {
		ep.addID(ev.id, ev.first)
		return
	}
	for _, id := range ev.ids {
		ep.addID(id, ev.last) // a chained alert's events, at the time it fed this one
	}
	ep.count += ev.count - int64(len(ev.ids)) // events past the child's cap
}

// addID lists an event of time t, after the listed events of its time or
// earlier.
func (ep *episode) addID(id string, t int64) {
	if _, dup := ep.seen[id]; dup {
		return
	}
	ep.count++
	if len(ep.ids) < MaxEventIDs {
		ep.ids = append(ep.ids, id)
		ep.times = append(ep.times, t)
		for i := len(ep.ids) - 1; i > 0 && ep.times[i-1] > t; i-- {
			ep.ids[i], ep.ids[i-1] = ep.ids[i-1], ep.ids[i]
			ep.times[i], ep.times[i-1] = ep.times[i-1], ep.times[i]
		}
		ep.seen[id] = struct{}{}
	}
}

// snapshot freezes the episode as the evidence a parent correlation gets.
func (ep *episode) snapshot() *evidence {
	rel := &relatedSet{}
	rel.merge(&ep.rel)
	return &evidence{ids: append([]string(nil), ep.ids...), count: ep.count, first: ep.first, last: ep.last, rel: rel}
}
