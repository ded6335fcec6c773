package console

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
	"github.com/soclab/soclab/query"
)

func TestQueryAnswersAsTheCLI(t *testing.T) {
	_, ts := newTestServer(t)
	for _, q := range []string{
		`FROM logs-* | STATS events = COUNT(*) BY event.dataset | SORT events DESC`,
		`FROM logs-system.auth-* | WHERE event.outcome == "failure" | STATS n = COUNT(*) BY source.ip | SORT n DESC | LIMIT 5`,
		`FROM soclab-alerts* | KEEP @timestamp, rule.name, soclab.alert.level | SORT @timestamp`,
	} {
		// What soclab query --format json prints: the workspace engine's
		// result written as json.
		eng, err := query.OpenWorkspace(testDir)
		if err != nil {
			t.Fatal(err)
		}
		res, err := eng.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		res.Write(&want, "json")
		eng.Close()

		resp, err := http.Post(ts.URL+"/api/query", "application/json", strings.NewReader(`{"query": `+quote(q)+`}`))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: status %d\n got %.300s\nwant %.300s", q, resp.StatusCode, got, want.Bytes())
		}
	}
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func TestBadQueryIsA400WithThePosition(t *testing.T) {
	_, ts := newTestServer(t)
	var e apiError
	if st := call(t, ts, "POST", "/api/query", map[string]string{"query": "FROM logs-* | WHERE"}, &e); st != 400 {
		t.Fatalf("status %d, want 400", st)
	}
	if !strings.Contains(e.Error, "1:") || !strings.Contains(e.Error, "^") {
		t.Errorf("error %q: want line:col and a caret", e.Error)
	}
}

func TestCrossSiteWriteIsRefused(t *testing.T) {
	s, ts := newTestServer(t)
	path := filepath.Join(testDir, TriageFile)
	before, _ := os.ReadFile(path)
	id := s.ids[0]
	d := Decision{Verdict: "true_positive", Severity: "high"}
	cases := map[string]map[string]string{
		"foreign origin":       {"X-CSRF-Token": "test-token", "Origin": "http://evil.example"},
		"no token":             {"Origin": ts.URL},
		"wrong token":          {"X-CSRF-Token": "guess", "Origin": ts.URL},
		"cross-site fetch":     {"X-CSRF-Token": "test-token", "Sec-Fetch-Site": "cross-site"},
		"form post, no header": {},
	}
	for name, hdr := range cases {
		var e apiError
		if st := callWith(t, ts, "PUT", "/api/triage/"+id, d, &e, hdr); st != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, st)
		}
		if st := callWith(t, ts, "PUT", "/api/report", reportBody{Text: "# x"}, &e, hdr); st != http.StatusForbidden {
			t.Errorf("%s: report: status %d, want 403", name, st)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused write changed triage.yaml")
	}
	var a Alert
	if st := call(t, ts, "PUT", "/api/triage/"+id, d, &a); st != 200 || a.Triage != "done" {
		t.Fatalf("same-origin write: status %d, state %q", st, a.Triage)
	}
}

func TestTriageWriteKeepsTheFileAndItsComments(t *testing.T) {
	s, ts := newTestServer(t)
	path := filepath.Join(testDir, TriageFile)
	before, _ := os.ReadFile(path)
	id := s.ids[1]
	esc := true
	d := Decision{Verdict: "benign_positive", Severity: "low", Techniques: []string{"t1110.001", "T1078"}, Escalate: &esc, Note: `a "quoted" note: with colon`}
	var a Alert
	if st := call(t, ts, "PUT", "/api/triage/"+id, d, &a); st != 200 {
		t.Fatalf("status %d", st)
	}
	after, _ := os.ReadFile(path)
	tr, err := triage.Parse(after, triage.Options{File: path, KnownIDs: s.ids})
	if err != nil {
		t.Fatalf("written file does not parse: %v", err)
	}
	got := tr.ByID(id)
	if got.Verdict != "benign_positive" || got.Severity != "low" || strings.Join(got.Techniques, ",") != "T1110.001,T1078" ||
		got.Escalate == nil || !*got.Escalate || got.Note != d.Note {
		t.Errorf("entry = %+v", got)
	}
	// Every comment line of the template is still there, and the other
	// entries are untouched.
	for _, line := range strings.Split(string(before), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") && !strings.Contains(string(after), line) {
			t.Errorf("comment lost: %q", line)
		}
	}
	if e := tr.ByID(s.ids[0]); e != nil && !e.Empty() {
		t.Errorf("another entry changed: %+v", e)
	}
	// Clearing the verdict goes back to an empty value.
	call(t, ts, "PUT", "/api/triage/"+id, Decision{}, &a)
	if a.Triage != "new" {
		t.Errorf("after clearing: state %q, want new", a.Triage)
	}
}

