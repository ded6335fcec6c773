package detectors

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/internal/metrics"
)

// engineMetrics are the engine's Prometheus collectors.
type engineMetrics struct {
	alerts *prometheus.CounterVec
	events prometheus.Counter
	groups prometheus.Gauge
}

func (e *Engine) register(reg prometheus.Registerer) error {
	if reg == nil {
		return nil
	}
	m := &engineMetrics{}
	var err error
	if m.alerts, err = metrics.CounterVec(reg, "detector", "alerts_total", "Alerts raised, by rule.", "rule_id", "rule"); err != nil {
		return err
	}
	if m.events, err = metrics.Counter(reg, "detector", "events_total", "Events evaluated."); err != nil {
		return err
	}
	if m.groups, err = metrics.Gauge(reg, "detector", "correlation_groups", "Correlation groups held in memory."); err != nil {
		return err
	}
	e.metrics = m
	return nil
}

// updateStateGauge sets soclab_detector_correlation_groups to the groups
// held now. It runs after the sweeps that drop groups (and at Close), and
// newGroup counts each group made, on the goroutine that owns the state, so
// a scrape reads the current figure without touching the engine and an
// event costs nothing more; counting is one map length per correlation.
func (e *Engine) updateStateGauge() {
	if e.metrics == nil {
		return
	}
	n := 0
	for _, c := range e.correlations {
		n += len(c.groups)
	}
	e.metrics.groups.Set(float64(n))
}
