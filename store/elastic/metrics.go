package elastic

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the Indexer's Prometheus series. Every Indexer on one
// registry shares them; the documents counters carry the namespace.
type metrics struct {
	requests *prometheus.CounterVec // result: ok, error
	latency  prometheus.Histogram
	indexed  prometheus.Counter
	retried  prometheus.Counter
	failed   prometheus.Counter
}

func newMetrics(reg prometheus.Registerer, ns string) *metrics {
	requests := register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "soclab_es_bulk_requests_total",
		Help: "Bulk requests sent to Elasticsearch, by result (ok, error: the whole request failed after its retries).",
	}, []string{"result"}))
	latency := register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "soclab_es_bulk_request_duration_seconds",
		Help:    "Time of one bulk request, retries included.",
		Buckets: prometheus.ExponentialBuckets(0.005, 2, 14),
	}))
	docs := func(name, help string) prometheus.Counter {
		v := register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"namespace"}))
		return v.WithLabelValues(ns)
	}
	return &metrics{
		requests: requests,
		latency:  latency,
		indexed:  docs("soclab_es_documents_indexed_total", "Documents Elasticsearch accepted (or already held)."),
		retried:  docs("soclab_es_documents_retried_total", "Document retries after a 429 or 5xx item rejection."),
		failed:   docs("soclab_es_documents_failed_total", "Documents that failed for good and went to the dead-letter file."),
	}
}

// register registers c, or returns the collector already registered under
// the same name; with a nil registry the collector is just used locally.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if reg == nil {
		return c
	}
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic(err) // a programming error: two different metrics with one name
	}
	return c
}
