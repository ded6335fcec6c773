package labs

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/truth"
)

// fieldNamePattern is an event field's dotted name (source.ip,
// winlog.event_data.TargetUserName).
var fieldNamePattern = regexp.MustCompile(`^[A-Za-z@_][A-Za-z0-9_@-]*(\.[A-Za-z0-9_@-]+)*$`)

// IndicatorRoles returns every indicator and entity role the scenario
// catalogue's truth uses, sorted: the roles a truth file may give.
func IndicatorRoles() []string {
	var roles []string
	for _, info := range scenario.Catalogue() {
		for _, r := range info.Roles {
			if !slices.Contains(roles, r) {
				roles = append(roles, r)
			}
		}
	}
	slices.Sort(roles)
	return roles
}

// scenarioIDs returns the catalogue ids of one kind, sorted.
func scenarioIDs(kind string) []string {
	var ids []string
	for _, info := range scenario.Catalogue() {
		if info.Kind == kind {
			ids = append(ids, info.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// truthFile checks a truth file on its own.
func (c checker) truthFile(t *TruthFile) {
	for i, tech := range t.Techniques {
		if !techniquePattern.MatchString(tech) {
			c.fail(fmt.Sprintf("techniques[%d]", i), "%q is not an ATT&CK technique id (T1234 or T1234.001)", tech)
		}
	}
	roles := IndicatorRoles()
	c.indicators("indicators", t.Indicators, roles, truth.KindAttack)
	c.indicators("decoys", t.Decoys, roles, truth.KindDecoy)
	for i, u := range t.Users {
		c.required(fmt.Sprintf("users[%d]", i), u)
	}
	for i, h := range t.Hosts {
		c.required(fmt.Sprintf("hosts[%d]", i), h)
	}
	for i, m := range t.Milestones {
		path := fmt.Sprintf("milestones[%d]", i)
		if m.Time.IsZero() {
			c.fail(path+".time", "missing: the RFC 3339 time of the moment (2026-03-02T10:14:07Z)")
		}
		c.required(path+".what", m.What)
		c.stage(path+".stage", m.Stage, truth.KindAttack)
	}
	seen := map[string]int{}
	for i, a := range t.Alerts {
		c.alertVerdict(fmt.Sprintf("alerts[%d]", i), a)
		k := a.Rule + "\x00" + a.Entity.String()
		if j, dup := seen[k]; dup && a.Rule != "" && a.Entity.Field != "" {
			c.fail(fmt.Sprintf("alerts[%d]", i), "rule %q on %s is already judged by alerts[%d]", a.Rule, a.Entity, j)
		}
		seen[k] = i
	}
}

// indicators checks a list of indicators (or decoy entities): known role
// and type, a value, an address for an ip.
func (c checker) indicators(field string, list []Indicator, roles []string, kind string) {
	for i, ind := range list {
		path := fmt.Sprintf("%s[%d]", field, i)
		if ind.Role == "" {
			c.fail(path+".role", "missing: want one of the scenario catalogue's roles (e.g. attacker_ip, compromised_user)")
		} else if !slices.Contains(roles, ind.Role) {
			c.fail(path+".role", "unknown role %q%s; the roles are the scenario catalogue's (docs/scenarios.md)", ind.Role, didYouMean(ind.Role, roles))
		}
		c.oneOf(path+".type", ind.Type, IndicatorTypes)
		c.required(path+".value", ind.Value)
		if ind.Type == "ip" && ind.Value != "" {
			if _, err := netip.ParseAddr(ind.Value); err != nil {
				c.fail(path+".value", "%q is not an IP address", ind.Value)
			}
		}
		c.stage(path+".stage", ind.Stage, kind)
	}
}

// alertVerdict checks one alert's verdict on its own.
func (c checker) alertVerdict(path string, a AlertVerdict) {
	c.required(path+".rule", a.Rule)
	switch {
	case a.Entity.Field == "" && a.Entity.Value == "":
		c.fail(path+".entity", "missing: the entity the rule fired on, e.g. {field: source.ip, value: 203.0.113.50}")
	case a.Entity.Field == "":
		c.fail(path+".entity.field", "missing: an event field such as source.ip, user.name or host.name")
	case !fieldNamePattern.MatchString(a.Entity.Field):
		c.fail(path+".entity.field", "%q is not an event field name (source.ip, user.name, host.name)", a.Entity.Field)
	case a.Entity.Value == "":
		c.fail(path+".entity.value", "missing: the value of %s", a.Entity.Field)
	}
	c.oneOf(path+".verdict", a.Verdict, Verdicts)
	if a.Severity != "" {
		c.oneOf(path+".severity", a.Severity, Severities)
	}
	for j, tech := range a.Techniques {
		if !techniquePattern.MatchString(tech) {
			c.fail(fmt.Sprintf("%s.techniques[%d]", path, j), "%q is not an ATT&CK technique id (T1234 or T1234.001)", tech)
		}
	}
	kind := truth.KindAttack
	if a.Verdict != TruePositive {
		kind = truth.KindDecoy
	}
	c.stage(path+".stage", a.Stage, kind)
	if a.Verdict != TruePositive && a.Escalate != nil && *a.Escalate {
		c.fail(path+".escalate", "only a true positive goes to L2")
	}
}

// stage checks an optional stage: a scenario id of the catalogue, of the
// kind the entry needs (an attack for indicators, milestones and true
// positives; a decoy for decoys and other verdicts).
func (c checker) stage(path, id, kind string) {
	if id == "" {
		return
	}
	info, err := lookupScenario(id)
	if err != nil {
		ids := scenarioIDs(kind)
		c.fail(path, "unknown stage %q: want one of %s%s", id, strings.Join(ids, ", "), didYouMean(id, ids))
		return
	}
	if info.Kind != kind {
		c.fail(path, "%q is %s; this entry wants %s (%s)", id, kindWord(info.Kind), kindWord(kind), strings.Join(scenarioIDs(kind), ", "))
	}
}
