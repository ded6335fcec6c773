// Package metrics is the one way soclab's packages make and register their
// Prometheus collectors: every series is named soclab_<subsystem>_<name>,
// registering on a registry that already holds the same series reuses the
// registered collector (several engines or indexers on one registry share
// their series), a nil registry means metrics are off (the collector is
// used unregistered), and any other registration failure (two different
// metrics of one name) is an error the caller returns.
package metrics

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Namespace is the first part of every soclab metric name.
const Namespace = "soclab"

// NewRegistry returns a registry holding the Go runtime's and the
// process's collectors, for a command that serves its metrics.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Counter returns the counter soclab_<subsystem>_<name> registered on reg.
func Counter(reg prometheus.Registerer, subsystem, name, help string) (prometheus.Counter, error) {
	return register(reg, subsystem, name, prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help}))
}

// CounterVec returns the counters soclab_<subsystem>_<name> with labels,
// registered on reg.
func CounterVec(reg prometheus.Registerer, subsystem, name, help string, labels ...string) (*prometheus.CounterVec, error) {
	return register(reg, subsystem, name, prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help}, labels))
}

// Gauge returns the gauge soclab_<subsystem>_<name> registered on reg.
func Gauge(reg prometheus.Registerer, subsystem, name, help string) (prometheus.Gauge, error) {
	return register(reg, subsystem, name, prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help}))
}

// Histogram returns the histogram soclab_<subsystem>_<name> with buckets,
// registered on reg.
func Histogram(reg prometheus.Registerer, subsystem, name, help string, buckets []float64) (prometheus.Histogram, error) {
	return register(reg, subsystem, name, prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Subsystem: subsystem, Name: name, Help: help, Buckets: buckets}))
}

// register registers c, the series soclab_<subsystem>_<name>, on reg, or
// returns the collector already registered there for the same series; with
// a nil reg it returns c unregistered.
func register[C prometheus.Collector](reg prometheus.Registerer, subsystem, name string, c C) (C, error) {
	if reg == nil {
		return c, nil
	}
	err := reg.Register(c)
	if err == nil {
		return c, nil
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, fmt.Errorf("registering metric %s: %w", prometheus.BuildFQName(Namespace, subsystem, name), err)
}
