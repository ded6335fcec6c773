package labs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/iofile"
)

// recordedSpec checks the recorded: section on its own and, when the
// checker reads files, reads the truth file into l.RecordedTruth.
func (c checker) recordedSpec(l *Lab) {
	r := l.Recorded
	if r == nil {
		return
	}
	if len(l.Scenarios) > 0 {
		c.fail("scenarios", "a recorded lab takes no generated attack scenarios: its answer key comes from the truth file, so the attack must be recorded too (soclab generate, then list its NDJSON under recorded.events); a generated background (org, rates, decoys) may go beside the recorded events")
	}
	if !c.has("org") {
		for field, set := range map[string]bool{"decoys": len(l.Decoys) > 0, "picks": len(l.Picks) > 0, "rates": len(l.Rates) > 0} {
			if set {
				c.failKey(field, "%s shapes a generated background, and this lab has none: give org: to replay the recorded events inside a generated organisation's activity, or leave it out", field)
			}
		}
		if l.PCAP {
			c.fail("pcap", "a recorded lab's capture is recorded too: name it with recorded.pcap instead (pcap: true captures a generated background, which needs org:)")
		}
	} else if l.PCAP && r.PCAP != "" {
		c.fail("pcap", "a workspace holds one capture and recorded.pcap names it: leave pcap: true out (the generated background's flows then have no packets), or drop recorded.pcap")
	}
	if len(r.Events) == 0 {
		c.fail("recorded.events", "missing: list the NDJSON files of recorded events (soclab import writes them), relative to the lab file")
	}
	for i, f := range r.Events {
		c.recordedFile(l, fmt.Sprintf("recorded.events[%d]", i), f, "an NDJSON file of events")
	}
	if r.PCAP != "" {
		c.recordedFile(l, "recorded.pcap", r.PCAP, "a capture")
		if c.files && !c.failed("recorded.pcap") {
			c.pcapMagic(l)
		}
	}
	if r.Truth == "" {
		c.fail("recorded.truth", "missing: name the truth file (indicators, milestones, the alerts' verdicts), relative to the lab file")
		return
	}
	c.recordedFile(l, "recorded.truth", r.Truth, "the truth file")
	if c.files && !c.failed("recorded.truth") {
		data, err := l.readTruth()
		if err != nil {
			c.fail("recorded.truth", "%v", err)
			return
		}
		t, errs := parseTruthFile(data, l.relPath(r.Truth))
		c.errs = append(c.errs, errs...)
		if len(errs) == 0 {
			l.RecordedTruth = t
		}
	}
}

// readTruth reads the truth file, at most MaxTruthFileSize bytes.
func (l *Lab) readTruth() ([]byte, error) {
	if l.Bundled {
		return fs.ReadFile(bundledFS, l.relPath(l.Recorded.Truth))
	}
	data, err := iofile.ReadAtMost(l.relPath(l.Recorded.Truth), MaxTruthFileSize)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s is larger than the %d bytes a truth file may be", l.Recorded.Truth, MaxTruthFileSize)
	}
	return data, err
}

// recordedFile checks one file name of the recorded section and, when the
// checker reads files, that it exists.
func (c checker) recordedFile(l *Lab, path, name, what string) {
	switch {
	case strings.TrimSpace(name) == "":
		c.fail(path, "missing: %s, relative to the lab file", what)
	case c.files:
		if _, err := statIn(l, name); err != nil {
			c.fail(path, "%v", err)
		}
	}
}

// pcapMagic checks that recorded.pcap starts like a pcap or pcapng file.
func (c checker) pcapMagic(l *Lab) {
	rc, err := l.OpenPCAP()
	if err != nil {
		c.fail("recorded.pcap", "%v", err)
		return
	}
	defer rc.Close()
	var magic [4]byte
	if _, err := io.ReadFull(rc, magic[:]); err != nil {
		c.fail("recorded.pcap", "%s: not a pcap or pcapng capture (%v)", l.Recorded.PCAP, err)
		return
	}
	known := [][]byte{{0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0xc3, 0xd4}, {0x4d, 0x3c, 0xb2, 0xa1}, {0xa1, 0xb2, 0x3c, 0x4d}, {0x0a, 0x0d, 0x0d, 0x0a}}
	if !slices.ContainsFunc(known, func(m []byte) bool { return bytes.Equal(m, magic[:]) }) {
		c.fail("recorded.pcap", "%s: not a pcap or pcapng capture (it starts % x)", l.Recorded.PCAP, magic)
	}
}

