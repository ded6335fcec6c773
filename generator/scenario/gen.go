package scenario

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sort"
	"strconv"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/seedkey"
	"github.com/soclab/soclab/generator/stream"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

// fieldsPerEvent is the room reserved for each event's fields.
const fieldsPerEvent = 48

// builder is any telemetry record.
type builder interface {
	Build(e *event.Event, m telemetry.Meta)
}

// item is one event waiting to be built: the builders run at the end, once
// the scenario's times are final.
type item struct {
	t, end time.Time
	id     string
	b      builder
}

// mark is a milestone before its time is known.
type mark struct {
	id, what string
}

// gen is one scenario being generated: its randomness, parameters, the
// events it emitted and the truth it records. Scenario functions read
// parameters through its accessors, emit records, and name indicators and
// milestones; Generate does the rest.
type gen struct {
	s     *spec
	env   Env
	o     *org.Org
	r     *rand.Rand
	ids   *stream.IDGen
	vals  map[string]any
	used  map[string]bool
	given bool // start came from the lab, so it must not move
	errs  []error
	items []item
	marks []mark
	tr    truth.Scenario
}

// Generate builds scenario id in env: its events, sorted by @timestamp, and
// its truth. Bad parameters give *ParamError values (joined); an unknown id
// gives an *UnknownError.
func Generate(id string, env Env) (*Result, error) {
	s, err := lookupSpec(id)
	if err != nil {
		return nil, err
	}
	vals, errs := parseAll(s, env.Params)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if env.Org == nil {
		return nil, fmt.Errorf("scenario %q: no organisation", id)
	}
	if !env.From.Before(env.To) {
		return nil, fmt.Errorf("scenario %q: empty window %s to %s", id, env.From.Format(time.RFC3339), env.To.Format(time.RFC3339))
	}
	g := newGen(s, env, vals)
	s.run(g)
	if len(g.errs) > 0 {
		return nil, errors.Join(g.errs...)
	}
	return g.finish()
}

func newGen(s *spec, env Env, vals map[string]any) *gen {
	env.From, env.To = env.From.UTC(), env.To.UTC()
	return &gen{
		s: s, env: env, o: env.Org, vals: vals, used: map[string]bool{},
		r:   rng(env.Seed, env.Index, s.info.ID, ""),
		ids: stream.NewIDGen(env.Seed, "scenario/"+strconv.Itoa(env.Index)),
		tr:  truth.Scenario{ID: s.info.ID, Kind: s.info.Kind, Techniques: s.info.Techniques},
	}
}

// rng returns the private source of (seed, index, id, salt). Each
// parameter's default has its own salt, so that setting one parameter does
// not change how the others are drawn.
func rng(seed int64, index int, id, salt string) *rand.Rand {
	return seedkey.New(seed).Rand("scenario\x00" + strconv.Itoa(index) + "\x00" + id + "\x00" + salt)
}

// fail records a parameter problem; param "" means the scenario as a whole.
func (g *gen) fail(param, format string, args ...any) {
	g.errs = append(g.errs, &ParamError{Scenario: g.s.info.ID, Param: param, Msg: fmt.Sprintf(format, args...)})
}

// emit queues a record at t (truncated to the millisecond, the precision of
// @timestamp) and returns its event id.
func (g *gen) emit(t time.Time, b builder) string {
	t = t.Truncate(time.Millisecond)
	end := t
	if f, ok := b.(*telemetry.Flow); ok {
		end = t.Add(f.Duration)
	}
	id := g.ids.Next()
	g.items = append(g.items, item{t: t, end: end, id: id, b: b})
	return id
}

// milestone names the moment of event id for the timeline.
func (g *gen) milestone(id, what string) { g.marks = append(g.marks, mark{id, what}) }