func TestTriageRefusesBadValues(t *testing.T) {
	s, ts := newTestServer(t)
	path := filepath.Join(testDir, TriageFile)
	before, _ := os.ReadFile(path)
	var e apiError
	if st := call(t, ts, "PUT", "/api/triage/"+s.ids[0], Decision{Verdict: "maybe"}, &e); st != 400 || !strings.Contains(e.Error, "verdict") {
		t.Errorf("bad verdict: status %d, error %q", st, e.Error)
	}
	if st := call(t, ts, "PUT", "/api/triage/nope", Decision{}, &e); st != 404 {
		t.Errorf("unknown alert: status %d", st)
	}
	if st := call(t, ts, "PUT", "/api/triage/"+s.ids[0], map[string]any{"verdikt": "x"}, &e); st != 400 {
		t.Errorf("unknown field: status %d", st)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused write changed triage.yaml")
	}
}

func TestAlertEventsAndPivots(t *testing.T) {
	s, ts := newTestServer(t)
	for _, a := range s.alerts {
		var resp struct {
			Result struct {
				Values [][]any `json:"values"`
			} `json:"result"`
			Pivots []Pivot `json:"pivots"`
		}
		if st := call(t, ts, "GET", "/api/alerts/"+a.ID+"/events", nil, &resp); st != 200 {
			t.Fatalf("%s: status %d", a.ID, st)
		}
		if len(resp.Result.Values) != len(a.EventIDs) {
			t.Errorf("%s: %d evidence events, want %d", a.Rule, len(resp.Result.Values), len(a.EventIDs))
		}
		if len(resp.Pivots) == 0 {
			t.Errorf("%s (%s): no pivots", a.Rule, a.Entity)
		}
		for _, p := range resp.Pivots {
			if p.Label == "same source ±15 min" && (p.From == "" || p.To == "") {
				t.Errorf("%s: source pivot without a time range", a.Rule)
			}
		}
	}
}

func TestDiscoverHintsWhenTheRangeMissesTheData(t *testing.T) {
	s, ts := newTestServer(t)
	var alerts discoverResponse
	call(t, ts, "POST", "/api/discover", discoverRequest{Language: "kql", Query: "*", Index: "soclab-alerts*"}, &alerts)
	if alerts.Total != int64(len(s.alerts)) {
		t.Errorf("KQL over soclab-alerts*: %d hits, want the %d alerts", alerts.Total, len(s.alerts))
	}
	var d discoverResponse
	call(t, ts, "POST", "/api/discover", discoverRequest{Language: "kql", Query: "*", From: "2027-01-01T00:00:00Z", To: "2027-01-02T00:00:00Z"}, &d)
	if d.Total != 0 || !strings.Contains(d.Hint, "this workspace covers 2026-03-02 00:00 UTC") || !strings.Contains(d.Hint, "outside the data") {
		t.Errorf("total %d, hint %q", d.Total, d.Hint)
	}
	d = discoverResponse{}
	call(t, ts, "POST", "/api/discover", discoverRequest{Language: "kql", Query: "user.nme: root"}, &d)
	if d.Total != 0 || len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "did you mean [user.name]?") {
		t.Errorf("misspelt field: total %d, warnings %q", d.Total, d.Warnings)
	}
	d = discoverResponse{}
	call(t, ts, "POST", "/api/discover", discoverRequest{Language: "kql", Query: "event.outcome: failure", Limit: 10}, &d)
	var sum int64
	for _, b := range d.Histogram {
		sum += b.Count
	}
	if d.Total == 0 || sum != d.Total || d.Hint != "" {
		t.Errorf("failures: total %d, histogram sum %d, hint %q", d.Total, sum, d.Hint)
	}
}

