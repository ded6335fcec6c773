package grader

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/grader/gradertest"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// recommends reports whether any clause of text asks for the action.
func recommends(key *instance.Key, cls []clause, a labs.ActionGroup) bool {
	return newMatcher(key, a).in(cls)
}

// reportOf parses a report for key.
func reportOf(t *testing.T, key *instance.Key, md string) *report.Report {
	t.Helper()
	r, err := report.Parse([]byte(md), report.Options{From: key.Truth.From, To: key.Truth.To})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestActionsByMeaning checks that recommendations match by action and
// object, in the analyst's own words and with the instance's entities,
// and that a negated action never earns credit.
func TestActionsByMeaning(t *testing.T) {
	key := loadKey(t)
	for _, tc := range []struct {
		text string
		want []string // action ids credited
	}{
		{"- Disable the svc-backup account.", []string{"reset-password"}},
		{"- Reset his password and tell him why.", []string{"reset-password"}},
		{"- Isolate db-01 (EDR network containment).", []string{"isolate-host"}},
		{"- Put the server in network containment.", []string{"isolate-host"}},
		{"- Blocked 203.0.113.7 on the perimeter firewall.", []string{"block-ip"}},
		{"- Do not reset the password: the account is a service account.", nil},
		{"- There is no need to block the address; it is a cloud range.", nil},
		{"- We should not isolate the host yet.", nil},
		{"- Rotating the credentials of svc-backup. Quarantining db-01. Denying the source at the firewall.", []string{"block-ip", "reset-password", "isolate-host"}},
		{"- Reset the password rather than disabling the account, and do not block anything.", []string{"reset-password"}},
	} {
		r := reportOf(t, key, "# Report\n\n## Recommendations\n\n"+tc.text+"\n")
		sec := clauses(r.Text(report.Recommendations))
		var got []string
		for _, a := range key.Report.Actions {
			if recommends(key, sec, a) {
				got = append(got, a.ID)
			}
		}
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: credited %v, want %v", tc.text, got, want)
		}
	}
}

// TestIndicatorsAreListed checks that only a table's value column and list
// items list indicators, never prose or a line that excludes them.
func TestIndicatorsAreListed(t *testing.T) {
	key := loadKey(t)
	md := `# Report

## Indicators of Compromise

| Type | Value | Context |
| --- | --- | --- |
| ip | 203.0.113[.]7 | brute force source, seen with 192.0.2.99 in the same range |
| host | db-01 | reached over SMB |

- 2001:db8:66::7
- not indicators: 10.20.0.5 (the authorised scanner), 198.18.0.10 (the backup job)

Second account: svc-backup

The attacker also looked up example.org, which is not an indicator.
Prose mentioning 192.0.2.50 in a longer sentence that explains something lists nothing.
`
	r := reportOf(t, key, md)
	var got []string
	for _, in := range r.Indicators() {
		got = append(got, in.Value)
	}
	want := []string{"203.0.113.7", "db-01", "2001:db8:66::7"}
	if !slices.Equal(got, want) {
		t.Errorf("listed %v, want %v", got, want)
	}
	res := scoreIOCs(key, &Submission{Report: r})
	for _, f := range res.feedback {
		if strings.Contains(f, "10.20.0.5") || strings.Contains(f, "198.18.0.10") || strings.Contains(f, "192.0.2") {
			t.Errorf("an excluded or unlisted value is penalised: %q", f)
		}
	}
}

// TestStuffingKeepsCosting checks that the indicator criterion goes below
// zero when a report lists many values that are not the incident's.
func TestStuffingKeepsCosting(t *testing.T) {
	key := loadKey(t)
	var b strings.Builder
	b.WriteString("# Report\n\n## IOCs\n\n| Type | Value |\n| --- | --- |\n| ip | 203.0.113.7 |\n| ip | 2001:db8:66::7 |\n| user | svc-backup |\n")
	for i := range 12 {
		b.WriteString("| ip | 192.0.2." + string(rune('1'+i%9)) + string(rune('0'+i/9)) + " |\n")
	}
	few := scoreIOCs(key, &Submission{Report: reportOf(t, key, b.String())})
	for i := range 30 {
		b.WriteString("| ip | 198.51.100." + string(rune('1'+i%9)) + string(rune('0'+i/9)) + " |\n")
	}
	many := scoreIOCs(key, &Submission{Report: reportOf(t, key, b.String())})
	if !(few.frac < 0 && many.frac < few.frac) {
		t.Errorf("12 stray values: %v, 42: %v; want both below zero and more costing more", few.frac, many.frac)
	}
}

