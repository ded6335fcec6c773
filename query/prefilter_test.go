package query

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestPrefilterSameAnswers checks that the row selection of a leading
// WHERE changes no result and no warning: each query is compared with the
// same query behind `true AND`, which the prefilter does not look into.
func TestPrefilterSameAnswers(t *testing.T) {
	f := newFixture(t, 3000, 50) // small row groups: some lack a column
	conds := []string{
		`event.outcome == "failure"`,
		`event.outcome != "failure"`,
		`event.outcome == "no-such-outcome"`,
		`event.outcome != "no-such-outcome"`,
		`soclab.sso.application == "mail"`,
		`soclab.sso.application != "mail" AND user.name == "root"`,
		// Warns only on rows where the first test is null.
		`soclab.sso.application == "mail" AND related.ip == "10.0.0.3"`,
		`url.domain == "example.com" AND related.ip == "10.0.0.3"`,
		`(user.name == "root" AND event.outcome == "failure") AND source.port > 2000`,
		`related.ip == "10.0.0.3"`,
		`dns.answers.data == "x" AND event.outcome == "success"`,
		`user.name == "root" OR event.outcome == "failure"`,
	}
	tails := []string{
		` | STATS n = COUNT(*) BY event.dataset | SORT event.dataset`,
		` | KEEP @timestamp, event.id, user.name | SORT @timestamp | LIMIT 20`,
	}
	backends := f.backends(t)
	for _, name := range []string{"store", "store-1-worker", "ndjson"} {
		for _, c := range conds {
			for _, tail := range tails {
				q := `FROM logs-* | WHERE ` + c + tail
				ref := `FROM logs-* | WHERE true AND (` + c + `)` + tail
				got, want := resultText(t, backends[name], q), resultText(t, backends[name], ref)
				if got != want {
					t.Errorf("%s: %s\n got %.500s\nwant %.500s", name, q, got, want)
				}
			}
		}
	}
}

// resultText renders a result and its warnings, or the query's error.
func resultText(t *testing.T, b Backend, q string) string {
	t.Helper()
	res, err := b.Query(t.Context(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var buf bytes.Buffer
	if err := res.Write(&buf, "csv"); err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		// Positions differ between the two spellings; the messages
		// must not.
		if i := strings.Index(w, ": "); i >= 0 {
			w = w[i:]
		}
		fmt.Fprintf(&buf, "warning%s\n", w)
	}
	return buf.String()
}

// TestLikeMemoSameAnswers checks that LIKE on a dictionary column, which
// matches each distinct string once per row group, answers as LIKE over
// computed strings (TO_STRING), which matches every row.
func TestLikeMemoSameAnswers(t *testing.T) {
	f := newFixture(t, 3000, 50)
	likes := []string{
		`%s LIKE "*.exe"`,
		`%s NOT LIKE "*.exe"`,
		`%s LIKE "https://*/p/1*"`,
		`%s RLIKE ".*file[0-9]\\.js"`,
		`%s NOT RLIKE ".*file[0-9]\\.js"`,
	}
	for name, b := range f.backends(t) {
		for _, l := range likes {
			tail := ` | STATS n = COUNT(*) BY url.domain | SORT url.domain`
			q := `FROM logs-* | WHERE ` + fmt.Sprintf(l, "url.full") + tail
			ref := `FROM logs-* | WHERE ` + fmt.Sprintf(l, "TO_STRING(url.full)") + tail
			got, want := resultText(t, b, q), resultText(t, b, ref)
			if got != want || strings.Count(got, "\n") < 2 {
				t.Errorf("%s: %s\n got %.500s\nwant %.500s", name, q, got, want)
			}
		}
	}
}
