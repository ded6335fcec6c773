package detectors

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the engine's Prometheus collectors.
type metrics struct {
	alerts *prometheus.CounterVec
	events prometheus.Counter
	groups prometheus.Gauge
}

func (e *Engine) register(reg prometheus.Registerer) error {
	if reg == nil {
		return nil
	}
	m := &metrics{
		alerts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "soclab_detector_alerts_total", Help: "Alerts raised, by rule."}, []string{"rule_id", "rule"}),
		events: prometheus.NewCounter(prometheus.CounterOpts{Name: "soclab_detector_events_total", Help: "Events evaluated."}),
		groups: prometheus.NewGauge(prometheus.GaugeOpts{Name: "soclab_detector_correlation_groups", Help: "Correlation groups held in memory."}),
	}
	var err error
	m.alerts, err = registerOrReuse(reg, m.alerts)
	if err == nil {
		m.events, err = registerOrReuse(reg, m.events)
	}
	if err == nil {
		m.groups, err = registerOrReuse(reg, m.groups)
	}
	if err != nil {
		return err
	}
	e.metrics = m
	return nil
}

// registerOrReuse registers c, or returns the collector already registered
// under the same name.
func registerOrReuse[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing, nil
			}
		}
		return c, err
	}
	return c, nil
}

// updateStateGauge sets soclab_detector_correlation_groups to the groups
// held now. It runs after every event (and at Close), on the goroutine
// that owns the state, so a scrape reads the current figure without
// touching the engine; counting is one map length per correlation.
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
