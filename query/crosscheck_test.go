package query

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/columnar"
)

// fixture is a generated dataset written both ways: NDJSON and store.
type fixture struct {
	events []*event.Event
	ndjson string
	dir    string
}

func newFixture(t testing.TB, n int, groupRows int) *fixture {
	dir := t.TempDir()
	f := &fixture{ndjson: filepath.Join(dir, "events.ndjson"), dir: dir}
	out, err := os.Create(f.ndjson)
	if err != nil {
		t.Fatal(err)
	}
	nw := event.NewWriter(out)
	w, err := columnar.NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.RowGroupRows, w.NoSync = groupRows, true
	genEvents(n, 7, func(e *event.Event) {
		f.events = append(f.events, e.Clone())
		if err := nw.Write(e); err != nil {
			t.Fatal(err)
		}
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	})
	if err := nw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) backends(t testing.TB) map[string]Backend {
	eng, err := OpenWorkspace(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	one, err := OpenWorkspace(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	one.Workers = 1
	t.Cleanup(func() { one.Close() })
	return map[string]Backend{"store": eng, "store-1-worker": one, "ndjson": &FileBackend{Path: f.ndjson}}
}

// counts renders a map of group → count as sorted "key=count" lines.
func counts(m map[string]int64) string {
	var lines []string
	for k, v := range m {
		lines = append(lines, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// resultCounts renders a two-column result (count, key) the same way.
func resultCounts(t *testing.T, res *Result) string {
	m := map[string]int64{}
	for _, row := range res.Values {
		m[FormatValue(row[1])] = row[0].(int64)
	}
	return counts(m)
}

// TestCrossCheck compares the engine, on both backends and with one or
// several workers, with the same questions answered directly in Go over
// the generated events.
func TestCrossCheck(t *testing.T) {
	f := newFixture(t, 30000, 4096)
	byDataset := map[string]int64{}
	sshFail := map[string]int64{}
	flowBytes := map[string]int64{}
	exe := map[string]int64{}
	users := map[string]bool{}
	tenNet := netip.MustParsePrefix("10.1.0.0/16")
	for _, e := range f.events {
		byDataset[e.Dataset()]++
		if e.Dataset() == "system.auth" && e.Str("event.outcome") == "failure" {
			sshFail[e.Str("source.ip")]++
		}
		if e.Dataset() == "zeek.connection" {
			if a, err := netip.ParseAddr(e.Str("source.ip")); err == nil && tenNet.Contains(a) {
				v, _ := e.Get("destination.bytes")
				p, _ := e.Get("destination.port")
				flowBytes[p.Text()] += v.IntVal()
			}
		}
		if strings.HasSuffix(e.Str("url.full"), ".exe") {
			exe[e.Str("url.domain")]++
		}
		if u := e.Str("user.name"); u != "" {
			users[u] = true
		}
	}
	checks := []struct {
		query string
		want  string
	}{
		{`FROM logs-* | STATS n = COUNT(*) BY event.dataset`, counts(byDataset)},
		{`FROM logs-system.auth-* | WHERE event.outcome == "failure" | STATS n = COUNT(*) BY source.ip`, counts(sshFail)},
		{`FROM logs-zeek.connection-* | WHERE CIDR_MATCH(source.ip, "10.1.0.0/16") | STATS b = SUM(destination.bytes) BY destination.port`, counts(flowBytes)},
		{`FROM logs-* | WHERE url.full LIKE "*.exe" | STATS n = COUNT(*) BY url.domain`, counts(exe)},
		{`FROM logs-* | STATS n = COUNT_DISTINCT(user.name) | EVAL k = "all"`, counts(map[string]int64{"all": int64(len(users))})},
	}
	for name, b := range f.backends(t) {
		for _, c := range checks {
			res, err := b.Query(context.Background(), c.query+" | LIMIT 10000")
			if err != nil {
				t.Fatalf("%s: %s: %v", name, c.query, err)
			}
			if got := resultCounts(t, res); got != c.want {
				t.Errorf("%s: %s\n got %.300s\nwant %.300s", name, c.query, got, c.want)
			}
		}
	}
}

// TestBackendsAgree checks that every backend gives the same bytes for
// queries whose order is defined, including the default LIMIT.
func TestBackendsAgree(t *testing.T) {
	f := newFixture(t, 12000, 1000)
	queries := []string{
		`FROM logs-*`,
		`FROM logs-* | SORT @timestamp DESC | LIMIT 5`,
		`FROM logs-zeek.dns-* | MV_EXPAND dns.answers.data | KEEP event.id, dns.answers.data | LIMIT 2000`,
		`FROM logs-* | STATS n = COUNT(*), b = SUM(source.bytes), u = VALUES(event.outcome) BY h = BUCKET(@timestamp, 1 minute) | SORT h`,
		`FROM logs-soclab.proxy-* | EVAL ext = SUBSTRING(url.path, -3) | STATS n = COUNT(*), m = MEDIAN(http.response.bytes), p = PERCENTILE(http.response.bytes, 99) BY ext, http.response.status_code | SORT ext, http.response.status_code`,
		`FROM logs-* | WHERE user.name LIKE "svc-*" | SORT user.name, @timestamp | KEEP @timestamp, user.name, event.action`,
	}
	backends := f.backends(t)
	for _, q := range queries {
		var first []byte
		for _, name := range []string{"store", "store-1-worker", "ndjson"} {
			res, err := backends[name].Query(context.Background(), q)
			if err != nil {
				t.Fatalf("%s: %s: %v", name, q, err)
			}
			var buf bytes.Buffer
			if err := res.Write(&buf, "json"); err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = buf.Bytes()
				if q == `FROM logs-*` && len(res.Values) != DefaultLimit {
					t.Errorf("FROM logs-* returned %d rows, want the default %d", len(res.Values), DefaultLimit)
				}
				continue
			}
			if !bytes.Equal(first, buf.Bytes()) {
				t.Errorf("%s differs from store for %s:\n%.400s\nvs\n%.400s", name, q, buf.Bytes(), first)
			}
		}
	}
}

// TestColdOpen writes a store, closes it, and checks that a fresh open
// answers exactly as the engine that read it first, and that rewriting
// the store in place replaces it whole.
func TestColdOpen(t *testing.T) {
	f := newFixture(t, 5000, 700)
	q := `FROM logs-* | STATS n = COUNT(*), first = MIN(@timestamp), last = MAX(@timestamp), ips = COUNT_DISTINCT(source.ip) BY event.dataset, event.outcome | SORT event.dataset, event.outcome`
	run := func() []byte {
		eng, err := OpenWorkspace(f.dir)
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		res, err := eng.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		res.Write(&buf, "json")
		return buf.Bytes()
	}
	a, b := run(), run()
	if !bytes.Equal(a, b) {
		t.Fatalf("two cold opens differ:\n%s\n%s", a, b)
	}
	// Rewrite the store with half the events: the old one must be gone.
	w, err := columnar.NewWriter(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range f.events[:2500] {
		w.Write(e)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	c := run()
	if bytes.Equal(a, c) {
		t.Fatal("rewritten store answers like the old one")
	}
	eng, _ := OpenWorkspace(f.dir)
	defer eng.Close()
	res, _ := eng.Query(context.Background(), `FROM logs-* | STATS n = COUNT(*)`)
	if res.Values[0][0] != int64(2500) {
		t.Fatalf("rewritten store has %v events, want 2500", res.Values[0][0])
	}
	entries, _ := os.ReadDir(f.dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("staging folder %s left behind", e.Name())
		}
	}
}
