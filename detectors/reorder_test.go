package detectors

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// TestOrderToleranceKeepsAlerts feeds the bundled pack a brute force whose
// events arrive shuffled within 3-second blocks (merged sources do this):
// the alerts are those of the stream in order (ids, groups, counts, spans;
// an alert lists its events in time order, though which events were in a
// window when a condition first held may differ at the edges). With the
// tolerance off, alerts are lost or change.
func TestOrderToleranceKeepsAlerts(t *testing.T) {
	var ordered []*event.Event
	for i, ip := range []string{"203.0.113.7", "198.51.100.9"} {
		ordered = append(ordered, sshEvents(14, ip, testBase.Add(time.Duration(i)*7*time.Second))...)
	}
	sortByTime(ordered)
	shuffled := append([]*event.Event(nil), ordered...)
	rng := rand.New(rand.NewPCG(1, 2))
	for start := 0; start < len(shuffled); start += 8 { // two sources: 8 events span 4 s
		end := min(start+8, len(shuffled))
		rng.Shuffle(end-start, func(i, j int) { shuffled[start+i], shuffled[start+j] = shuffled[start+j], shuffled[start+i] })
	}
	want := render(runWith(t, ordered, Options{}))
	if want == "" {
		t.Fatal("no alerts in order")
	}
	if got := render(runWith(t, shuffled, Options{})); got != want {
		t.Errorf("shuffled within the window:\n%s\nin order:\n%s", got, want)
	}
	if got := render(runWith(t, shuffled, Options{ReorderWindow: -1})); got == want {
		t.Error("without order tolerance the shuffled stream gave the same alerts: the test shuffles too little")
	}
}

func sortByTime(events []*event.Event) {
	for i := 1; i < len(events); i++ {
		for j := i; j > 0 && events[j].Time().Before(events[j-1].Time()); j-- {
			events[j], events[j-1] = events[j-1], events[j]
		}
	}
}

func runWith(t *testing.T, events []*event.Event, opts Options) []*Alert {
	t.Helper()
	rules, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	var got []*Alert
	opts.OnAlert = func(a *Alert) { got = append(got, a) }
	eng, err := Compile(rules, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := eng.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	return got
}

// render summarises alerts: rule, id, group, count, span, and whether the
// listed events are in time order.
func render(alerts []*Alert) string {
	var b strings.Builder
	for _, a := range alerts {
		fmt.Fprintf(&b, "%s %s %v %d %s %s sorted=%v\n", a.RuleID, a.ID, a.GroupBy, a.EventCount, a.Start.Format(time.RFC3339), a.End.Format(time.RFC3339), idsInOrder(a.EventIDs))
	}
	return b.String()
}

// idsInOrder reports whether sshEvents ids ("<ip>-<n>") are listed in
// time (n) order for each address.
func idsInOrder(ids []string) bool {
	last := map[string]int{}
	for _, id := range ids {
		i := strings.LastIndexByte(id, '-')
		n, _ := strconv.Atoi(id[i+1:])
		if prev, ok := last[id[:i]]; ok && n < prev {
			return false
		}
		last[id[:i]] = n
	}
	return true
}
