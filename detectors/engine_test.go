package detectors

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/internal/ecs"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sshEvents builds a brute force: n failures from one address, then a
// success.
func sshEvents(n int, ip string, start time.Time) []*event.Event {
	var out []*event.Event
	for i := 0; i <= n; i++ {
		e := &event.Event{}
		outcome := "failure"
		if i == n {
			outcome = "success"
		}
		e.Add(event.KeyTimestamp, event.Time(start.Add(time.Duration(i)*time.Second)))
		e.Add(event.KeyID, event.String(fmt.Sprintf("%s-%d", ip, i)))
		e.Add(event.KeyDataset, event.String(event.DatasetSSH))
		e.Add("event.category", event.Strings("authentication"))
		e.Add("event.type", event.Strings("start"))
		e.Add("event.action", event.String("ssh_login"))
		e.Add("event.outcome", event.String(outcome))
		e.Add("user.name", event.String(fmt.Sprintf("user%d", i%7)))
		e.Add("source.ip", event.String(ip))
		e.Add("host.name", event.String("bastion-01"))
		e.Add("related.ip", event.Strings(ip, "10.20.0.5"))
		e.Add("related.user", event.Strings(fmt.Sprintf("user%d", i%7)))
		e.Add("related.hosts", event.Strings("bastion-01"))
		out = append(out, e)
	}
	return out
}

// runBundled runs events through the bundled rules with default options.
func runBundled(t *testing.T, events []*event.Event) []*Alert {
	t.Helper()
	return runWith(t, events, Options{})
}