// TestTimelineRowsDescribeMilestones checks that a row earns a milestone
// only when it says what happened, and that one row may cover two moments
// within the tolerance.
func TestTimelineRowsDescribeMilestones(t *testing.T) {
	key := loadKey(t)
	k := *key
	k.Report.Milestones = []truth.Milestone{
		{Time: time.Date(2026, 3, 2, 21, 22, 14, 100e6, time.UTC), What: "lookup of u4.filepost.app"},
		{Time: time.Date(2026, 3, 2, 21, 22, 14, 300e6, time.UTC), What: "first upload starts"},
	}
	k.Truth.Scenarios = []truth.Scenario{{ID: "data-exfil", Kind: truth.KindAttack, Milestones: k.Report.Milestones}}
	for _, tc := range []struct {
		row  string
		want float64
	}{
		{"| 2026-03-02 21:22:14 | upload to the file host starts |", 1},
		{"| 2026-03-02 21:22:14 | something happened |", 0},
		{"| 2026-03-02 21:22:14 | DNS query for u4.filepost.app |", 0.5},
		{"| 2026-03-02 22:40:00 | upload to the file host starts |", 0},
	} {
		r := reportOf(t, &k, "# R\n\n## Timeline\n\n| Time | What |\n| --- | --- |\n"+tc.row+"\n")
		if got := scoreTimeline(&k, &Submission{Report: r}); got.frac != tc.want {
			t.Errorf("%s: %v, want %v (%q)", tc.row, got.frac, tc.want, got.feedback)
		}
	}
}

// TestTechniquesTheEvidenceShows checks that a technique the rule that
// fired on the attack carries costs nothing on that alert.
func TestTechniquesTheEvidenceShows(t *testing.T) {
	frac, missing, extra := techniqueOverlap([]string{"T1071.001", "T1573"}, []string{"T1105"}, []string{"T1071.001", "T1573", "T1105"})
	if frac != 1 || missing != 0 || extra != 0 {
		t.Errorf("accepted tag: frac %v, missing %d, extra %d", frac, missing, extra)
	}
	frac, _, extra = techniqueOverlap([]string{"T1071.001"}, nil, []string{"T1071.001", "T1059", "T1003"})
	if extra != 2 || frac >= 0.5 {
		t.Errorf("unrelated tags: frac %v, extra %d", frac, extra)
	}
}

// TestFeedbackDoesNotLeak grades a blank submission and checks that its
// feedback gives no count of true positives or expected techniques, and
// that the JSON carries every line the text sheet does.
func TestFeedbackDoesNotLeak(t *testing.T) {
	key := loadKey(t)
	tp := 0
	for _, a := range key.Alerts {
		if a.Verdict == labs.TruePositive {
			tp++
		}
	}
	blank := grade(t, key, files{[]byte("alerts: []\n"), []byte("# Report\n")})
	var sheet strings.Builder
	blank.WriteText(&sheet)
	js, _ := json.Marshal(blank)
	for _, c := range blank.Criteria {
		for _, f := range c.Feedback {
			if c.ID != TriageVerdict && strings.Contains(f, "not triaged") {
				t.Errorf("%s counts untriaged alerts: %q", c.ID, f)
			}
			if strings.Contains(f, "expected ATT&CK") && strings.ContainsAny(f, "0123456789") {
				t.Errorf("a count of expected techniques: %q", f)
			}
			if !strings.Contains(sheet.String(), f) {
				t.Errorf("JSON line missing from the text sheet: %q", f)
			}
		}
	}
	if strings.Contains(string(js), "more alert") || strings.Contains(sheet.String(), "... and") {
		t.Error("feedback is cut with '... and N more'")
	}
	_ = tp
}

// TestNoiseMayBeFalseOrBenign checks that an alert on ordinary noise may be
// called a false or a benign positive: the key cannot tell an admin's
// authorised work from a misfire, so both are right.
func TestNoiseMayBeFalseOrBenign(t *testing.T) {
	key := loadKey(t)
	perfect := grade(t, key, pair(gradertest.Perfect(key)))
	tri, rep := gradertest.Perfect(key)
	tri = []byte(strings.Replace(string(tri), "- id: a-07\n    verdict: false_positive", "- id: a-07\n    verdict: benign_positive", 1))
	if !strings.Contains(string(tri), "a-07\n    verdict: benign_positive") {
		t.Fatal("the triage does not hold a-07 as expected")
	}
	if g := grade(t, key, files{tri, rep}); g.Score != perfect.Score {
		t.Errorf("noise called a benign positive scored %v, the key's false positive %v", g.Score, perfect.Score)
	}
}
