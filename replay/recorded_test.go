package replay

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/iofile"
)

// readAll reads an NDJSON output into c.
func readAll(t *testing.T, path string, c *event.Collector) {
	t.Helper()
	f, err := iofile.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := event.NewReader(f, path)
	for {
		e, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		c.Write(e)
	}
}

func ids(c *event.Collector) []string {
	var out []string
	for _, e := range c.Events {
		out = append(out, e.Str("event.id"))
	}
	return out
}

// TestRecordedMerge merges two recorded files in time order; on a tie the
// first file's event comes first. The counts are by dataset.
func TestRecordedMerge(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.ndjson", strings.ReplaceAll(ndjson("2026-03-02T00:00:00Z", "2026-03-02T00:00:02Z", "2026-03-02T00:00:04Z"), `"id":"e`, `"id":"a`))
	b := writeFile(t, dir, "b.ndjson.gz", "")
	gz, err := iofile.Create(b)
	if err != nil {
		t.Fatal(err)
	}
	gz.Write([]byte(strings.ReplaceAll(ndjson("2026-03-02T00:00:01Z", "2026-03-02T00:00:02Z", "2026-03-02T00:00:09Z"), `"id":"e`, `"id":"b`)))
	if err := gz.Commit(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.ndjson")
	res, err := Run(context.Background(), Spec{Recorded: []string{a, b}}, Outputs{Events: out}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got event.Collector
	readAll(t, out, &got)
	if want := []string{"aa", "ba", "ab", "bb", "ac", "bc"}; !slices.Equal(ids(&got), want) {
		t.Errorf("merged order %v, want %v", ids(&got), want)
	}
	if res.Summary.Events != 6 || res.Summary.ByDataset[event.DatasetSSH] != 6 || res.Truth != nil {
		t.Errorf("summary %+v, truth %v", res.Summary, res.Truth)
	}
}

// TestRecordedSameBytes replays a generated file: the events come out as
// they went in, and the rules raise the alerts they raised on the
// generator's stream.
func TestRecordedSameBytes(t *testing.T) {
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen.ndjson")
	first, err := Run(context.Background(), Spec{Config: smallConfig(), Rules: bundled(t)}, Outputs{Events: gen, Alerts: filepath.Join(dir, "gen-alerts.ndjson")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "again.ndjson")
	second, err := Run(context.Background(), Spec{Recorded: []string{gen}, Rules: bundled(t)}, Outputs{Events: again, Alerts: filepath.Join(dir, "again-alerts.ndjson")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{{"gen.ndjson", "again.ndjson"}, {"gen-alerts.ndjson", "again-alerts.ndjson"}} {
		x, _ := os.ReadFile(filepath.Join(dir, pair[0]))
		y, _ := os.ReadFile(filepath.Join(dir, pair[1]))
		if len(x) == 0 || string(x) != string(y) {
			t.Errorf("%s (%d bytes) and %s (%d bytes) differ", pair[0], len(x), pair[1], len(y))
		}
	}
	if first.Summary.Events != second.Summary.Events || len(first.Alerts) != len(second.Alerts) {
		t.Errorf("generated %d events, %d alerts; replayed %d, %d", first.Summary.Events, len(first.Alerts), second.Summary.Events, len(second.Alerts))
	}
	for ds, n := range first.Summary.ByDataset {
		if second.Summary.ByDataset[ds] != n {
			t.Errorf("%s: generated %d, replayed %d", ds, n, second.Summary.ByDataset[ds])
		}
	}
}

// TestRecordedBadInput stops at the first bad line with its file and line,
// and leaves no output.
func TestRecordedBadInput(t *testing.T) {
	ok := ndjson("2026-03-02T00:00:00Z")
	for _, c := range []struct {
		name, text, want string
		is               error
	}{
		{"out of order", ndjson("2026-03-02T00:00:05Z", "2026-03-02T00:00:06Z", "2026-03-02T00:00:01Z"),
			"r.ndjson:3: @timestamp 2026-03-02T00:00:01Z is before the previous event's 2026-03-02T00:00:06Z", nil},
		{"no timestamp", ok + `{"event":{"id":"x"}}` + "\n", "r.ndjson:2: no @timestamp", ErrNoTimestamp},
		{"not a date", ok + `{"@timestamp":"yesterday"}` + "\n", `r.ndjson:2: invalid event: field "@timestamp"`, nil},
		{"not json", ok + "\n" + `{"@timestamp":` + "\n", "r.ndjson:3: ", event.ErrSyntax},
		{"first line bad", "[1]\n", "r.ndjson:1: ", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			rec := writeFile(t, dir, "r.ndjson", c.text)
			outDir := filepath.Join(dir, "out")
			os.Mkdir(outDir, 0o755)
			_, err := Run(context.Background(), Spec{Recorded: []string{rec}, Rules: bundled(t)}, Outputs{Events: filepath.Join(outDir, "e.ndjson"), Store: outDir}, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("%v is not %v", err, c.is)
			}
			if c.name == "out of order" {
				var oe *OrderError
				if !errors.As(err, &oe) || oe.Line != 3 {
					t.Errorf("not an *OrderError at line 3: %#v", err)
				}
			}
			if got := entries(t, outDir); len(got) != 0 {
				t.Errorf("a bad recording left %v", got)
			}
		})
	}
}

// TestRecordedMissingFile names the file.
func TestRecordedMissingFile(t *testing.T) {
	_, err := Run(context.Background(), Spec{Recorded: []string{filepath.Join(t.TempDir(), "nope.ndjson")}}, Outputs{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "nope.ndjson") {
		t.Fatalf("missing file: %v", err)
	}
}

// TestRecordedAlerts sends a finished run's alerts after its events to the
// alert outputs, unchanged.
func TestRecordedAlerts(t *testing.T) {
	dir := t.TempDir()
	ev := writeFile(t, dir, "events.ndjson", ndjson("2026-03-02T00:00:00Z"))
	al := writeFile(t, dir, "alerts.ndjson", `{"@timestamp":"2026-03-02T00:05:00.000Z","event":{"id":"alert-1","kind":"alert"},"rule":{"id":"r"}}`+"\n")
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	if _, err := Run(context.Background(), Spec{Recorded: []string{ev}, RecordedAlerts: []string{al}}, Outputs{Alerts: filepath.Join(out, "alerts.ndjson"), Store: out}, Options{}); err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(al)
	y, _ := os.ReadFile(filepath.Join(out, "alerts.ndjson"))
	if string(x) != string(y) {
		t.Errorf("alerts out:\n%s\nwant\n%s", y, x)
	}
}

// FuzzRecorded feeds arbitrary bytes as a recording: the run either fails
// with an error naming the file or writes exactly the events it counted,
// never panics, and leaves no temporary file.
func FuzzRecorded(f *testing.F) {
	f.Add([]byte(ndjson("2026-03-02T00:00:00Z", "2026-03-02T00:00:01Z")))
	f.Add([]byte(ndjson("2026-03-02T00:00:01Z", "2026-03-02T00:00:00Z")))
	f.Add([]byte("{}\n\n[]\n"))
	f.Add([]byte(`{"@timestamp":"2026-03-02T00:00:00Z","event":{"dataset":"x"}}` + "\n" + `{"@timestamp":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		rec := filepath.Join(dir, "r.ndjson")
		if err := os.WriteFile(rec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out")
		os.Mkdir(out, 0o755)
		res, err := Run(context.Background(), Spec{Recorded: []string{rec}}, Outputs{Events: filepath.Join(out, "e.ndjson")}, Options{})
		got := entries(t, out)
		if err != nil {
			if !strings.Contains(err.Error(), "r.ndjson") {
				t.Errorf("error does not name the file: %v", err)
			}
			if len(got) != 0 {
				t.Errorf("a failed run left %v", got)
			}
			return
		}
		data, _ = os.ReadFile(filepath.Join(out, "e.ndjson"))
		if int64(lines(data)) != res.Summary.Events {
			t.Errorf("%d lines written, %d counted", lines(data), res.Summary.Events)
		}
	})
}

// TestRecordedCancelled cancels a recorded run half-way: it fails with
// the context's error and leaves no output.
func TestRecordedCancelled(t *testing.T) {
	dir := t.TempDir()
	times := make([]string, 3*progressEvery)
	for i := range times {
		times[i] = "2026-03-02T00:00:00Z"
	}
	rec := writeFile(t, dir, "r.ndjson", ndjson(times...))
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Run(ctx, Spec{Recorded: []string{rec}}, Outputs{Events: filepath.Join(out, "e.ndjson"), Store: out},
		Options{Progress: func(Progress) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	if got := entries(t, out); len(got) != 0 {
		t.Errorf("a cancelled run left %v", got)
	}
}