func TestAlertDocumentGolden(t *testing.T) {
	alerts := runBundled(t, sshEvents(12, "203.0.113.7", testBase))
	var buf bytes.Buffer
	w := event.NewWriter(&buf)
	for _, a := range alerts {
		w.Write(a.Event())
	}
	w.Close()
	golden := "testdata/alerts.golden.ndjson"
	if *update {
		os.WriteFile(golden, buf.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("alerts differ from %s (run with -update to accept):\n%s", golden, buf.String())
	}
	for _, a := range alerts {
		e := a.Event()
		for key, want := range map[string]string{"event.kind": "alert", "event.dataset": "soclab.alerts", "rule.ruleset": "soclab", "threat.framework": "MITRE ATT&CK"} {
			if got := e.Str(key); got != want {
				t.Errorf("%s: %s = %q, want %q", a.Title, key, got, want)
			}
		}
		if e.ID() != a.ID || !e.Time().Equal(a.End) {
			t.Errorf("%s: event.id/@timestamp must be the alert id and fire time", a.Title)
		}
	}
}

// TestAlertFieldsAreECS checks every alert field outside soclab.* against
// the ECS table (internal/ecs).
func TestAlertFieldsAreECS(t *testing.T) {
	alerts := runBundled(t, sshEvents(12, "203.0.113.7", testBase))
	if len(alerts) == 0 {
		t.Fatal("no alerts")
	}
	for _, a := range alerts {
		for _, k := range a.Event().Keys() {
			if !strings.HasPrefix(k, "soclab.") && !ecs.IsECS(k) {
				t.Errorf("alert field %q is not in ECS", k)
			}
		}
	}
}

func TestAlertsAreDeterministic(t *testing.T) {
	var events []*event.Event
	for i, ip := range []string{"203.0.113.7", "203.0.113.8", "198.51.100.9"} {
		events = append(events, sshEvents(15+i, ip, testBase.Add(time.Duration(i)*10*time.Minute))...)
	}
	render := func() string {
		var b strings.Builder
		for _, a := range runBundled(t, events) {
			b.Write(event.Marshal(a.Event()))
			b.WriteByte('\n')
		}
		return b.String()
	}
	first := render()
	if first == "" {
		t.Fatal("no alerts")
	}
	for range 3 {
		if render() != first {
			t.Fatal("the same events and rules gave different alerts")
		}
	}
	var prev *Alert
	for _, a := range runBundled(t, events) {
		if prev != nil && (a.End.Before(prev.End) || a.End.Equal(prev.End) && a.ID < prev.ID) {
			t.Fatalf("alerts out of order: %s %s after %s %s", a.End, a.ID, prev.End, prev.ID)
		}
		prev = a
	}
}

// TestCorrelationStateIsBounded streams many groups over a long time and
// checks that what the timespans no longer need is dropped as time passes.
func TestCorrelationStateIsBounded(t *testing.T) {
	eng := bundledEngine(t, Options{})
	maxGroups := 0
	e := &event.Event{}
	for i := range 200_000 {
		e.Reset()
		e.Add(event.KeyTimestamp, event.Time(testBase.Add(time.Duration(i)*time.Second)))
		e.Add(event.KeyID, event.String(fmt.Sprint(i)))
		e.Add(event.KeyDataset, event.String(event.DatasetSSH))
		e.Add("event.category", event.Strings("authentication"))
		e.Add("event.action", event.String("ssh_login"))
		e.Add("event.outcome", event.String("failure"))
		e.Add("user.name", event.String(fmt.Sprint("u", i%50)))
		e.Add("source.ip", event.String(fmt.Sprintf("198.51.%d.%d", i/256%256, i%256)))
		eng.Write(e)
		if i%1000 == 0 {
			if g, _ := eng.StateSize(); g > maxGroups {
				maxGroups = g
			}
		}
	}
	// A new address every second for 55 hours: the ssh rules keep 5 and 10
	// minutes, so about 2 x 600 address groups (plus 50 user groups) live at
	// once; without expiry there would be 400,000.
	t.Logf("peak correlation state: %d groups", maxGroups)
	if maxGroups > 3000 {
		t.Fatalf("correlation state grew to %d groups", maxGroups)
	}
	eng.Close()
	if g, h := eng.StateSize(); g != 0 || h != 0 {
		t.Fatalf("state left after Close: %d groups, %d hits", g, h)
	}
}

// TestWriteDoesNotRetainEvents reuses one event for every write, as a
// Source does, and checks the alerts still name the right events.
func TestWriteDoesNotRetainEvents(t *testing.T) {
	events := sshEvents(12, "203.0.113.7", testBase)
	rules, _ := Bundled()
	var got []*Alert
	eng, err := Compile(rules, Options{OnAlert: func(a *Alert) { got = append(got, a) }})
	if err != nil {
		t.Fatal(err)
	}
	shared := &event.Event{}
	for _, e := range events {
		shared.Fields = append(shared.Fields[:0], e.Fields...)
		eng.Write(shared)
	}
	for i := range shared.Fields {
		shared.Fields[i].Val = event.String("overwritten")
	}
	eng.Close()
	want := runBundled(t, events)
	if len(got) != len(want) {
		t.Fatalf("got %d alerts, want %d", len(got), len(want))
	}
	for i := range got {
		if string(event.Marshal(got[i].Event())) != string(event.Marshal(want[i].Event())) {
			t.Errorf("alert %d differs when the event is reused:\n%s\n%s", i, event.Marshal(got[i].Event()), event.Marshal(want[i].Event()))
		}
	}
}

func TestEventIDCap(t *testing.T) {
	rules, err := sigma.Decode("cap.yml", []byte(`title: fail
id: f
logsource: {product: linux}
detection:
  sel: {event.outcome: failure}
  condition: sel
---
title: many
id: m
correlation:
  type: event_count
  rules: [f]
  group-by: [source.ip]
  timespan: 1h
  condition: {gte: 2}
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []*Alert
	eng, _ := Compile(rules, Options{OnAlert: func(a *Alert) { got = append(got, a) }})
	for _, e := range sshEvents(1500, "203.0.113.7", testBase) {
		eng.Write(e)
	}
	eng.Close()
	if len(got) != 1 || len(got[0].EventIDs) != MaxEventIDs || got[0].EventCount != 1500 {
		t.Fatalf("want one alert listing %d of 1500 events, got %d alerts %+v", MaxEventIDs, len(got), got)
	}
}

func TestStreamReportsLineErrors(t *testing.T) {
	rules, _ := Bundled()
	eng, _ := Compile(rules, Options{})
	input := "{\"event\":{\"dataset\":\"system.auth\"}}\n\n{\"event\": oops}\n"
	_, err := Stream(strings.NewReader(input), "events.ndjson", eng, StreamOptions{Workers: 2})
	var le *event.LineError
	if !errors.As(err, &le) || le.Line != 3 || !strings.HasPrefix(err.Error(), "events.ndjson:3: ") {
		t.Fatalf("want an error at events.ndjson:3, got %v", err)
	}
}

func TestStreamEqualsWrite(t *testing.T) {
	var events []*event.Event
	for i, ip := range []string{"203.0.113.7", "203.0.113.8"} {
		events = append(events, sshEvents(14, ip, testBase.Add(time.Duration(i)*time.Minute))...)
	}
	var buf bytes.Buffer
	w := event.NewWriter(&buf)
	for _, e := range events {
		w.Write(e)
	}
	w.Close()
	want := runBundled(t, events)
	for _, workers := range []int{1, 2, 4} {
		rules, _ := Bundled()
		var got []*Alert
		eng, _ := Compile(rules, Options{OnAlert: func(a *Alert) { got = append(got, a) }})
		n, err := Stream(bytes.NewReader(buf.Bytes()), "x", eng, StreamOptions{Workers: workers})
		if err != nil || n != int64(len(events)) {
			t.Fatalf("workers %d: %d events, %v", workers, n, err)
		}
		eng.Close()
		if len(got) != len(want) {
			t.Fatalf("workers %d: %d alerts, want %d", workers, len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Fatalf("workers %d: alert %d is %s, want %s", workers, i, got[i].ID, want[i].ID)
			}
		}
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	rules, _ := Bundled()
	eng, err := Compile(rules, Options{Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sshEvents(12, "203.0.113.7", testBase) {
		eng.Write(e)
	}
	eng.Close()
	if got := testutil.ToFloat64(eng.metrics.events); got != 13 {
		t.Errorf("events counter %v", got)
	}
	if n, _ := testutil.GatherAndCount(reg, "soclab_detector_alerts_total"); n == 0 {
		t.Error("no alert counters")
	}
	if _, err := Compile(rules, Options{Registerer: reg}); err != nil {
		t.Errorf("a second engine on the same registry: %v", err)
	}
}

func TestWriteAfterClose(t *testing.T) {
	rules, _ := Bundled()
	eng, _ := Compile(rules, Options{})
	eng.Close()
	if err := eng.Write(&event.Event{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("got %v", err)
	}
}

// TestAlertsReleasedBeforeClose checks that a live stream sees alerts once
// their windows are over, not only at the end.
func TestAlertsReleasedBeforeClose(t *testing.T) {
	rules, _ := Bundled()
	var got []*Alert
	eng, err := Compile(rules, Options{OnAlert: func(a *Alert) { got = append(got, a) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sshEvents(12, "203.0.113.7", testBase) {
		eng.Write(e)
	}
	later := sshEvents(0, "10.0.0.1", testBase.Add(2*time.Hour))
	for _, e := range later {
		eng.Write(e)
	}
	if len(got) == 0 {
		t.Fatal("no alert released two hours after the brute force ended")
	}
	eng.Close()
}
