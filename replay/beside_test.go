package replay

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// recordedAt builds NDJSON recorded events with ids rec-a, rec-b, ... at
// the given times.
func recordedAt(times ...string) string {
	return strings.ReplaceAll(ndjson(times...), `"id":"e`, `"id":"rec-`)
}

// TestBesideMerge: a Spec with a Config and recorded files writes the
// generator's events with the recorded ones merged in time order,
// recorded first on a tie; leaving the recorded events out gives the
// generated run's events byte for byte, and the truth is the generator's.
func TestBesideMerge(t *testing.T) {
	dir := t.TempDir()
	cfg := smallConfig()
	genDir := filepath.Join(dir, "gen")
	os.Mkdir(genDir, 0o755)
	gen, err := Run(context.Background(), Spec{Config: cfg}, Outputs{Events: filepath.Join(genDir, "events.ndjson"), Truth: filepath.Join(genDir, "truth.json")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var generated event.Collector
	readAll(t, filepath.Join(genDir, "events.ndjson"), &generated)
	if len(generated.Events) < 100 {
		t.Fatalf("only %d generated events", len(generated.Events))
	}
	// recorded events: before every generated one, on the timestamp of a
	// generated event (a tie), between two, and after the last one
	tie := generated.Events[len(generated.Events)/2].Time()
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
	rec := writeFile(t, dir, "rec.ndjson", recordedAt(
		stamp(cfg.From),
		stamp(tie), stamp(tie),
		stamp(tie.Add(time.Millisecond/3)),
		stamp(cfg.From.Add(cfg.Duration-time.Nanosecond)),
	))

	outDir := filepath.Join(dir, "beside")
	os.Mkdir(outDir, 0o755)
	res, err := Run(context.Background(), Spec{Config: cfg, Recorded: []string{rec}}, Outputs{Events: filepath.Join(outDir, "events.ndjson"), Truth: filepath.Join(outDir, "truth.json")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var merged event.Collector
	readAll(t, filepath.Join(outDir, "events.ndjson"), &merged)
	if got, want := len(merged.Events), len(generated.Events)+5; got != want || res.Summary.Events != int64(want) {
		t.Fatalf("%d events (summary %d), want %d", got, res.Summary.Events, want)
	}
	if n := res.Summary.ByDataset[event.DatasetSSH]; n != gen.Summary.ByDataset[event.DatasetSSH]+5 {
		t.Errorf("summary counts %d %s events, want the generated %d and 5 recorded", n, event.DatasetSSH, gen.Summary.ByDataset[event.DatasetSSH])
	}
	var recIDs []string
	firstTie := -1
	for i, e := range merged.Events {
		if i > 0 && e.Time().Before(merged.Events[i-1].Time()) {
			t.Fatalf("event %d (%s) is before the one before it", i, e.ID())
		}
		if strings.HasPrefix(e.ID(), "rec-") {
			recIDs = append(recIDs, e.ID())
			continue
		}
		if firstTie < 0 && e.Time().Equal(tie) {
			firstTie = i
		}
	}
	if want := []string{"rec-a", "rec-b", "rec-c", "rec-d", "rec-e"}; !slices.Equal(recIDs, want) {
		t.Errorf("recorded events %v, want %v in their order", recIDs, want)
	}
	if merged.Events[0].ID() != "rec-a" {
		t.Errorf("first event %s, want the recorded one of the window's first instant", merged.Events[0].ID())
	}
	if merged.Events[len(merged.Events)-1].ID() != "rec-e" {
		t.Errorf("last event %s, want the recorded one after every generated event", merged.Events[len(merged.Events)-1].ID())
	}
	for i, e := range merged.Events {
		if e.ID() == "rec-c" && !(firstTie > i) {
			t.Errorf("recorded rec-c (tie) at %d, generated event of the same time at %d: recorded must come first", i, firstTie)
		}
	}

	// without the recorded lines, the generated run's bytes
	genBytes, _ := os.ReadFile(filepath.Join(genDir, "events.ndjson"))
	mergedBytes, _ := os.ReadFile(filepath.Join(outDir, "events.ndjson"))
	var kept [][]byte
	for _, line := range bytes.SplitAfter(mergedBytes, []byte("\n")) {
		if !bytes.Contains(line, []byte(`"id":"rec-`)) {
			kept = append(kept, line)
		}
	}
	if !bytes.Equal(bytes.Join(kept, nil), genBytes) {
		t.Error("the merged stream's generated events differ from the generated run's")
	}
	gt, _ := os.ReadFile(filepath.Join(genDir, "truth.json"))
	mt, _ := os.ReadFile(filepath.Join(outDir, "truth.json"))
	if len(gt) == 0 || !bytes.Equal(gt, mt) {
		t.Error("the truth beside recorded events is not the generator's")
	}
	a, _ := json.Marshal(gen.Truth)
	b, _ := json.Marshal(res.Truth)
	if !bytes.Equal(a, b) {
		t.Error("Result.Truth is not the generator's")
	}
}

// TestBesideDeterministic: the same config and recordings give the same
// bytes in every output, alerts included; the rules see the recorded
// events.
func TestBesideDeterministic(t *testing.T) {
	dir := t.TempDir()
	var times []string
	for i := range 12 {
		times = append(times, time.Date(2026, 3, 2, 1, 0, i, 0, time.UTC).Format(time.RFC3339))
	}
	var b strings.Builder
	for i, at := range times {
		user := []string{"admin", "root", "oracle", "test", "guest", "ubuntu", "pi", "ftp", "mysql", "www", "user", "backup"}[i]
		b.WriteString(`{"@timestamp":"` + at + `","event":{"dataset":"` + event.DatasetSSH + `","id":"rec-` + user + `","kind":"event","category":["authentication"],"type":["info"],"outcome":"failure","action":"ssh_login"},"source":{"ip":"198.51.100.77"},"user":{"name":"` + user + `"},"host":{"name":"bastion-01"},"message":"Failed password for invalid user ` + user + `"}` + "\n")
	}
	rec := writeFile(t, dir, "rec.ndjson", b.String())
	run := func(name string) (*Result, map[string][]byte) {
		out := filepath.Join(dir, name)
		os.Mkdir(out, 0o755)
		res, err := Run(context.Background(), Spec{Config: smallConfig(), Recorded: []string{rec}, Rules: bundled(t)}, allOutputs(out), Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res, tree(t, out)
	}
	r1, t1 := run("one")
	r2, t2 := run("two")
	if !slices.Equal(names(t1), names(t2)) {
		t.Fatalf("outputs %v and %v", names(t1), names(t2))
	}
	for _, n := range names(t1) {
		if !bytes.Equal(t1[n], t2[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
	if len(r1.Alerts) == 0 || len(r1.Alerts) != len(r2.Alerts) {
		t.Fatalf("%d and %d alerts", len(r1.Alerts), len(r2.Alerts))
	}
	onRecorded := false
	for _, a := range r1.Alerts {
		for _, id := range a.EventIDs {
			onRecorded = onRecorded || strings.HasPrefix(id, "rec-")
		}
	}
	if !onRecorded {
		t.Error("no alert on the recorded events: the rules did not see them")
	}
}

// TestBesideBadRecording: a bad recorded line stops the generated run
// with its file and line, and leaves no output.
func TestBesideBadRecording(t *testing.T) {
	dir := t.TempDir()
	rec := writeFile(t, dir, "rec.ndjson", recordedAt("2026-03-02T01:00:00Z", "2026-03-02T00:30:00Z"))
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	_, err := Run(context.Background(), Spec{Config: smallConfig(), Recorded: []string{rec}, Rules: bundled(t)}, allOutputs(out), Options{})
	if err == nil || !strings.Contains(err.Error(), "rec.ndjson:2: @timestamp 2026-03-02T00:30:00Z is before the previous event's") {
		t.Fatalf("err = %v", err)
	}
	if got := entries(t, out); len(got) != 0 {
		t.Errorf("a bad recording left %v", got)
	}
}
