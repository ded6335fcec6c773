package detectors

import (
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/soclab/soclab/detectors/pipeline"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
)

// Options configure an Engine.
type Options struct {
	// OnAlert receives every alert, in order of fire time (@timestamp) and
	// then id. It is called from Write and Close.
	OnAlert func(*Alert)
	// Registerer, when set, receives the engine's metrics (alerts by rule,
	// events, correlation state).
	Registerer prometheus.Registerer
	// Config holds the values of expand placeholders: "%Servers%" in a rule
	// uses Config["Servers"].
	Config map[string][]string
	// Pipelines are processing pipelines applied after the bundled ones
	// (pipeline.Bundled), in order.
	Pipelines pipeline.Set
	// NoBundledPipelines leaves the bundled pipelines out: only Pipelines
	// map log sources and fields.
	NoBundledPipelines bool
	// AllowUnknownFields turns a field that is neither ECS, nor mapped by
	// a pipeline, nor declared custom into a warning (Engine.Warnings)
	// instead of an error.
	AllowUnknownFields bool
	// ReorderWindow is how far out of time order matches may arrive and
	// still be correlated in time order: correlations run that far (in
	// event time) behind the newest event and keep each group's matches
	// sorted. Zero means DefaultReorderWindow; negative turns it off.
	ReorderWindow time.Duration
}

// DefaultReorderWindow is the order tolerance of Options.ReorderWindow zero:
// merged sources and sensor logs are a few seconds out of order.
const DefaultReorderWindow = 5 * time.Second

// pipelines returns the pipelines the options apply, in order.
func (o Options) pipelines() (pipeline.Set, error) {
	if o.NoBundledPipelines {
		return o.Pipelines, nil
	}
	set, err := pipeline.Bundled()
	if err != nil {
		return nil, fmt.Errorf("bundled pipelines: %w", err)
	}
	return append(append(pipeline.Set(nil), set...), o.Pipelines...), nil
}

// detector is a compiled detection rule.
type detector struct {
	meta     *ruleMeta
	cond     node
	datasets []string // nil: every dataset
	alerts   bool     // raises its own alerts
	feeds    []*feed
}