// ioc records an indicator of an attack, or an entity of a decoy.
func (g *gen) ioc(typ, value, role string) {
	x := truth.IOC{Type: typ, Value: value, Role: role}
	list := &g.tr.IOCs
	if g.s.info.Kind == truth.KindDecoy {
		list = &g.tr.Entities
	}
	for _, have := range *list {
		if have == x {
			return
		}
	}
	*list = append(*list, x)
}

// user and host record affected (or, for decoys, involved) accounts and
// machines.
func (g *gen) user(names ...string) { g.tr.Users = appendNew(g.tr.Users, names...) }
func (g *gen) host(names ...string) { g.tr.Hosts = appendNew(g.tr.Hosts, names...) }

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		found := v == ""
		for _, have := range list {
			found = found || have == v
		}
		if !found {
			list = append(list, v)
		}
	}
	return list
}

// finish moves a scenario with a drawn start back into the window when its
// tail overflows, then builds the events in time order and the truth.
func (g *gen) finish() (*Result, error) {
	if len(g.items) == 0 {
		return nil, fmt.Errorf("scenario %q emitted no events", g.s.info.ID)
	}
	if err := g.fitWindow(); err != nil {
		return nil, err
	}
	sort.SliceStable(g.items, func(i, j int) bool { return g.items[i].t.Before(g.items[j].t) })
	res := &Result{Events: make([]*event.Event, len(g.items))}
	at := map[string]time.Time{}
	g.tr.Events = make([]string, len(g.items))
	// One slab holds every event's fields: the builders then append
	// without growing (48 fields is the widest record, a proxy line).
	slab := make([]event.Field, len(g.items)*fieldsPerEvent)
	for i, it := range g.items {
		e := &event.Event{Fields: slab[i*fieldsPerEvent : i*fieldsPerEvent : (i+1)*fieldsPerEvent]}
		it.b.Build(e, telemetry.Meta{Time: it.t, ID: it.id})
		res.Events[i] = e
		g.tr.Events[i] = it.id
		at[it.id] = it.t
	}
	for _, m := range g.marks {
		g.tr.Milestones = append(g.tr.Milestones, truth.Milestone{Time: at[m.id], Event: m.id, What: m.what})
	}
	sort.SliceStable(g.tr.Milestones, func(i, j int) bool { return g.tr.Milestones[i].Time.Before(g.tr.Milestones[j].Time) })
	if g.tr.IOCs == nil {
		g.tr.IOCs = []truth.IOC{}
	}
	if g.tr.Users == nil {
		g.tr.Users = []string{}
	}
	if g.tr.Hosts == nil {
		g.tr.Hosts = []string{}
	}
	res.Truth = g.tr
	return res, nil
}

