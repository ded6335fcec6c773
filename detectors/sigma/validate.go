package sigma

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Statuses and Levels are the values the specification allows.
var (
	Statuses = map[string]bool{"stable": true, "test": true, "experimental": true, "deprecated": true, "unsupported": true}
	Levels   = map[string]bool{"informational": true, "low": true, "medium": true, "high": true, "critical": true}
)

var (
	dateRE = regexp.MustCompile(`^\d{4}[-/](0[1-9]|1[012])[-/](0[1-9]|[12]\d|3[01])$`)
	tagRE  = regexp.MustCompile(`^[a-z0-9_\-]+(\.[a-z0-9_\-]+)+$`)
	nameRE = regexp.MustCompile(`^[A-Za-z0-9_\-.]+$`)
	// UUIDRE matches a UUID as Sigma recommends for rule ids.
	UUIDRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

func (d *decoder) validateMeta(root *yaml.Node) {
	r := d.rule
	at := func(key string) Pos { return r.KeyPos[key] }
	add := func(key, format string, args ...any) {
		p := at(key)
		if p.Line == 0 {
			p = pos(root)
		}
		d.errs = append(d.errs, r.Errorf(p, key, format, args...))
	}
	switch {
	case strings.TrimSpace(r.Title) == "":
		add("title", "missing: every rule needs a title")
	case len(r.Title) > 256:
		add("title", "longer than 256 characters")
	}
	if _, ok := r.KeyPos["id"]; ok && strings.TrimSpace(r.ID) == "" {
		add("id", "empty id")
	}
	if r.Name != "" && !nameRE.MatchString(r.Name) {
		add("name", "%q: a name is letters, digits, \"_\", \"-\" and \".\"", r.Name)
	}
	if r.Status != "" && !Statuses[r.Status] {
		add("status", "%q is not a status (use stable, test, experimental, deprecated or unsupported)", r.Status)
	}
	if r.Level != "" && !Levels[r.Level] {
		add("level", "%q is not a level (use informational, low, medium, high or critical)", r.Level)
	}
	for _, k := range []string{"date", "modified"} {
		v := r.Date
		if k == "modified" {
			v = r.Modified
		}
		if v != "" && !dateRE.MatchString(v) {
			add(k, "%q is not a date: write YYYY-MM-DD", v)
		}
	}
	for _, t := range r.Tags {
		if !tagRE.MatchString(t) {
			add("tags", "%q is not a tag: lower case namespace and value joined by dots, e.g. attack.t1110.001", t)
		}
	}
	if len(r.Description) > 65535 {
		add("description", "longer than 65535 characters")
	}
}

// CheckSet validates rules loaded together: ids and names are unique, and
// every rule a correlation refers to exists, with no cycle.
func CheckSet(rules []*Rule) ErrorList {
	var errs ErrorList
	byRef := map[string]*Rule{}
	for _, r := range rules {
		for _, ref := range []struct{ key, val string }{{"id", r.ID}, {"name", r.Name}} {
			if ref.val == "" {
				continue
			}
			if prev, dup := byRef[ref.val]; dup && prev != r {
				errs = append(errs, r.Errorf(r.KeyPos[ref.key], ref.key, "%q is already used by rule %q in %s", ref.val, prev.Label(), prev.File))
				continue
			}
			byRef[ref.val] = r
		}
	}
	for _, r := range rules {
		if r.Correlation == nil {
			continue
		}
		for _, ref := range r.Correlation.Rules {
			target := byRef[ref]
			switch {
			case target == nil:
				errs = append(errs, r.Errorf(r.Correlation.KeyPos["rules"], "correlation.rules", "no loaded rule has the id or name %q", ref))
			case target == r:
				errs = append(errs, r.Errorf(r.Correlation.KeyPos["rules"], "correlation.rules", "a correlation cannot refer to itself"))
			}
		}
	}
	if len(errs) == 0 {
		errs = append(errs, cycles(rules, byRef)...)
	}
	return errs
}

func cycles(rules []*Rule, byRef map[string]*Rule) ErrorList {
	var errs ErrorList
	state := map[*Rule]int{} // 1 visiting, 2 done
	var visit func(r *Rule) bool
	visit = func(r *Rule) bool {
		if state[r] == 1 {
			return false
		}
		if state[r] == 2 || r.Correlation == nil {
			return true
		}
		state[r] = 1
		for _, ref := range r.Correlation.Rules {
			if !visit(byRef[ref]) {
				return false
			}
		}
		state[r] = 2
		return true
	}
	for _, r := range rules {
		if !visit(r) {
			errs = append(errs, r.Errorf(r.Correlation.KeyPos["rules"], "correlation.rules", "correlations refer to each other in a cycle"))
			return errs
		}
	}
	return errs
}

// Resolve returns the rule that ref (an id or a name) names in rules.
func Resolve(rules []*Rule, ref string) *Rule {
	for _, r := range rules {
		if r.ID == ref || (r.Name != "" && r.Name == ref) {
			return r
		}
	}
	return nil
}
