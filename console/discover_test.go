package console

import (
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/query/esql"
)

func TestWithTimeRange(t *testing.T) {
	from := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	to := from.Add(time.Hour)
	for in, want := range map[string]string{
		`FROM logs-*`: `FROM logs-* | WHERE @timestamp >= "2026-03-02T09:00:00.000Z" AND @timestamp < "2026-03-02T10:00:00.000Z"`,
		`FROM logs-* | WHERE message == "a|b" | LIMIT 1`: `FROM logs-* | WHERE @timestamp >= "2026-03-02T09:00:00.000Z" AND @timestamp < "2026-03-02T10:00:00.000Z" | WHERE message == "a|b" | LIMIT 1`,
		`ROW a = 1`: `ROW a = 1`,
		// a comment never hides the range
		"FROM logs-* // all | b\n| LIMIT 5": "FROM logs-* // all | b\n| WHERE @timestamp >= \"2026-03-02T09:00:00.000Z\" AND @timestamp < \"2026-03-02T10:00:00.000Z\" | LIMIT 5",
		"FROM logs-* // c":                  "FROM logs-* // c\n| WHERE @timestamp >= \"2026-03-02T09:00:00.000Z\" AND @timestamp < \"2026-03-02T10:00:00.000Z\"",
	} {
		if got := WithTimeRange(in, from, to); got != want {
			t.Errorf("WithTimeRange(%q)\n got %s\nwant %s", in, got, want)
		}
	}
	if got := WithTimeRange("FROM logs-*", time.Time{}, time.Time{}); got != "FROM logs-*" {
		t.Errorf("no bounds: %q", got)
	}
	if got := KQLWithTimeRange("*", from, time.Time{}); got != `@timestamp >= "2026-03-02T09:00:00.000Z" and (@timestamp: *)` {
		t.Errorf("KQL: %q", got)
	}
}

// FuzzWithTimeRange: a query that parses still parses with the time range
// added, and the range is never added inside a string.
func FuzzWithTimeRange(f *testing.F) {
	for _, s := range []string{`FROM logs-*`, `FROM a | WHERE b == "x|y"`, "FROM `a|b` | LIMIT 1", `FROM a | WHERE m == "\"|"`} {
		f.Add(s)
	}
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > 1000 {
			return
		}
		out := WithTimeRange(q, from, from.Add(time.Hour))
		if _, err := esql.Parse(q); err != nil {
			return
		}
		if _, err := esql.Parse(out); err != nil && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(q)), "FROM ") {
			t.Errorf("%q parses but %q does not: %v", q, out, err)
		}
	})
}

// FuzzSetDecision: whatever the file holds, setting a decision never
// panics, and when it succeeds the entry holds the decision.
func FuzzSetDecision(f *testing.F) {
	f.Add("analyst: x\nalerts:\n  - id: \"a\"\n    verdict:\n")
	f.Add("alerts: []\n")
	f.Add("- 1\n")
	f.Fuzz(func(t *testing.T, data string) {
		if len(data) > 4000 {
			return
		}
		out, err := setDecision([]byte(data), "a", Decision{Verdict: "true_positive", Severity: "low"})
		if err != nil {
			return
		}
		tr, err := triage.Parse(out, triage.Options{})
		if err == nil && tr != nil {
			if e := tr.ByID("a"); e != nil && e.Verdict != "true_positive" {
				t.Errorf("verdict %q after set", e.Verdict)
			}
		}
	})
}
