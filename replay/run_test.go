package replay

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
)

// TestRunWritesEveryOutput runs the generator and the bundled rules into
// every file output and checks that they agree with each other and with
// the Result.
func TestRunWritesEveryOutput(t *testing.T) {
	dir := t.TempDir()
	reg := prometheus.NewRegistry()
	var progressed int64
	var window time.Duration
	res, err := Run(context.Background(), Spec{Config: smallConfig(), Rules: bundled(t)}, allOutputs(dir),
		Options{Registerer: reg, Progress: func(p Progress) { progressed = p.Events; window = p.To.Sub(p.From) }})
	if err != nil {
		t.Fatal(err)
	}
	files := tree(t, dir)
	for _, n := range []string{"events.ndjson", "truth.json", "capture.pcap", "alerts.ndjson"} {
		if _, ok := files[n]; !ok {
			t.Errorf("no %s among %v", n, names(files))
		}
	}
	for _, n := range names(files) {
		if strings.HasPrefix(filepath.Base(n), ".") {
			t.Errorf("temporary file %s left behind", n)
		}
	}
	if !slices.ContainsFunc(names(files), func(n string) bool { return strings.HasPrefix(n, filepath.Join("store.col", "alerts")) }) {
		t.Errorf("the store has no alerts table: %v", names(files))
	}
	if got := int64(lines(files["events.ndjson"])); got != res.Summary.Events || got == 0 {
		t.Errorf("events.ndjson has %d lines, summary %d", got, res.Summary.Events)
	}
	var byDS int64
	for _, n := range res.Summary.ByDataset {
		byDS += n
	}
	if byDS != res.Summary.Events {
		t.Errorf("events by dataset add up to %d, not %d", byDS, res.Summary.Events)
	}
	if res.Bytes != int64(len(files["events.ndjson"])) {
		t.Errorf("Bytes %d, file %d", res.Bytes, len(files["events.ndjson"]))
	}
	if got := metricValue(t, reg, "soclab_generate_bytes_written_total"); got != float64(res.Bytes) {
		t.Errorf("soclab_generate_bytes_written_total = %v, want %d", got, res.Bytes)
	}
	if len(res.Alerts) == 0 || lines(files["alerts.ndjson"]) != len(res.Alerts) {
		t.Errorf("%d alerts, alerts.ndjson has %d lines", len(res.Alerts), lines(files["alerts.ndjson"]))
	}
	if res.Packets == 0 || len(files["capture.pcap"]) == 0 {
		t.Errorf("no packets: %d", res.Packets)
	}
	if res.Truth == nil || len(res.Truth.Scenarios) != 1 || !bytes.Contains(files["truth.json"], []byte(`"ssh-bruteforce"`)) {
		t.Errorf("truth: %+v\n%s", res.Truth, files["truth.json"])
	}
	if progressed != res.Summary.Events || window != 3*time.Hour {
		t.Errorf("Progress last said %d events of a %s window; want %d of 3h", progressed, window, res.Summary.Events)
	}
}

// metricValue is the value of the counter name on reg (the sum of its
// series).
func metricValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			var sum float64
			for _, m := range mf.GetMetric() {
				sum += m.GetCounter().GetValue()
			}
			return sum
		}
	}
	t.Fatalf("no series %s", name)
	return 0
}

// TestRunSameBytes runs one spec twice: every output is the same, byte
// for byte, the column store included.
func TestRunSameBytes(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := Run(context.Background(), Spec{Config: smallConfig(), Rules: bundled(t)}, allOutputs(dir), Options{}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb := tree(t, a), tree(t, b)
	if !slices.Equal(names(ta), names(tb)) {
		t.Fatalf("different files:\n%v\n%v", names(ta), names(tb))
	}
	for _, n := range names(ta) {
		if !bytes.Equal(ta[n], tb[n]) {
			t.Errorf("%s differs between two runs of one spec", n)
		}
	}
}

// TestRunNoRulesNoAlerts checks that a run without rules has no engine:
// no alerts, and an empty alerts output.
func TestRunNoRulesNoAlerts(t *testing.T) {
	dir := t.TempDir()
	res, err := Run(context.Background(), Spec{Config: smallConfig()}, Outputs{Alerts: filepath.Join(dir, "alerts.ndjson")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Alerts) != 0 {
		t.Errorf("%d alerts without rules", len(res.Alerts))
	}
	if data, err := os.ReadFile(filepath.Join(dir, "alerts.ndjson")); err != nil || len(data) != 0 {
		t.Errorf("alerts.ndjson: %q, %v", data, err)
	}
}

// TestRunLaterCommitFails makes the truth's commit fail (its name is a
// folder) after the events and the packets were committed: those are
// removed again, the rest never appears, and no temporary file is left.
func TestRunLaterCommitFails(t *testing.T) {
	for _, failing := range []string{"truth.json", "alerts.ndjson"} {
		t.Run(failing, func(t *testing.T) {
			dir := t.TempDir()
			blocker := filepath.Join(dir, failing)
			if err := os.MkdirAll(filepath.Join(blocker, "keep"), 0o755); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Spec{Config: smallConfig(), Rules: bundled(t)}, allOutputs(dir), Options{})
			if err == nil {
				t.Fatal("the run succeeded with an output that cannot be committed")
			}
			if !strings.Contains(err.Error(), failing) {
				t.Errorf("the error does not name %s: %v", failing, err)
			}
			if got := entries(t, dir); !slices.Equal(got, []string{failing}) {
				t.Errorf("left behind: %v (want only the blocking folder %s)", got, failing)
			}
		})
	}
}

// TestRunCancelledLeavesNothing cancels a run half-way: it fails with the
// context's error and leaves no file, temporary or not.
func TestRunCancelledLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := smallConfig()
	cfg.Rates, cfg.Duration = nil, 12*time.Hour // enough events for Progress to be called
	_, err := Run(ctx, Spec{Config: cfg, Rules: bundled(t)}, allOutputs(dir),
		Options{Progress: func(Progress) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("a cancelled run left %v", got)
	}
}

// TestRunFailingOpenLeavesNothing gives an output in a missing folder
// after others were opened: nothing is left of those.
func TestRunFailingOpenLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	outs := allOutputs(dir)
	outs.Alerts = filepath.Join(dir, "missing", "alerts.ndjson")
	if _, err := Run(context.Background(), Spec{Config: smallConfig()}, outs, Options{}); err == nil {
		t.Fatal("no error for an output in a missing folder")
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("a failed open left %v", got)
	}
}

