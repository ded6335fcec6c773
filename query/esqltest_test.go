package query

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/columnar"
)

var update = flag.Bool("update", false, "rewrite the expectations of testdata/*.esqltest")

// An .esqltest file is a script:
//
//	# comment
//	now 2026-03-02T12:00:00Z        (optional: what NOW() returns)
//	events                          (then one ECS JSON document per line)
//	{"@timestamp": ...}
//
//	query FROM logs-* | STATS c = COUNT(*)
//	c:long
//	3
//
//	query FROM logs-* | WHERE
//	error: line 1:22: ...
//
//	search user.name: a* and not event.outcome: success
//	2 events                        (a KQL search: the count, then the
//	e02                              event.id of each match)
//	e03
//
//	query FROM logs-*               (a query may go on over lines that
//	| STATS n = COUNT(*)             start with "| ")
//	n:long
//	10
//
// Each query is followed by its expectation: a header of name:type cells,
// then one line per row, cells joined by " | " (null prints as null,
// multi-values as [a, b]), then any "warning: ..." lines; or a single
// "error: ..." line. A query without an expectation fails the test, so
// nothing passes vacuously. Every script runs against the NDJSON path and
// against the column store (written with tiny row groups, so that merging
// across row groups is exercised too). go test -update rewrites the
// expectations from the NDJSON path's answers.
type script struct {
	path   string
	now    time.Time
	events []string
	cases  []scriptCase
}

type scriptCase struct {
	line   int
	query  string
	kql    bool
	expect []string
}

func parseScript(t *testing.T, path string) *script {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &script{path: path, now: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		switch {
		case ln == "" || strings.HasPrefix(ln, "#"):
		case strings.HasPrefix(ln, "now "):
			s.now, err = time.Parse(time.RFC3339, strings.TrimPrefix(ln, "now "))
			if err != nil {
				t.Fatalf("%s:%d: %v", path, i+1, err)
			}
		case ln == "events":
			for i+1 < len(lines) && lines[i+1] != "" {
				i++
				s.events = append(s.events, lines[i])
			}
		case strings.HasPrefix(ln, "query ") || strings.HasPrefix(ln, "search "):
			c := scriptCase{line: i + 1, query: strings.TrimPrefix(strings.TrimPrefix(ln, "query "), "search "), kql: strings.HasPrefix(ln, "search ")}
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "| ") {
				i++
				c.query += "\n" + lines[i]
			}
			for i+1 < len(lines) && lines[i+1] != "" {
				i++
				c.expect = append(c.expect, lines[i])
			}
			if len(c.expect) == 0 && !*update {
				t.Errorf("%s:%d: query has no expectation", path, c.line)
			}
			s.cases = append(s.cases, c)
		default:
			t.Fatalf("%s:%d: unexpected line %q (want events, now, query or a comment)", path, i+1, ln)
		}
	}
	return s
}

// render prints a result or an error in the script's expectation format.
func render(res *Result, err error) []string {
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	head := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		head[i] = c.Name + ":" + c.Type
	}
	out := []string{strings.Join(head, " | ")}
	for _, row := range res.Values {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = FormatValue(v)
		}
		out = append(out, strings.Join(cells, " | "))
	}
	for _, w := range res.Warnings {
		out = append(out, "warning: "+w)
	}
	return out
}

// renderIDs prints a search's matches as their event.id, one per line.
func renderIDs(res *Result, err error) []string {
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	out := []string{fmt.Sprintf("%d events", len(res.Values))}
	for _, e := range res.Events() {
		out = append(out, e.ID())
	}
	return out
}

// scriptBackends returns the backends a script runs on.
func scriptBackends(t *testing.T, s *script) map[string]Backend {
	dir := t.TempDir()
	nd := filepath.Join(dir, "events.ndjson")
	if err := os.WriteFile(nd, []byte(strings.Join(s.events, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return s.now }
	w, err := columnar.NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.RowGroupRows = 2
	w.NoSync = true
	for i, line := range s.events {
		e, err := event.Unmarshal([]byte(line))
		if err != nil {
			t.Fatalf("%s: event %d: %v", s.path, i+1, err)
		}
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	eng, err := OpenWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	eng.Now = now
	return map[string]Backend{
		"ndjson": &FileBackend{Path: nd, Now: now},
		"store":  eng,
	}
}

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.esqltest")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s := parseScript(t, file)
			backends := scriptBackends(t, s)
			for i, c := range s.cases {
				for _, name := range []string{"ndjson", "store"} {
					var got []string
					if c.kql {
						res, err := backends[name].(Searcher).Search(context.Background(), c.query, SearchOptions{})
						got = renderIDs(res, err)
					} else {
						res, err := backends[name].Query(context.Background(), c.query)
						got = render(res, err)
					}
					if *update && name == "ndjson" {
						s.cases[i].expect = got
						continue
					}
					if strings.Join(got, "\n") != strings.Join(c.expect, "\n") {
						t.Errorf("%s:%d (%s): %s\n--- got\n%s\n--- want\n%s", file, c.line, name, c.query,
							strings.Join(got, "\n"), strings.Join(c.expect, "\n"))
					}
				}
			}
			if *update {
				writeScript(t, s)
			}
		})
	}
}

// writeScript rewrites a script's expectations, keeping everything else.
func writeScript(t *testing.T, s *script) {
	data, _ := os.ReadFile(s.path)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var b bytes.Buffer
	k := 0
	for i := 0; i < len(lines); i++ {
		b.WriteString(lines[i] + "\n")
		if strings.HasPrefix(lines[i], "query ") || strings.HasPrefix(lines[i], "search ") {
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "| ") {
				i++
				b.WriteString(lines[i] + "\n")
			}
			for i+1 < len(lines) && lines[i+1] != "" {
				i++
			}
			for _, e := range s.cases[k].expect {
				b.WriteString(e + "\n")
			}
			k++
		}
	}
	if err := os.WriteFile(s.path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "updated %s\n", s.path)
}
