package replay

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/soclab/soclab/store/elastic"
	"github.com/soclab/soclab/store/elastic/elastictest"
)

func connect(t *testing.T, fake *elastictest.Server) *elastic.Client {
	t.Helper()
	c, err := elastic.Connect(context.Background(), elastic.Config{URL: fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRunES sends the events, and the alerts as they fire, to
// Elasticsearch beside the files; the counts agree with the Result and
// with what the cluster holds.
func TestRunES(t *testing.T) {
	fake := elastictest.NewServer()
	defer fake.Close()
	dir := t.TempDir()
	outs := Outputs{Events: filepath.Join(dir, "events.ndjson"), ES: &ESOutput{Client: connect(t, fake), Namespace: "t1", DeadLetter: filepath.Join(dir, "dl.ndjson")}}
	res, err := Run(context.Background(), Spec{Config: smallConfig(), Rules: bundled(t)}, outs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.ES
	if r == nil || r.Err != nil {
		t.Fatalf("ES report %+v", r)
	}
	if len(res.Alerts) == 0 || r.Alerts != len(res.Alerts) {
		t.Errorf("%d alerts sent, %d raised", r.Alerts, len(res.Alerts))
	}
	if want := res.Summary.Events + int64(len(res.Alerts)); r.Stats.Sent != want || r.Stats.Indexed != want || fake.Total() != int(want) {
		t.Errorf("stats %+v, cluster holds %d, want %d", r.Stats, fake.Total(), want)
	}
	if got := fake.Count(elastic.AlertsIndex("t1")); got != len(res.Alerts) {
		t.Errorf("alerts index holds %d, want %d", got, len(res.Alerts))
	}
	if _, err := os.Stat(filepath.Join(dir, "dl.ndjson")); !os.IsNotExist(err) {
		t.Errorf("a dead-letter file without failures: %v", err)
	}
}

// TestRunESFailureAfterCommit has the cluster reject some documents: the
// files are committed all the same, and the run returns an *ESError with
// the report of what was sent.
func TestRunESFailureAfterCommit(t *testing.T) {
	fake := elastictest.NewServer()
	defer fake.Close()
	fake.ItemFault = func(it elastictest.Item) (int, string, string) {
		if it.Index == elastic.AlertsIndex("t2") {
			return 400, "mapper_parsing_exception", "refused by the test"
		}
		return 0, "", ""
	}
	dir := t.TempDir()
	outs := Outputs{Events: filepath.Join(dir, "events.ndjson"), Alerts: filepath.Join(dir, "alerts.ndjson"),
		ES: &ESOutput{Client: connect(t, fake), Namespace: "t2", DeadLetter: filepath.Join(dir, "dl.ndjson")}}
	res, err := Run(context.Background(), Spec{Config: smallConfig(), Rules: bundled(t)}, outs, Options{})
	var ee *ESError
	if !errors.As(err, &ee) || res == nil || res.ES == nil || res.ES.Err == nil {
		t.Fatalf("got %v, %+v; want an *ESError and its report", err, res)
	}
	if res.ES.Stats.Failed != int64(len(res.Alerts)) {
		t.Errorf("failed %d, want the %d alerts", res.ES.Stats.Failed, len(res.Alerts))
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"alerts.ndjson", "dl.ndjson", "events.ndjson"}) {
		t.Errorf("files %v: want the outputs committed and the dead letters", got)
	}
}

// TestRunESRecordedWorkspace reads a finished run back into a namespace:
// its events, then its alerts, with no rules.
func TestRunESRecordedWorkspace(t *testing.T) {
	dir := t.TempDir()
	ev, al := filepath.Join(dir, "events.ndjson"), filepath.Join(dir, "alerts.ndjson")
	first, err := Run(context.Background(), Spec{Config: smallConfig(), Rules: bundled(t)}, Outputs{Events: ev, Alerts: al}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fake := elastictest.NewServer()
	defer fake.Close()
	res, err := Run(context.Background(), Spec{Recorded: []string{ev}, RecordedAlerts: []string{al}},
		Outputs{ES: &ESOutput{Client: connect(t, fake), Namespace: "ws", DeadLetter: filepath.Join(dir, "dl.ndjson")}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := first.Summary.Events + int64(len(first.Alerts)); res.ES.Stats.Sent != want || fake.Total() != int(want) {
		t.Errorf("sent %d, cluster %d, want %d", res.ES.Stats.Sent, fake.Total(), want)
	}
	if got := fake.Count(elastic.AlertsIndex("ws")); got != len(first.Alerts) {
		t.Errorf("alerts index %d, want %d", got, len(first.Alerts))
	}
}
