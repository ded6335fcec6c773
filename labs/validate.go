package labs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/pipeline"

	"github.com/soclab/soclab/generator/activity"
	"github.com/soclab/soclab/generator/truth"
)

// Limits a lab must stay within, so that an instance stays a classroom-sized
// dataset.
const (
	MinUsers     = 12
	MaxUsers     = 5000
	MaxWindow    = 14 * 24 * time.Hour
	MaxRate      = 100.0
	maxScenarios = 32
)

var (
	idPattern        = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$`)
	techniquePattern = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)
)

// checker runs the semantic checks after decoding, with the decoder's
// positions to point at the offending field.
type checker struct {
	*decoder
	files bool // check the files the lab names beside it
}

// fail records an error on path, positioned at its value (or its closest
// parent when the field is missing).
func (c checker) fail(path, format string, args ...any) {
	if c.failed(path) {
		return
	}
	p := c.posOf(path)
	c.errs = append(c.errs, &FieldError{File: c.file, Line: p.line, Column: p.col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// failKey records an error positioned at path's key rather than its value.
func (c checker) failKey(path, format string, args ...any) {
	if c.failed(path) {
		return
	}
	p, ok := c.keys[path]
	if !ok {
		p = c.posOf(path)
	}
	c.errs = append(c.errs, &FieldError{File: c.file, Line: p.line, Column: p.col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// has reports whether the lab file wrote path.
func (c checker) has(path string) bool { _, ok := c.at[path]; return ok }

func (c checker) check(l *Lab) {
	c.header(l)
	if l.Recorded == nil || c.has("org") {
		c.org(l)
	}
	c.recordedSpec(l)
	c.window(l)
	c.rates(l)
	c.picks(l)
	c.scenarios(l, "scenarios", l.Scenarios, truth.KindAttack)
	c.scenarios(l, "decoys", l.Decoys, truth.KindDecoy)
	c.rules(l)
	c.report(l)
	c.rubric(l)
	if !(l.PassMark >= 0 && l.PassMark <= 100) { // NaN fails every comparison
		c.fail("pass_mark", "pass mark %v is outside 0..100", l.PassMark)
	}
	if c.files && len(c.errs) == 0 && l.RecordedTruth != nil {
		c.recordedData(l)
	}
}

func (c checker) header(l *Lab) {
	switch {
	case l.ID == "":
		c.fail("id", "missing: every lab needs an id (lowercase letters, digits and dashes)")
	case !idPattern.MatchString(l.ID):
		c.fail("id", "id %q must be 3-64 lowercase letters, digits and dashes, starting and ending with a letter or digit", l.ID)
	}
	c.required("title", l.Title)
	c.required("summary", l.Summary)
	c.oneOf("difficulty", l.Difficulty, Difficulties)
	if l.Minutes <= 0 {
		c.fail("minutes", "want the estimated minutes to complete, a whole number above 0")
	}
	if len(l.Objectives) == 0 {
		c.fail("objectives", "missing: list at least one learning objective")
	}
	for i, o := range l.Objectives {
		c.required(fmt.Sprintf("objectives[%d]", i), o)
	}
	for i, t := range l.Techniques {
		if !techniquePattern.MatchString(t) {
			c.fail(fmt.Sprintf("techniques[%d]", i), "%q is not an ATT&CK technique id (T1234 or T1234.001)", t)
		}
	}
}

// required complains when a text field is empty.
func (c checker) required(path, v string) {
	if strings.TrimSpace(v) == "" {
		c.fail(path, "missing: must not be empty")
	}
}

// oneOf complains when v is not one of allowed, with a suggestion.
func (c checker) oneOf(path, v string, allowed []string) {
	if v == "" {
		c.fail(path, "missing: want one of %s", strings.Join(allowed, ", "))
		return
	}
	if !slices.Contains(allowed, v) {
		c.fail(path, "%q is not one of %s%s", v, strings.Join(allowed, ", "), didYouMean(v, allowed))
	}
}

func (c checker) org(l *Lab) {
	if u := l.Org.Users; u < MinUsers || u > MaxUsers {
		c.fail("org.users", "want between %d and %d users, got %d", MinUsers, MaxUsers, u)
	}
	if h := l.Org.Hosts; h < 0 || h > 2*MaxUsers {
		c.fail("org.hosts", "want between 0 (derived from users) and %d hosts, got %d", 2*MaxUsers, h)
	}
}

func (c checker) window(l *Lab) {
	if d := l.Window.Duration.D(); d <= 0 || d > MaxWindow {
		c.fail("window.duration", "want a duration above 0 and at most %s, got %s", "14d", d)
	}
	if f := l.Window.From; !f.IsZero() && (f.Year() < 2000 || f.Year() > 2100) {
		c.fail("window.from", "%s is not a plausible start (years 2000..2100)", f.Format(time.RFC3339))
	}
}

func (c checker) rates(l *Lab) {
	seen := map[string]string{}
	for _, k := range sortedKeys(l.Rates) {
		path := "rates." + k
		ds, err := activity.ResolveDataset(k)
		if err != nil {
			c.failKey(path, "%v", err)
			continue
		}
		if prev, ok := seen[ds]; ok {
			c.failKey(path, "%q and %q both name %s: give its rate once", prev, k, ds)
		}
		seen[ds] = k
		if v := l.Rates[k]; !(v >= 0 && v <= MaxRate) { // NaN fails every comparison
			c.fail(path, "rate %v is outside 0..%v", v, MaxRate)
		}
	}
}

func (c checker) scenarios(l *Lab, field string, refs []ScenarioRef, kind string) {
	if kind == truth.KindAttack && len(refs) == 0 && !c.has(field) && l.Recorded == nil {
		c.fail(field, "missing: a lab needs at least one attack scenario")
	}
	if len(refs) > maxScenarios {
		c.fail(field, "too many entries (%d, at most %d)", len(refs), maxScenarios)
	}
	for i, r := range refs {
		path := fmt.Sprintf("%s[%d]", field, i)
		c.scenario(l, path, r, kind)
	}
}

func (c checker) scenario(l *Lab, path string, r ScenarioRef, kind string) {
	if r.ID == "" {
		c.fail(path+".id", "missing: name %s (see docs/scenarios.md)", kindWord(kind))
		return
	}
	info, err := lookupScenario(r.ID)
	known := err == nil
	switch {
	case !known:
		c.fail(path+".id", "%v", err)
	case info.Kind != kind:
		other := map[string]string{truth.KindAttack: "scenarios", truth.KindDecoy: "decoys"}[info.Kind]
		c.fail(path+".id", "%q is %s: list it under %s", r.ID, kindWord(info.Kind), other)
	}
	if r.At != nil {
		if _, ok := r.Params["start"]; ok {
			c.fail(path+".params.start", "give the start either as at: or as params.start, not both")
		}
		if t := r.At.Resolve(l.Window.Start()); t.Before(l.Window.Start()) || !t.Before(l.Window.End()) {
			c.fail(path+".at", "%s is outside the lab's window %s..%s", t.Format(time.RFC3339),
				l.Window.Start().Format(time.RFC3339), l.Window.End().Format(time.RFC3339))
		}
	}
	if r.Jitter < 0 {
		c.fail(path+".jitter", "jitter must not be negative")
	}
	if r.Jitter > 0 && r.At == nil {
		c.fail(path+".jitter", "jitter moves at:, which is missing")
	}
	if known {
		for _, err := range validateParams(r.ID, r.Params) {
			c.paramError(path, err)
		}
		c.refs(l, path, r)
	}
}

var pickNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

func (c checker) picks(l *Lab) {
	for _, name := range sortedKeys(l.Picks) {
		path := "picks." + name
		if !pickNamePattern.MatchString(name) {
			c.failKey(path, "pick name %q must be 1-32 lowercase letters, digits and underscores, starting with a letter", name)
		}
		if kind := l.Picks[name]; !slices.Contains(PickKinds, kind) {
			c.fail(path, "%q is not a pick kind (%s)%s", kind, strings.Join(PickKinds, ", "), didYouMean(kind, PickKinds))
		}
	}
}

// refs checks the "$pick" values of a scenario's parameters: the pick must
// exist and suit the parameter (an account for a user, a machine or an
// account with a workstation for a host).
func (c checker) refs(l *Lab, path string, r ScenarioRef) {
	types := paramTypes(r.ID)
	for _, k := range sortedKeys(r.Params) {
		name := refName(r.Params[k])
		if name == "" || types[k] == "" {
			continue
		}
		p := path + ".params." + k
		kind, ok := l.Picks[name]
		switch {
		case !ok:
			c.fail(p, "no pick %q: declare it under picks:%s", name, didYouMean(name, sortedKeys(l.Picks)))
		case types[k] != "user" && types[k] != "host":
			c.fail(p, "parameter %q is a %s: only user and host parameters take a pick", k, types[k])
		case types[k] == "user" && !pickIsAccount(kind):
			c.fail(p, "parameter %q wants an account, and pick %q is a %s", k, name, kind)
		case types[k] == "host" && kind == "service":
			c.fail(p, "parameter %q wants a machine, and pick %q is a service account without one", k, name)
		}
	}
}

// paramError positions a scenario's parameter error at the parameter it
// names.
func (c checker) paramError(path string, err error) {
	if p := paramOf(err); p != "" {
		c.fail(path+".params."+p, "%s", paramMessage(err))
		return
	}
	c.fail(path+".params", "%s", paramMessage(err))
}

func kindWord(kind string) string {
	if kind == truth.KindDecoy {
		return "a decoy"
	}
	return "an attack scenario"
}

func (c checker) rules(l *Lab) {
	for i, f := range l.Rules.Files {
		path := fmt.Sprintf("rules.files[%d]", i)
		if f == "" {
			c.fail(path, "missing: a rule file or folder, relative to the lab file")
		} else if c.files {
			if _, err := statIn(l, f); err != nil {
				c.fail(path, "%v", err)
			}
		}
	}
	specs := l.PipelineSpecs()
	for i, p := range l.Rules.Pipelines {
		path := fmt.Sprintf("rules.pipelines[%d]", i)
		switch {
		case p == "":
			c.fail(path, "missing: a pipeline file, relative to the lab file, or a bundled pipeline's name")
		case c.files:
			if _, err := pipeline.Load(specs[i : i+1]); err != nil {
				c.fail(path, "%v", err)
			}
		}
	}
	if !l.Rules.UseBundled() && len(l.Rules.Files) == 0 {
		c.fail("rules", "no rules: the bundled pack is off and no files are listed")
	}
	if len(l.Rules.Include) > 0 && len(l.Rules.Exclude) > 0 {
		c.fail("rules.exclude", "give include or exclude, not both")
	}
	if c.files && len(c.errs) == 0 && len(l.Rules.Include)+len(l.Rules.Exclude) > 0 {
		c.ruleRefs(l)
	}
	if c.files && len(c.errs) == 0 {
		c.ruleCompile(l)
	}
}

// ruleCompile compiles the lab's pack with its pipelines, so that a rule
// on a log source or field the lab's events never carry is the lab's error,
// not a silent rule that never fires.
func (c checker) ruleCompile(l *Lab) {
	rules, err := l.RulePack()
	if err != nil {
		c.fail("rules", "%v", err)
		return
	}
	opts, err := l.DetectorOptions()
	if err != nil {
		c.fail("rules.pipelines", "%v", err)
		return
	}
	if _, err := detectors.Compile(rules, opts); err != nil {
		c.fail("rules", "%v", err)
	}
}

// ruleRefs checks that include and exclude name rules of the pack.
func (c checker) ruleRefs(l *Lab) {
	all, err := l.allRules()
	if err != nil {
		c.fail("rules", "%v", err)
		return
	}
	ids := ruleIDs(all)
	for field, list := range map[string][]string{"include": l.Rules.Include, "exclude": l.Rules.Exclude} {
		for i, id := range list {
			if !slices.Contains(ids, id) {
				c.fail(fmt.Sprintf("rules.%s[%d]", field, i), "no rule with id or name %q in the pack%s (see 'soclab rules list')", id, didYouMean(id, ids))
			}
		}
	}
}

func (c checker) report(l *Lab) {
	r := l.Report
	c.oneOf("report.verdict", r.Verdict, Verdicts)
	c.oneOf("report.severity", r.Severity, Severities)
	c.oneOf("report.category", r.Category, Categories)
	if r.Verdict == TruePositive && len(r.IOCs) == 0 {
		c.fail("report.iocs", "missing: a true positive needs the roles of its key indicators (e.g. [attacker_ip])")
	}
	roles := c.roles(l)
	for i, role := range r.IOCs {
		if roles != nil && !slices.Contains(roles, role) {
			c.fail(fmt.Sprintf("report.iocs[%d]", i), roleProblem(l)+" (roles: %s)%s",
				role, strings.Join(roles, ", "), didYouMean(role, roles))
		}
	}
	if r.Tolerance < 0 {
		c.fail("report.tolerance", "tolerance must not be negative")
	}
	if len(r.Actions) == 0 {
		c.fail("report.actions", "missing: list the recommended actions a report must contain")
	}
	seen := map[string]bool{}
	for i, a := range r.Actions {
		path := fmt.Sprintf("report.actions[%d]", i)
		switch {
		case a.ID == "":
			c.fail(path+".id", "missing: name the action (e.g. block-ip)")
		case seen[a.ID]:
			c.fail(path+".id", "action %q listed twice", a.ID)
		}
		seen[a.ID] = true
		if len(a.Synonyms) == 0 {
			c.fail(path+".synonyms", "missing: list the phrases that count as this action")
		}
		for j, s := range a.Synonyms {
			c.required(fmt.Sprintf("%s.synonyms[%d]", path, j), s)
		}
	}
}

// roles lists the indicator roles of the lab's attack scenarios (of a
// recorded lab: its truth file's indicators), or nil when they are not
// known: a scenario is unknown (its own error says so), or the truth file
// was not read.
func (c checker) roles(l *Lab) []string {
	var roles []string
	if l.Recorded != nil {
		if l.RecordedTruth == nil {
			return nil
		}
		for _, ind := range l.RecordedTruth.Indicators {
			roles = addNew(roles, ind.Role)
		}
		slices.Sort(roles)
		return nonNilStrings(roles)
	}
	for _, r := range l.Scenarios {
		info, err := lookupScenario(r.ID)
		if err != nil {
			return nil
		}
		for _, role := range info.Roles {
			if !slices.Contains(roles, role) {
				roles = append(roles, role)
			}
		}
	}
	slices.Sort(roles)
	return roles
}

func (c checker) rubric(l *Lab) {
	if l.Rubric == nil {
		return
	}
	r := l.Rubric
	if !(r.Triage >= 0) || !(r.Report >= 0) { // NaN fails every comparison
		c.fail("rubric", "weights must not be negative")
	}
	if c.has("rubric.triage") != c.has("rubric.report") {
		c.fail("rubric", "give both triage and report weights, or neither")
	} else if c.has("rubric.triage") && r.Triage+r.Report <= 0 {
		c.fail("rubric", "triage and report weights add up to 0")
	}
	for _, k := range sortedKeys(r.Criteria) {
		if !slices.Contains(Criteria, k) {
			c.failKey("rubric.criteria."+k, "unknown criterion %q%s", k, didYouMean(k, Criteria))
		} else if r.Criteria[k] < 0 {
			c.fail("rubric.criteria."+k, "weight must not be negative")
		}
	}
	for _, k := range sortedKeys(r.Gates) {
		switch g := r.Gates[k]; {
		case !slices.Contains(GateIDs, k):
			c.failKey("rubric.gates."+k, "unknown gate %q%s", k, didYouMean(k, GateIDs))
		case g.Cap < 0 || g.Cap > 100 || g.Cap != g.Cap:
			c.fail("rubric.gates."+k+".cap", "a cap is a score from 0 (the default) to 100")
		}
	}
}

// sortedKeys returns a map's keys in order, for deterministic errors.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// roleProblem says that a role (%q) is not among the lab's: those of its
// attack scenarios, or of a recorded lab's truth file.
func roleProblem(l *Lab) string {
	if l.Recorded != nil {
		return "the truth file gives no indicator of role %q"
	}
	return "no attack scenario of this lab has indicators of role %q"
}

// nonNilStrings returns s, or an empty list for nil (nil means "unknown"
// to roles' callers).
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
