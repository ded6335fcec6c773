package generator

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/soclab/soclab/event"
)

type discard struct{}

func (discard) Write(*event.Event) error { return nil }
func (discard) Close() error             { return nil }

// TestEventsMetric checks soclab_generator_events_total against the
// run's summary, that a second run on the same registry adds to the same
// series, and that a registry holding another metric of that name is an
// error rather than a run without metrics.
func TestEventsMetric(t *testing.T) {
	cfg := Config{Seed: 5, Users: 20, From: DefaultFrom.Add(9 * time.Hour), Duration: time.Hour}
	reg := prometheus.NewRegistry()
	total := func() float64 {
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		var n float64
		for _, mf := range mfs {
			if mf.GetName() == "soclab_generator_events_total" {
				for _, m := range mf.GetMetric() {
					n += m.GetCounter().GetValue()
				}
			}
		}
		return n
	}
	_, sum, err := RunSummary(context.Background(), cfg, discard{}, Options{Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Events == 0 || total() != float64(sum.Events) {
		t.Fatalf("metric %v, summary %d events", total(), sum.Events)
	}
	if _, err := Run(context.Background(), cfg, discard{}, Options{Registerer: reg}); err != nil {
		t.Fatal(err)
	}
	if total() != 2*float64(sum.Events) {
		t.Fatalf("after two runs the metric is %v, want %d", total(), 2*sum.Events)
	}
	if n := testutil.CollectAndCount(reg, "soclab_generator_events_total"); n == 0 {
		t.Fatal("no series")
	}

	clash := prometheus.NewRegistry()
	clash.MustRegister(prometheus.NewGauge(prometheus.GaugeOpts{Name: "soclab_generator_events_total", Help: "Not the generator's."}))
	_, err = Run(context.Background(), cfg, discard{}, Options{Registerer: clash})
	if err == nil || !strings.Contains(err.Error(), "soclab_generator_events_total") {
		t.Fatalf("clashing registry: err = %v", err)
	}
	if errors.Is(err, ErrConfig) {
		t.Fatal("a registration error is not a config error")
	}
}