// fitWindow checks that every event (and every flow's last packet) lies in
// [From, To); a scenario whose start was drawn is shifted back instead.
func (g *gen) fitWindow() error {
	first, last := g.items[0].t, g.items[0].end
	for _, it := range g.items {
		if it.t.Before(first) {
			first = it.t
		}
		if it.end.After(last) {
			last = it.end
		}
	}
	if first.Before(g.env.From) {
		return &ParamError{Scenario: g.s.info.ID, Param: "start", Msg: fmt.Sprintf("the first event at %s is before the window start %s", stamp(first), stamp(g.env.From))}
	}
	if last.Before(g.env.To) {
		return nil
	}
	shift := last.Sub(g.env.To) + time.Second
	if g.given || first.Add(-shift).Before(g.env.From) {
		return &ParamError{Scenario: g.s.info.ID, Param: "start", Msg: fmt.Sprintf("the scenario runs until %s, past the window end %s: start it at least %s earlier, shorten it, or widen the window", stamp(last), stamp(g.env.To), shift.Round(time.Second))}
	}
	for i := range g.items {
		g.items[i].t = g.items[i].t.Add(-shift)
		g.items[i].end = g.items[i].end.Add(-shift)
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// val returns the parsed value of a declared parameter, if the lab set it.
// Asking for an undeclared name is a bug in the scenario.
func (g *gen) val(name string) (any, bool) {
	if _, ok := g.s.param(name); !ok {
		panic(fmt.Sprintf("scenario %s: parameter %q is not declared", g.s.info.ID, name))
	}
	g.used[name] = true
	v, ok := g.vals[name]
	return v, ok
}

// dr returns the random source of name: a parameter's default is drawn
// from the one of its name, and a part of a scenario that must not move
// the others' draws from one of its own.
func (g *gen) dr(name string) *rand.Rand { return rng(g.env.Seed, g.env.Index, g.s.info.ID, name) }

func (g *gen) intP(name string, def func(r *rand.Rand) int) int {
	if v, ok := g.val(name); ok {
		return v.(int)
	}
	return def(g.dr(name))
}

func (g *gen) floatP(name string, def func(r *rand.Rand) float64) float64 {
	if v, ok := g.val(name); ok {
		return v.(float64)
	}
	return def(g.dr(name))
}

func (g *gen) durP(name string, def func(r *rand.Rand) time.Duration) time.Duration {
	if v, ok := g.val(name); ok {
		return v.(time.Duration)
	}
	return def(g.dr(name)).Truncate(time.Millisecond)
}

func (g *gen) strP(name string, def func(r *rand.Rand) string) string {
	if v, ok := g.val(name); ok {
		return v.(string)
	}
	return def(g.dr(name))
}

func (g *gen) boolP(name string, def func(r *rand.Rand) bool) bool {
	if v, ok := g.val(name); ok {
		return v.(bool)
	}
	return def(g.dr(name))
}

func (g *gen) ipP(name string, def func(r *rand.Rand) netip.Addr) netip.Addr {
	if v, ok := g.val(name); ok {
		return v.(netip.Addr)
	}
	return def(g.dr(name))
}

func (g *gen) countryP(name string, def func(r *rand.Rand) *org.Country) *org.Country {
	if v, ok := g.val(name); ok {
		return v.(*org.Country)
	}
	return def(g.dr(name))
}

// userP returns the named account, checked against the organisation and
// against accept (nil accepts any; otherwise it says what is wrong).
func (g *gen) userP(name string, accept func(*org.User) string, def func(r *rand.Rand) *org.User) *org.User {
	v, ok := g.val(name)
	if !ok {
		return def(g.dr(name))
	}
	u := g.o.UserByName(v.(string))
	if u == nil {
		g.fail(name, "no account %q in the organisation%s", v, hint(v.(string), g.userNames()))
		return def(g.dr(name))
	}
	if accept != nil {
		if why := accept(u); why != "" {
			g.fail(name, "account %q %s", u.Name, why)
			return def(g.dr(name))
		}
	}
	return u
}

// hostP is userP for hosts.
func (g *gen) hostP(name string, accept func(*org.Host) string, def func(r *rand.Rand) *org.Host) *org.Host {
	v, ok := g.val(name)
	if !ok {
		return def(g.dr(name))
	}
	h := g.hostByName(v.(string))
	if h == nil {
		g.fail(name, "no host %q in the organisation%s", v, hint(v.(string), g.hostNames()))
		return def(g.dr(name))
	}
	if accept != nil {
		if why := accept(h); why != "" {
			g.fail(name, "host %q %s", h.Name, why)
			return def(g.dr(name))
		}
	}
	return h
}

func (g *gen) hostByName(name string) *org.Host {
	for _, h := range g.o.Hosts {
		if h.Name == name || h.FQDN == name {
			return h
		}
	}
	return nil
}

func (g *gen) userNames() []string {
	out := make([]string, len(g.o.Users))
	for i, u := range g.o.Users {
		out[i] = u.Name
	}
	return out
}

func (g *gen) hostNames() []string {
	out := make([]string, len(g.o.Hosts))
	for i, h := range g.o.Hosts {
		out[i] = h.Name
	}
	return out
}
