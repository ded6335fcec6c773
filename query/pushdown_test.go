package query

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/soclab/soclab/query/esql"
)

// TestRowFilterSameResult checks that the NDJSON pre-filter of a leading
// WHERE changes nothing: each query is run as written (filtered while
// loading) and with an `OR false` the pre-filter does not understand, on
// events whose dropped rows alone widen a column's type, fill a column,
// repeat keys or carry lists.
func TestRowFilterSameResult(t *testing.T) {
	lines := []string{
		`{"@timestamp":"2026-03-02T10:00:00Z","event":{"dataset":"system.auth","outcome":"success"},"x":{"n":"abc"},"only":{"dropped":7}}`,
		`{"@timestamp":"2026-03-02T10:00:01Z","event":{"dataset":"system.auth","outcome":"failure"},"x":{"n":5},"user":{"name":"bob"}}`,
		`{"@timestamp":"2026-03-02T10:00:02Z","event":{"dataset":"soclab.vpn","outcome":["failure","success"]},"x":{"n":6}}`,
		`{"@timestamp":"2026-03-02T10:00:03Z","event":{"dataset":"soclab.vpn","outcome":"failure"},"event.outcome":"success","x":{"n":1.5}}`,
		`{"@timestamp":"2026-03-02T10:00:04Z","event":{"dataset":"zeek.dns"},"x":{"n":true},"user":{"name":"eve"}}`,
		`{"@timestamp":"2026-03-02T10:00:05Z","event":{"dataset":"zeek.dns","outcome":"failure"},"dns":{"answers":[{"data":"10.0.0.1"}]}}`,
	}
	path := filepath.Join(t.TempDir(), "events.ndjson")
	if err := os.WriteFile(path, []byte(joinLines(lines)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ where, rest string }{
		{`event.outcome == "failure"`, `KEEP @timestamp, x.n, user.name | SORT @timestamp`},
		{`event.outcome == "failure"`, `STATS n = COUNT(*) BY only.dropped`},
		{`"failure" == event.outcome AND event.dataset == "soclab.vpn"`, `KEEP @timestamp, x.n`},
		{`event.outcome == "nothing"`, `STATS n = COUNT(*) BY x.n`},
		{`event.outcome == "failure"`, `STATS n = COUNT(*) BY dns.answers.data`},
		{`only.dropped == "7"`, `KEEP @timestamp`},
		{`x.n == "abc"`, `KEEP @timestamp, x.n`},
	} {
		q := "FROM logs-* | WHERE " + c.where + " | " + c.rest
		parsed, err := esql.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		if keep, _ := rowFilter(parsed); keep == nil {
			t.Fatalf("%s: no pre-filter", q)
		}
		keep, _ := rowFilter(parsed)
		b := &FileBackend{Path: path}
		ft, err1 := b.load(NeededFields(parsed), keep)
		ut, err2 := b.load(NeededFields(parsed), nil)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !reflect.DeepEqual(ft.Indices(), ut.Indices()) || !reflect.DeepEqual(ft.Fields(), ut.Fields()) {
			t.Errorf("%s: filtered table has indices %v fields %v, want %v %v", q, ft.Indices(), ft.Fields(), ut.Indices(), ut.Fields())
		}
		got := runFile(t, path, q)
		want := runFile(t, path, "FROM logs-* | WHERE ("+c.where+") OR false | "+c.rest)
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\nfiltered:\n%s\nunfiltered:\n%s", q, got, want)
		}
	}
}

func runFile(t *testing.T, path, q string) []byte {
	t.Helper()
	res, err := (&FileBackend{Path: path}).Query(context.Background(), q)
	var buf bytes.Buffer
	if err != nil {
		buf.WriteString("error: " + err.Error())
	} else if err := res.Write(&buf, "json"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func joinLines(ls []string) string {
	var b bytes.Buffer
	for _, l := range ls {
		b.WriteString(l + "\n")
	}
	return b.String()
}