// recordedData checks the truth file against the lab's pack and its
// recorded events: every rule it names is in the pack, the events read
// cleanly and lie in the window, milestones lie within the recorded span
// and name an event of their second, every alert the rules raise has a
// verdict, and every verdict judges an alert.
func (c checker) recordedData(l *Lab) {
	t := l.RecordedTruth
	rules, err := l.RulePack()
	if err != nil {
		c.fail("rules", "%v", err)
		return
	}
	var errs ErrorList
	t.ruleIDs, errs = t.resolveRules(rules)
	c.errs = append(c.errs, errs...)
	if len(errs) > 0 {
		return
	}
	run, err := l.RunRecorded(context.Background())
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		c.errs = append(c.errs, fe)
		return
	case err != nil:
		c.fail("recorded.events", "%v", err)
		return
	case run.Events == 0:
		c.fail("recorded.events", "the files hold no events")
		return
	}
	c.errs = append(c.errs, t.checkMilestones(run)...)
	c.errs = append(c.errs, t.checkCoverage(run)...)
	if l.recordedSum, err = l.hashRecorded(); err != nil {
		c.fail("recorded", "%v", err)
	}
}

// resolveRules returns the rule id each alert entry names (by id, name or
// title), and a problem for each that names no rule of the pack.
func (t *TruthFile) resolveRules(rules []*sigma.Rule) ([]string, ErrorList) {
	var errs ErrorList
	ids := make([]string, len(t.Alerts))
	known := ruleIDs(rules)
	for _, r := range rules {
		known = append(known, r.Title)
	}
	for i, v := range t.Alerts {
		var found []*sigma.Rule
		for _, r := range rules {
			if r.ID == v.Rule || (r.Name != "" && r.Name == v.Rule) {
				found = []*sigma.Rule{r}
				break
			}
			if r.Title == v.Rule {
				found = append(found, r)
			}
		}
		path := fmt.Sprintf("alerts[%d].rule", i)
		switch len(found) {
		case 0:
			errs = append(errs, t.problem(path, "no rule with id, name or title %q in the lab's pack%s; see 'soclab rules list' and the lab's rules:", v.Rule, didYouMean(v.Rule, known)))
		case 1:
			ids[i] = found[0].ID
		default:
			errs = append(errs, t.problem(path, "%d rules have the title %q: name one by its id", len(found), v.Rule))
		}
	}
	return ids, errs
}

// checkMilestones checks the milestones against the recorded span and
// their entities against the events of their second.
func (t *TruthFile) checkMilestones(run *RecordedRun) ErrorList {
	var errs ErrorList
	from, to := run.First.Truncate(time.Second), run.Last
	for i, m := range t.Milestones {
		path := fmt.Sprintf("milestones[%d]", i)
		if m.Time.Before(from) || m.Time.After(to) {
			errs = append(errs, t.problem(path+".time", "%s is outside the recorded events, %s..%s", stamp(m.Time), stamp(run.First), stamp(run.Last)))
			continue
		}
		if m.Entity != "" && run.MilestoneEvents[i] == "" {
			errs = append(errs, t.problem(path+".entity", "no recorded event of %s (to the second) names %q", m.Time.UTC().Format(time.RFC3339), m.Entity))
		}
	}
	return errs
}

// checkCoverage reports each (rule, entity) of alerts no entry judges, and
// each entry that judges no alert.
func (t *TruthFile) checkCoverage(run *RecordedRun) ErrorList {
	var errs ErrorList
	used := make([]bool, len(t.Alerts))
	type uncovered struct {
		first int // index of the first such alert
		n     int
	}
	var order []string
	missing := map[string]*uncovered{}
	for i, a := range run.Alerts {
		if j := run.Judged[i]; j >= 0 {
			used[j] = true
			continue
		}
		k := a.RuleID + "\x00" + run.Entity(a).String()
		if u, ok := missing[k]; ok {
			u.n++
			continue
		}
		missing[k] = &uncovered{first: i, n: 1}
		order = append(order, k)
	}
	for _, k := range order {
		u := missing[k]
		a := run.Alerts[u.first]
		ent := run.Entity(a)
		where := ""
		if len(a.EventIDs) > 0 {
			if w := run.Where(a.EventIDs[0]); w != "" {
				where = ", first event at " + w
			}
		}
		count := "an alert"
		if u.n > 1 {
			count = fmt.Sprintf("%d alerts", u.n)
		}
		errs = append(errs, t.problem("alerts", "uncovered: rule %q (%s) raises %s on %s (%s%s) that no entry judges: add {rule: %s, entity: {field: %s, value: %s}, verdict: ...}",
			a.Title, a.RuleID, count, ent, stamp(a.End), where, a.RuleID, ent.Field, ent.Value))
	}
	for i, v := range t.Alerts {
		if !used[i] {
			errs = append(errs, t.problem(fmt.Sprintf("alerts[%d]", i), "judges no alert: the lab's rules raise no alert of rule %q on %s in the recorded events", v.Rule, v.Entity))
		}
	}
	return errs
}
