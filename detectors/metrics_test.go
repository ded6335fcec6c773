package detectors

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestCorrelationGroupsGaugeWhileRunning checks that a scrape during a
// run sees the correlation groups held (issue 12: the gauge was set only
// at Close, after the groups were gone, so it always read 0).
func TestCorrelationGroupsGaugeWhileRunning(t *testing.T) {
	reg := prometheus.NewRegistry()
	eng := bundledEngine(t, Options{Registerer: reg, OnAlert: func(*Alert) {}})
	for _, e := range sshEvents(12, "203.0.113.7", testBase) {
		if err := eng.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	groups, _ := eng.StateSize()
	if groups == 0 {
		t.Fatal("a brute force opened no correlation group: the test proves nothing")
	}
	if got := testutil.ToFloat64(eng.metrics.groups); got != float64(groups) {
		t.Errorf("soclab_detector_correlation_groups = %v during the run, want %d", got, groups)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	groups, _ = eng.StateSize()
	if got := testutil.ToFloat64(eng.metrics.groups); got != float64(groups) {
		t.Errorf("after Close: gauge %v, want %d", got, groups)
	}
}