// Compile checks and compiles rules into an Engine. Every problem (an
// unknown logsource, a regular expression RE2 cannot run, a missing
// placeholder, an unresolvable correlation) is reported at once as a
// sigma.ErrorList naming the file, line, rule and construct.
func Compile(rules []*sigma.Rule, opts Options) (*Engine, error) {
	if errs := sigma.CheckSet(rules); len(errs) > 0 {
		return nil, errs
	}
	pipes, err := opts.pipelines()
	if err != nil {
		return nil, err
	}
	cp := &compiler{slots: newSlots(), config: opts.Config, pipes: pipes, allowUnknown: opts.AllowUnknownFields}
	e := &Engine{opts: opts, counts: map[string]int{}, reorder: reorderSpan(opts.ReorderWindow)}
	metas := map[*sigma.Rule]*ruleMeta{}
	for _, r := range rules {
		metas[r] = newMeta(r)
	}
	standalone := alertingRules(rules)
	var errs sigma.ErrorList
	dets := map[*sigma.Rule]*detector{}
	corrs := map[*sigma.Rule]*correlation{}
	for _, r := range rules {
		if r.Detection != nil {
			d, err := cp.detector(r, metas[r], standalone[r])
			if err != nil {
				errs = appendErrs(errs, asErrs(r, err))
				continue
			}
			dets[r] = d
			e.detectors = append(e.detectors, d)
		} else {
			c, err := newCorrelation(r, metas[r], standalone[r], e)
			if err != nil {
				errs = append(errs, asErr(r, err))
				continue
			}
			corrs[r] = c
		}
	}
	for _, r := range rules {
		if c := corrs[r]; c != nil && sourcesCompiled(rules, r, dets, corrs) {
			if err := cp.wire(rules, r, c, dets, corrs, metas); err != nil {
				errs = append(errs, asErr(r, err))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := cp.captureSlots(rules, corrs); err != nil {
		return nil, sigma.ErrorList{asErr(nil, err)}
	}
	e.correlations = topoOrder(rules, corrs)
	e.warnings = cp.warnings
	e.finish(cp)
	if err := e.register(opts.Registerer); err != nil {
		return nil, err
	}
	return e, nil
}

// sourcesCompiled reports whether every rule a correlation refers to
// compiled, so that its own problems can be reported beside theirs.
func sourcesCompiled(rules []*sigma.Rule, r *sigma.Rule, dets map[*sigma.Rule]*detector, corrs map[*sigma.Rule]*correlation) bool {
	for _, ref := range r.Correlation.Rules {
		src := sigma.Resolve(rules, ref)
		if dets[src] == nil && corrs[src] == nil {
			return false
		}
	}
	return true
}

// asErrs keeps a list of rule errors as it is and locates anything else.
func asErrs(r *sigma.Rule, err error) error {
	if _, ok := err.(sigma.ErrorList); ok {
		return err
	}
	return asErr(r, err)
}

func asErr(r *sigma.Rule, err error) *sigma.Error {
	if se, ok := err.(*sigma.Error); ok {
		return se
	}
	if r == nil {
		return &sigma.Error{Msg: err.Error()}
	}
	return r.Errorf(r.Pos, "", "%v", err)
}

// alertingRules decides which rules raise alerts of their own: those no
// correlation refers to, and those a correlation with generate: true does.
func alertingRules(rules []*sigma.Rule) map[*sigma.Rule]bool {
	referenced := map[*sigma.Rule]bool{}
	generated := map[*sigma.Rule]bool{}
	for _, r := range rules {
		if r.Correlation == nil {
			continue
		}
		for _, ref := range r.Correlation.Rules {
			t := sigma.Resolve(rules, ref)
			referenced[t] = true
			if r.Correlation.Generate {
				generated[t] = true
			}
		}
	}
	out := map[*sigma.Rule]bool{}
	for _, r := range rules {
		out[r] = !referenced[r] || generated[r]
	}
	return out
}

func (cp *compiler) detector(r *sigma.Rule, m *ruleMeta, alerts bool) (*detector, error) {
	d := &detector{meta: m, alerts: alerts}
	if !r.Logsource.IsZero() {
		ds, _, err := cp.pipes.Datasets(logsourceOf(r), event.Datasets)
		if err != nil {
			return nil, r.Errorf(r.Logsource.Pos, "logsource", "%v", err)
		}
		d.datasets = ds
		m.datasets = ds
	}
	cond, err := cp.detection(r, m)
	if err != nil {
		return nil, err
	}
	d.cond = cond
	return d, nil
}

func newCorrelation(r *sigma.Rule, m *ruleMeta, alerts bool, e *Engine) (*correlation, error) {
	sc := r.Correlation
	c := &correlation{meta: m, typ: sc.Type, span: int64(sc.Timespan), cond: sc.Condition, nsrc: len(sc.Rules),
		groupBy: sc.GroupBy, alerts: alerts, groups: map[string]*group{}, eng: e}
	if c.cond != nil && len(c.cond.Ops) == 0 {
		c.cond = nil
	}
	c.bounded = c.cond != nil && c.cond.Bounded()
	if c.typ == "temporal_ordered" && c.cond != nil && !(c.cond.Holds(int64(c.nsrc)) && !c.cond.Holds(int64(c.nsrc-1))) {
		return nil, r.Errorf(sc.KeyPos["condition"], "correlation.condition", "temporal_ordered supports only the default condition (all %d rules in order)", c.nsrc)
	}
	if c.typ == "temporal_ordered" {
		c.cond, c.bounded = nil, false
	}
	return c, nil
}

// wire resolves a correlation's sources and builds the feeds that carry
// their matches into it.
func (cp *compiler) wire(rules []*sigma.Rule, r *sigma.Rule, c *correlation, dets map[*sigma.Rule]*detector, corrs map[*sigma.Rule]*correlation, metas map[*sigma.Rule]*ruleMeta) error {
	sc := r.Correlation
	var sources []*ruleMeta
	var valueFields []string
	if sc.Condition != nil {
		valueFields = sc.Condition.Field
	}
	for i, ref := range sc.Rules {
		src := sigma.Resolve(rules, ref)
		sources = append(sources, metas[src])
		f := &feed{c: c, src: i}
		group, err := resolveFields(sc, src, ref, sc.GroupBy)
		if err != nil {
			return r.Errorf(sc.KeyPos["group-by"], "correlation.group-by", "%v", err)
		}
		values, err := resolveFields(sc, src, ref, valueFields)
		if err != nil {
			return r.Errorf(sc.KeyPos["condition"], "correlation.condition.field", "%v", err)
		}
		if d := dets[src]; d != nil {
			if f.groupSlots, err = cp.fieldSlots(r, src, group); err == nil {
				f.valueSlots, err = cp.fieldSlots(r, src, values)
			}
			if err != nil {
				return r.Errorf(sc.Pos, "correlation", "%v", err)
			}
			f.srcRule = src
			d.feeds = append(d.feeds, f)
			c.detFeeds = append(c.detFeeds, f)
			continue
		}
		child := corrs[src]
		if f.groupIdx, err = childIndexes(src, child, group, rules, dets); err == nil {
			f.valueIdx, err = childIndexes(src, child, values, rules, dets)
		}
		if err != nil {
			return r.Errorf(sc.KeyPos["rules"], "correlation.rules", "%v", err)
		}
		child.feeds = append(child.feeds, f)
	}
	c.meta.inherit(sources)
	return nil
}

// resolveFields maps group-by (or counted) names through the aliases to the
// field each source rule's events hold them in.
func resolveFields(sc *sigma.Correlation, src *sigma.Rule, ref string, names []string) ([]string, error) {
	out := make([]string, len(names))
	for i, name := range names {
		alias, ok := sc.Aliases[name]
		if !ok {
			out[i] = name
			continue
		}
		field := ""
		for _, k := range []string{src.Name, src.ID, ref} {
			if v, ok := alias[k]; ok && k != "" {
				field = v
				break
			}
		}
		if field == "" {
			return nil, fmt.Errorf("alias %q does not say which field holds it in rule %q (add %s: <field> under aliases.%s)", name, ref, ref, name)
		}
		out[i] = field
	}
	return out, nil
}

// fieldSlots maps a correlation's group-by (or counted) fields through the
// pipelines as the source rule's fields are mapped, and gives them slots.
func (cp *compiler) fieldSlots(r, src *sigma.Rule, fields []string) ([]int, error) {
	cp.rule, cp.ls = r, logsourceOf(src)
	out := make([]int, len(fields))
	for i, f := range fields {
		slot, err := cp.mappedSlot(f, r.Correlation.Pos, "correlation")
		if err != nil {
			return nil, err
		}
		out[i] = slot
	}
	return out, nil
}

// childIndexes finds fields among a child correlation's group-by fields
// (index >= 0). A field the child does not group by (Sigma 2.1 lets an
// outer correlation group by another field) is read from the events of the
// child's episode, which the child then captures: index -(k+1) is its k-th
// captured field. That needs the child's own rules to be detection rules.
func childIndexes(child *sigma.Rule, c *correlation, fields []string, rules []*sigma.Rule, dets map[*sigma.Rule]*detector) ([]int, error) {
	out := make([]int, len(fields))
	for i, f := range fields {
		out[i] = -1
		for j, g := range child.Correlation.GroupBy {
			if g == f {
				out[i] = j
			}
		}
		if out[i] >= 0 {
			continue
		}
		for _, ref := range child.Correlation.Rules {
			if dets[sigma.Resolve(rules, ref)] == nil {
				return nil, fmt.Errorf("chained correlation %q groups by [%s] and correlates other correlations, so %q is not available to the correlation that uses it", child.Label(), strings.Join(child.Correlation.GroupBy, ", "), f)
			}
		}
		out[i] = -(c.capture(f) + 1)
	}
	return out, nil
}

// captureSlots gives the feeds into correlations that capture fields for
// the correlations chained on them the slots of those fields, mapped as
// each source rule's fields are.
func (cp *compiler) captureSlots(rules []*sigma.Rule, corrs map[*sigma.Rule]*correlation) error {
	for _, r := range rules {
		c := corrs[r]
		if c == nil || len(c.captured) == 0 {
			continue
		}
		for _, f := range c.detFeeds {
			slots, err := cp.fieldSlots(r, f.srcRule, c.captured)
			if err != nil {
				return r.Errorf(r.Correlation.Pos, "correlation", "%v", err)
			}
			f.extraSlots = slots
		}
	}
	return nil
}

// topoOrder lists correlations children first, so that flushing a child
// reaches its parents before they flush.
func topoOrder(rules []*sigma.Rule, corrs map[*sigma.Rule]*correlation) []*correlation {
	var out []*correlation
	done := map[*sigma.Rule]bool{}
	var visit func(r *sigma.Rule)
	visit = func(r *sigma.Rule) {
		if done[r] || r.Correlation == nil {
			return
		}
		done[r] = true
		for _, ref := range r.Correlation.Rules {
			visit(sigma.Resolve(rules, ref))
		}
		out = append(out, corrs[r])
	}
	for _, r := range rules {
		visit(r)
	}
	return out
}
