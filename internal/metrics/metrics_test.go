package metrics

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestRegisterReuses checks that two makers of one series on one registry
// share its collector, under the soclab_ name.
func TestRegisterReuses(t *testing.T) {
	reg := prometheus.NewRegistry()
	a, err := Counter(reg, "test", "things_total", "Things.")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Counter(reg, "test", "things_total", "Things.")
	if err != nil {
		t.Fatal(err)
	}
	a.Inc()
	b.Inc()
	want := "# HELP soclab_test_things_total Things.\n# TYPE soclab_test_things_total counter\nsoclab_test_things_total 2\n"
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "soclab_test_things_total"); err != nil {
		t.Fatal(err)
	}
	v1, err := CounterVec(reg, "test", "by_kind_total", "By kind.", "kind")
	if err != nil {
		t.Fatal(err)
	}
	v2, err := CounterVec(reg, "test", "by_kind_total", "By kind.", "kind")
	if err != nil || v1 != v2 {
		t.Fatalf("CounterVec twice: %v, same collector %v", err, v1 == v2)
	}
	g1, _ := Gauge(reg, "test", "held", "Held.")
	g2, err := Gauge(reg, "test", "held", "Held.")
	if err != nil || g1 != g2 {
		t.Fatalf("Gauge twice: %v, same collector %v", err, g1 == g2)
	}
	h1, _ := Histogram(reg, "test", "seconds", "Seconds.", prometheus.ExponentialBuckets(0.01, 2, 4))
	h2, err := Histogram(reg, "test", "seconds", "Seconds.", prometheus.ExponentialBuckets(0.01, 2, 4))
	if err != nil || h1 != h2 {
		t.Fatalf("Histogram twice: %v, same collector %v", err, h1 == h2)
	}
}

// TestRegisterConflict checks that two different metrics of one name are
// an error naming the metric, not a panic and not a silent loss.
func TestRegisterConflict(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := Counter(reg, "test", "x", "X."); err != nil {
		t.Fatal(err)
	}
	_, err := Gauge(reg, "test", "x", "X.")
	if err == nil || !strings.Contains(err.Error(), "soclab_test_x") {
		t.Fatalf("conflicting registration: err = %v, want one naming soclab_test_x", err)
	}
	_, err = CounterVec(reg, "test", "x", "X.", "kind")
	if err == nil {
		t.Fatal("a vector of a counter's name: no error")
	}
}

// TestNilRegistry checks that metrics off means working, unregistered
// collectors.
func TestNilRegistry(t *testing.T) {
	c, err := Counter(nil, "test", "things_total", "Things.")
	if err != nil || c == nil {
		t.Fatalf("Counter(nil) = %v, %v", c, err)
	}
	c.Add(3)
	if got := testutil.ToFloat64(c); got != 3 {
		t.Fatalf("count %v, want 3", got)
	}
}

func TestNewRegistry(t *testing.T) {
	mfs, err := NewRegistry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var goSeen bool
	for _, mf := range mfs {
		goSeen = goSeen || mf.GetName() == "go_goroutines"
	}
	if !goSeen {
		t.Fatal("no go_goroutines: the runtime collector is missing")
	}
}
