package detectors

import (
	"container/heap"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("detectors: engine is closed")

// Engine evaluates compiled rules over a time-ordered event stream. It is an
// event.Sink: Write evaluates one event and never keeps it (correlations
// copy out the event id, time, group-by values and related.* they need);
// Close flushes pending correlation windows and emits the remaining alerts.
// Alerts are emitted through Options.OnAlert ordered by fire time, then id;
// an alert is held back until no open correlation window can produce an
// earlier one. An Engine is not safe for concurrent use.
type Engine struct {
	opts         Options
	ctx          *evalCtx
	keys         []string
	needAll      bool
	anyDataset   []*detector
	detectors    []*detector
	correlations []*correlation
	watermark    int64
	pending      alertHeap
	counts       map[string]int
	metrics      *engineMetrics
	events       int64
	closed       bool
	keyBuf       []byte
	evPool       evidencePool
	keyArena     keyArena
	intText      []string      // valueText's renderings of small integers
	dsNames      []string      // the datasets soclab knows
	dsLists      [][]*detector // the detectors that apply to each
	warnings     sigma.ErrorList
	// Order tolerance: correlations run reorder ns of event time behind
	// the newest event (corrTime), so that matches up to that late still
	// find their windows open and are put in time order.
	reorder    int64
	corrTime   int64
	lateEvents int64
	lateHits   int64
	nextSweep  int64 // the earliest of the correlations' next sweeps
	// Events no rule's log source selects: by index in dsNames, and by
	// event.dataset for the others ("": none).
	dsUnmatched []int64
	unmatched   map[string]*int64
}

// finish builds the dataset index and the evaluation context.
func (e *Engine) finish(cp *compiler) {
	e.keys = cp.slots.keys
	e.needAll = cp.keywords
	e.ctx = newEvalCtx(e.keys)
	e.dsNames = append([]string(nil), event.Datasets...)
	for _, d := range e.detectors {
		for _, ds := range d.datasets {
			if !contains(e.dsNames, ds) {
				e.dsNames = append(e.dsNames, ds)
			}
		}
	}
	e.dsLists = make([][]*detector, len(e.dsNames))
	e.dsUnmatched = make([]int64, len(e.dsNames))
	for _, d := range e.detectors {
		if d.datasets == nil {
			e.anyDataset = append(e.anyDataset, d)
		}
		for i, ds := range e.dsNames {
			if d.datasets == nil || contains(d.datasets, ds) {
				e.dsLists[i] = append(e.dsLists[i], d)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Fields returns the event fields the rules read, for event.Decoder.Only;
// nil means every field (some rule searches keywords anywhere in events).
func (e *Engine) Fields() []string {
	if e.needAll {
		return nil
	}
	return append([]string(nil), e.keys...)
}

// Write implements event.Sink.
func (e *Engine) Write(ev *event.Event) error {
	if e.closed {
		return ErrClosed
	}
	e.ctx.reset(ev)
	e.eval()
	return nil
}

// writeSlotted is Write for an event whose fields' slots are known (the
// scanner decoded it): slots[i] is the slot of ev.Fields[i].
func (e *Engine) writeSlotted(ev *event.Event, slots []int32) error {
	if e.closed {
		return ErrClosed
	}
	e.ctx.resetSlotted(ev, slots)
	e.eval()
	return nil
}

// eval runs the rules of the event's dataset over the current event.
func (e *Engine) eval() {
	c := e.ctx
	e.events++
	t := eventTime(c)
	if t > e.watermark {
		e.advance(t)
	} else if t < e.watermark-e.reorder {
		e.lateEvents++
	}
	list, ds := e.anyDataset, -1
	if v := c.ref(slotDataset); v != nil {
		list, ds = e.datasetRules(v.Str())
	}
	if len(list) == 0 {
		e.noRule(c, ds)
	}
	for _, d := range list {
		if d.cond.eval(c) {
			e.matched(d, c, t)
		}
	}
	if e.metrics != nil {
		e.metrics.events.Inc()
	}
	c.ev = nil
}

// datasetRules returns the detectors for events of dataset ds: a scan of
// the few known datasets, cheaper than hashing the name. i is the
// dataset's index in dsNames, -1 for one the engine does not know.
func (e *Engine) datasetRules(ds string) (list []*detector, i int) {
	for i, name := range e.dsNames {
		if len(name) == len(ds) && name == ds {
			return e.dsLists[i], i
		}
	}
	return e.anyDataset, -1
}

func eventTime(c *evalCtx) int64 {
	v, ok := c.get(slotTimestamp)
	if !ok {
		return 0
	}
	switch v.Kind() {
	case event.KindTime:
		return v.UnixNano()
	case event.KindString:
		if t, err := event.ParseTime(v.Str()); err == nil {
			return t.UnixNano()
		}
	}
	return 0
}

// sweepEvery bounds how long a correlation waits between sweeps, which is
// how late its alerts can be released.
const sweepEvery = int64(5 * time.Minute)

// advance moves the stream's time forward: correlations due for a sweep
// expire their state, and alerts that no open window can precede any more
// are released.
func (e *Engine) advance(t int64) {
	e.watermark = t
	if until := t - e.reorder; until > e.corrTime {
		e.advanceCorr(until)
	}
}

// advanceCorr moves the correlations' time to t (sweeping those due) and
// releases the alerts nothing open can precede any more.
func (e *Engine) advanceCorr(t int64) {
	e.corrTime = t
	if len(e.correlations) > 0 && t < e.nextSweep {
		return // no correlation is due: nothing to sweep or release
	}
	swept := false
	e.nextSweep = math.MaxInt64
	for _, c := range e.correlations {
		if t >= c.nextSweep {
			c.sweep(t, false)
			c.nextSweep = t + max(min(c.span, sweepEvery), int64(time.Second))
			swept = true
		}
		e.nextSweep = min(e.nextSweep, c.nextSweep)
	}
	if !swept && len(e.correlations) > 0 {
		return
	}
	e.updateStateGauge()
	bound := t
	for _, c := range e.correlations {
		bound = min(bound, c.low)
	}
	e.release(bound, false)
}

// matched handles a detection rule matching the current event.
func (e *Engine) matched(d *detector, c *evalCtx, t int64) {
	idv, _ := c.get(slotID)
	id := idv.Text()
	if d.alerts {
		a := d.meta.newAlert("")
		a.ID = alertID(a.RuleID, "", id)
		a.Start, a.End = timeOf(t), timeOf(t)
		a.EventIDs, a.EventCount = []string{id}, 1
		var rel relatedSet
		e.addRelated(&rel, c)
		a.Related = rel.related()
		e.emit(a)
	}
	if len(d.feeds) == 0 {
		return
	}
	ev := e.newEvidence(c, id, t)
	ev.hold() // until every feed has had it
	for _, f := range d.feeds {
		key, ok := e.groupKey(c, f.groupSlots)
		if !ok {
			continue // an event without a group-by field is not counted
		}
		h := hit{t: t, src: f.src, ev: ev}
		if len(f.extraSlots) > 0 {
			h.extra = e.extraText(c, f.extraSlots)
		}
		if len(f.valueSlots) == 1 {
			v := c.ref(f.valueSlots[0])
			if v == nil || v.IsNull() {
				continue
			}
			h.value = e.valueText(v)
		} else if len(f.valueSlots) > 0 {
			v, ok := slotValues(c, f.valueSlots)
			if !ok {
				continue
			}
			h.value = strings.Join(v, "\x00")
		}
		e.hold(f, key, h, c)
	}
	e.evPool.release(ev)
}

// newEvidence copies what a correlation keeps of the current event into a
// pooled evidence.
func (e *Engine) newEvidence(c *evalCtx, id string, t int64) *evidence {
	ev := e.evPool.get()
	ev.id, ev.count, ev.first, ev.last = id, 1, t, t
	var none event.Value
	ip, user, hosts := &none, &none, &none
	if v := c.ref(slotRelatedIP); v != nil {
		ip = v
	}
	if v := c.ref(slotRelatedUser); v != nil {
		user = v
	}
	if v := c.ref(slotRelatedHosts); v != nil {
		hosts = v
	}
	all := ev.texts[:0]
	all, ev.relIP = appendTexts(all, ip)
	all, ev.relUser = appendTexts(all, user)
	ev.texts, ev.relHost = appendTexts(all, hosts)
	return ev
}

// appendTexts appends the non-empty texts of v (each element of a list) to
// all and returns them also as their own (capacity-limited) slice; nil
// when there are none, as texts returns.
func appendTexts(all []string, v *event.Value) ([]string, []string) {
	start := len(all)
	switch v.Kind() {
	case event.KindList:
		for _, x := range v.ListVal() {
			if t := x.Text(); t != "" {
				all = append(all, t)
			}
		}
	case event.KindObjects:
	default:
		if t := v.Text(); t != "" {
			all = append(all, t)
		}
	}
	if len(all) == start {
		return all, nil
	}
	return all, all[start:len(all):len(all)]
}

// groupVals renders the group-by values of a new group: the parts of its
// key when no value holds the separator, else each value again.
func (e *Engine) groupVals(c *evalCtx, slots []int, key string, buf []string) ([]string, bool) {
	if len(slots) == 1 {
		return append(buf, key), true
	}
	if strings.Count(key, "\x00") == len(slots)-1 {
		for range len(slots) - 1 {
			i := strings.IndexByte(key, 0)
			buf = append(buf, key[:i])
			key = key[i+1:]
		}
		return append(buf, key), true
	}
	return slotValues(c, slots)
}

// extraText renders the captured fields of a hit, joined by NUL, in the
// key arena ("" for a missing field).
func (e *Engine) extraText(c *evalCtx, slots []int) string {
	var buf [64]byte // not keyBuf: it backs the group key being used
	b := buf[:0]
	for i, s := range slots {
		if i > 0 {
			b = append(b, 0)
		}
		if v := c.ref(s); v != nil && !v.IsNull() {
			b = append(b, textValue(*v)...)
		}
	}
	return e.keyArena.clone(string(b))
}

// valueText is textValue with small integers (ports, codes) rendered once.
func (e *Engine) valueText(v *event.Value) string {
	if v.Kind() == event.KindString {
		return v.Str()
	}
	if v.Kind() == event.KindInt {
		if n := v.IntVal(); n >= 0 && n < 1<<16 {
			if e.intText == nil {
				e.intText = make([]string, 1<<16)
			}
			if e.intText[n] == "" {
				e.intText[n] = strconv.FormatInt(n, 10)
			}
			return e.intText[n]
		}
	}
	return textValue(*v)
}

// groupKey renders the group-by values into a scratch buffer (or returns
// the event's own string for a single string value); the string it returns
// is only valid until the next call and while the event is (the
// correlation clones it when it creates a group).
func (e *Engine) groupKey(c *evalCtx, slots []int) (string, bool) {
	if len(slots) == 1 {
		// One string value is its own key, with nothing to copy.
		if v := c.ref(slots[0]); v != nil && v.Kind() == event.KindString {
			return v.Str(), true
		}
	}
	b := e.keyBuf[:0]
	for i, s := range slots {
		v := c.ref(s)
		if v == nil || v.IsNull() {
			return "", false
		}
		if i > 0 {
			b = append(b, 0)
		}
		if v.Kind() == event.KindString {
			b = append(b, v.Str()...)
		} else {
			b = append(b, textValue(*v)...)
		}
	}
	e.keyBuf = b
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

func (e *Engine) addRelated(rel *relatedSet, c *evalCtx) {
	v, _ := c.get(slotRelatedIP)
	rel.addValue(&rel.ip, v)
	v, _ = c.get(slotRelatedUser)
	rel.addValue(&rel.user, v)
	v, _ = c.get(slotRelatedHosts)
	rel.addValue(&rel.hosts, v)
}

// slotValues renders the values at slots; false when one is missing.
func slotValues(c *evalCtx, slots []int) ([]string, bool) {
	out := make([]string, len(slots))
	for i, s := range slots {
		v, ok := c.get(s)
		if !ok || v.IsNull() {
			return nil, false
		}
		out[i] = textValue(v)
	}
	return out, true
}

// emit queues an alert for ordered release.
func (e *Engine) emit(a *Alert) {
	heap.Push(&e.pending, a)
	e.counts[a.RuleID]++
	if e.metrics != nil {
		e.metrics.alerts.WithLabelValues(a.RuleID, a.Title).Inc()
	}
}

// release hands over queued alerts that fired before until (all with final).
func (e *Engine) release(until int64, final bool) {
	for e.pending.Len() > 0 {
		top := e.pending[0]
		if !final && top.End.UnixNano() >= until {
			return
		}
		heap.Pop(&e.pending)
		if e.opts.OnAlert != nil {
			e.opts.OnAlert(top)
		}
	}
}

// Close implements event.Sink: it closes every open correlation window
// (children before the correlations chained on them) and emits all alerts.
func (e *Engine) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	for _, c := range e.correlations {
		c.sweep(e.watermark, true)
	}
	e.release(0, true)
	e.updateStateGauge()
	return nil
}

// RuleCount is how many alerts one rule raised.
type RuleCount struct {
	RuleID, Title, Level string
	Alerts               int
}

// Summary lists every alerting rule with its alert count, most alerts
// first, then by title.
func (e *Engine) Summary() []RuleCount {
	var out []RuleCount
	seen := map[string]bool{}
	add := func(m *ruleMeta, alerts bool) {
		if !alerts || seen[m.id] {
			return
		}
		seen[m.id] = true
		out = append(out, RuleCount{RuleID: m.id, Title: m.title, Level: m.level, Alerts: e.counts[m.id]})
	}
	for _, d := range e.detectors {
		add(d.meta, d.alerts)
	}
	for _, c := range e.correlations {
		add(c.meta, c.alerts)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Alerts != out[j].Alerts {
			return out[i].Alerts > out[j].Alerts
		}
		return out[i].Title < out[j].Title
	})
	return out
}

// Warnings lists what compiled with a warning (fields nothing knows, with
// Options.AllowUnknownFields), in rule order.
func (e *Engine) Warnings() sigma.ErrorList { return e.warnings }

// Events returns how many events Write has evaluated.
func (e *Engine) Events() int64 { return e.events }

// StateSize reports the correlation state held: groups and hits.
func (e *Engine) StateSize() (groups, hits int) {
	for _, c := range e.correlations {
		g, h := c.stateSize()
		groups += g
		hits += h
	}
	return groups, hits
}

// alertHeap orders alerts by fire time, then id.
type alertHeap []*Alert

func (h alertHeap) Len() int { return len(h) }
func (h alertHeap) Less(i, j int) bool {
	if !h[i].End.Equal(h[j].End) {
		return h[i].End.Before(h[j].End)
	}
	return h[i].ID < h[j].ID
}
func (h alertHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *alertHeap) Push(x any)   { *h = append(*h, x.(*Alert)) }
func (h *alertHeap) Pop() any {
	old := *h
	a := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return a
}