// TestRunBadConfig normalises the config once, before any output: a bad
// one fails with generator.ErrConfig and writes nothing.
func TestRunBadConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := smallConfig()
	cfg.Users = 3
	_, err := Run(context.Background(), Spec{Config: cfg}, allOutputs(dir), Options{})
	if !errors.Is(err, generator.ErrConfig) {
		t.Fatalf("users 3: %v", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("a bad config left %v", got)
	}
}

// TestRunSpecChecks refuses specs that do not make one run.
func TestRunSpecChecks(t *testing.T) {
	dir := t.TempDir()
	rec := writeFile(t, dir, "r.ndjson", ndjson("2026-03-02T00:00:00Z"))
	for name, c := range map[string]struct {
		spec Spec
		outs Outputs
	}{
		"no source":              {Spec{}, Outputs{}},
		"alerts beside a config": {Spec{Config: smallConfig(), Recorded: []string{rec}, RecordedAlerts: []string{rec}}, Outputs{}},
		"truth of a recording":   {Spec{Recorded: []string{rec}}, Outputs{Truth: filepath.Join(dir, "t.json")}},
		"alerts and rules":       {Spec{Recorded: []string{rec}, RecordedAlerts: []string{rec}, Rules: bundled(t)}, Outputs{}},
		"two stdouts":            {Spec{Config: smallConfig()}, Outputs{Events: "-", PCAP: "-"}},
		"negative speed":         {Spec{Config: smallConfig(), Speed: -1}, Outputs{}},
		"two stdins":             {Spec{Recorded: []string{"-"}, RecordedAlerts: []string{"-"}}, Outputs{}},
		"paced stdin":            {Spec{Recorded: []string{"-"}, Speed: 2}, Outputs{}},
	} {
		if _, err := Run(context.Background(), c.spec, c.outs, Options{}); !errors.Is(err, ErrSpec) {
			t.Errorf("%s: %v, want ErrSpec", name, err)
		}
	}
}

// TestRunEventsToStdout writes the events to standard output.
func TestRunEventsToStdout(t *testing.T) {
	dir := t.TempDir()
	rec := writeFile(t, dir, "r.ndjson", ndjson("2026-03-02T00:00:00Z", "2026-03-02T00:00:01Z"))
	out := filepath.Join(dir, "stdout")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = f
	_, err = Run(context.Background(), Spec{Recorded: []string{rec}}, Outputs{Events: "-"}, Options{})
	os.Stdout = old
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(out); lines(data) != 2 {
		t.Errorf("stdout got %q", data)
	}
}

// TestRunPacedRecording replays a recording at 60x on a fake clock: every
// date is shifted so that the window ends when the replay does, and the
// replay sleeps for the window's length divided by the speed.
func TestRunPacedRecording(t *testing.T) {
	dir := t.TempDir()
	rec := writeFile(t, dir, "r.ndjson", ndjson("2026-03-02T00:00:00Z", "2026-03-02T00:30:00Z", "2026-03-02T01:00:00Z"))
	clock := &fakeClock{now: time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)}
	start := clock.now
	var got event.Collector
	events := filepath.Join(dir, "paced.ndjson")
	if _, err := Run(context.Background(), Spec{Recorded: []string{rec}, Speed: 60, Clock: clock}, Outputs{Events: events}, Options{}); err != nil {
		t.Fatal(err)
	}
	readAll(t, events, &got)
	if len(got.Events) != 3 {
		t.Fatalf("%d events", len(got.Events))
	}
	if want := start.Add(time.Minute); !got.Events[2].Time().Equal(want) {
		t.Errorf("last event at %s, want %s (the window ends when the replay does)", got.Events[2].Time(), want)
	}
	if slept := clock.now.Sub(start); slept < 59*time.Second || slept > time.Minute {
		t.Errorf("slept %s, want about a minute", slept)
	}
}

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.now = c.now.Add(d)
	return nil
}
