package detectors

import (
	"sort"
	"strings"
)

// DatasetCount is how many events of one dataset no rule's log source
// selected.
type DatasetCount struct {
	Dataset string // event.dataset; "" for events without one
	Events  int64
}

// noRule counts the current event under its dataset (i, its index in
// dsNames, or -1): no rule's log source selects it, so nothing was
// evaluated on it.
func (e *Engine) noRule(c *evalCtx, i int) {
	if i >= 0 {
		e.dsUnmatched[i]++
		return
	}
	ds := ""
	if v := c.ref(slotDataset); v != nil {
		ds = v.Str()
	}
	if n := e.unmatched[ds]; n != nil {
		*n++
		return
	}
	if e.unmatched == nil {
		e.unmatched = map[string]*int64{}
	}
	n := int64(1)
	e.unmatched[strings.Clone(ds)] = &n // the event's bytes are reused
}

// Unmatched lists, by dataset name, the events that no rule's log source
// selected: a dataset the rules do not know (events relabelled acme.auth
// for a pack written for system.auth) raises no alert and no error, so the
// caller should say so.
func (e *Engine) Unmatched() []DatasetCount {
	out := make([]DatasetCount, 0, len(e.unmatched))
	for i, n := range e.dsUnmatched {
		if n > 0 {
			out = append(out, DatasetCount{Dataset: e.dsNames[i], Events: n})
		}
	}
	for ds, n := range e.unmatched {
		out = append(out, DatasetCount{Dataset: ds, Events: *n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dataset < out[j].Dataset })
	return out
}

// Datasets lists the datasets some rule's log source selects, in the
// engine's order; nil when a rule without a log source reads every event.
func (e *Engine) Datasets() []string {
	if len(e.anyDataset) > 0 {
		return nil
	}
	var out []string
	for i, ds := range e.dsNames {
		if len(e.dsLists[i]) > 0 {
			out = append(out, ds)
		}
	}
	return out
}