func TestReportLintAndSubmit(t *testing.T) {
	_, ts := newTestServer(t)
	var l Lint
	call(t, ts, "GET", "/api/report/lint", nil, &l)
	for _, s := range l.Sections {
		if s.Status != "template" {
			t.Errorf("template report: section %s is %s", s.ID, s.Status)
		}
	}
	var rb reportBody
	call(t, ts, "GET", "/api/report", nil, &rb)
	table := "| Type | Value | Context |\n| --- | --- | --- |\n"
	text := strings.Replace(rb.Text, table, table+"| ip | 198.51.100.77 | attacker |\n", 1)
	if text == rb.Text {
		t.Fatalf("template has no IOC heading:\n%s", rb.Text)
	}
	if st := call(t, ts, "PUT", "/api/report", reportBody{Text: text}, &l); st != 200 {
		t.Fatalf("PUT report: %d", st)
	}
	if len(l.Indicators) != 1 || l.Indicators[0].Value != "198.51.100.77" {
		t.Errorf("indicators = %+v", l.Indicators)
	}
	if disk, _ := os.ReadFile(filepath.Join(testDir, ReportFile)); string(disk) != text {
		t.Error("report.md is not what was saved")
	}
	var sub Submission
	if st := call(t, ts, "POST", "/api/submit", nil, &sub); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	if !strings.HasPrefix(sub.Feedback, "Lab ssh-bruteforce-101, seed 1") || sub.Grade == nil {
		t.Errorf("feedback %.200q", sub.Feedback)
	}
}

func TestPageShowsTheBriefingWithoutRawHTML(t *testing.T) {
	_, ts := newTestServer(t)
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	brief, _ := os.ReadFile(filepath.Join(testDir, "BRIEFING.md"))
	title := strings.TrimPrefix(strings.SplitN(string(brief), "\n", 2)[0], "# ")
	if !strings.Contains(string(page), `id="briefing"`) || !strings.Contains(string(page), "<h1>"+title) {
		t.Errorf("page lacks the briefing %q", title)
	}
	if resp.Header.Get("Content-Security-Policy") == "" || !strings.Contains(string(page), `<meta name="csrf-token" content="test-token">`) {
		t.Error("page lacks its CSP or its CSRF token")
	}
	var out bytes.Buffer
	briefingMD.Convert([]byte("# x\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1))\n"), &out)
	if strings.Contains(out.String(), "<script") || strings.Contains(out.String(), "javascript:") {
		t.Errorf("briefing renders raw HTML or a script link: %s", out.String())
	}
}

func TestAnalystIsWrittenToTriageYAML(t *testing.T) {
	s, ts := newTestServer(t)
	var b analystBody
	if st := call(t, ts, "PUT", "/api/analyst", analystBody{Analyst: "J. Doe"}, &b); st != 200 {
		t.Fatalf("status %d", st)
	}
	data, _ := os.ReadFile(filepath.Join(testDir, TriageFile))
	tr, err := triage.Parse(data, triage.Options{KnownIDs: s.ids})
	if err != nil || tr.Analyst != "J. Doe" {
		t.Fatalf("analyst %q, err %v", tr.Analyst, err)
	}
	if st := call(t, ts, "PUT", "/api/analyst", analystBody{Analyst: "a\nb"}, &b); st != 400 {
		t.Errorf("two-line name: status %d", st)
	}
	if st := callWith(t, ts, "PUT", "/api/analyst", analystBody{Analyst: "x"}, &b, map[string]string{"Origin": "http://evil.example", "X-CSRF-Token": "test-token"}); st != 403 {
		t.Errorf("cross-site: status %d", st)
	}
}

func TestClassWorkspaceExportsItsSubmission(t *testing.T) {
	lab, err := labs.Find("ssh-bruteforce-101")
	if err != nil {
		t.Fatal(err)
	}
	who, err := instance.TraineeOf([]byte("0123456789abcdef0123456789abcdef"), lab, "jdoe")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "tw")
	if _, err := instance.Start(context.Background(), lab, who, instance.StartOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	eng, err := query.OpenWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s, err := New(Options{Dir: dir, Backend: eng, Token: "test-token"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	var sub Submission
	if st := call(t, ts, "POST", "/api/submit", nil, &sub); st != 200 || sub.Grade != nil {
		t.Fatalf("status %d, %+v", st, sub)
	}
	for _, name := range []string{TriageFile, ReportFile} {
		got, err1 := os.ReadFile(filepath.Join(dir, SubmissionDir, "jdoe", name))
		want, err2 := os.ReadFile(filepath.Join(dir, name))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: exported copy differs (%v, %v)", name, err1, err2)
		}
	}
}
