package elastic

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/internal/metrics"
)

// indexerMetrics are the Indexer's Prometheus series. Every Indexer on one
// registry shares them; the documents counters carry the namespace.
type indexerMetrics struct {
	requests *prometheus.CounterVec // result: ok, error
	latency  prometheus.Histogram
	indexed  prometheus.Counter
	retried  prometheus.Counter
	failed   prometheus.Counter
}

// newMetrics makes (or finds, on a registry that has them) the series
// soclab_es_*, the documents counters for namespace ns.
func newMetrics(reg prometheus.Registerer, ns string) (*indexerMetrics, error) {
	m := &indexerMetrics{}
	var err error
	if m.requests, err = metrics.CounterVec(reg, "es", "bulk_requests_total",
		"Bulk requests sent to Elasticsearch, by result (ok, error: the whole request failed after its retries).", "result"); err != nil {
		return nil, err
	}
	if m.latency, err = metrics.Histogram(reg, "es", "bulk_request_duration_seconds",
		"Time of one bulk request, retries included.", prometheus.ExponentialBuckets(0.005, 2, 14)); err != nil {
		return nil, err
	}
	for _, d := range []struct {
		c          *prometheus.Counter
		name, help string
	}{
		{&m.indexed, "documents_indexed_total", "Documents Elasticsearch accepted (or already held)."},
		{&m.retried, "documents_retried_total", "Document retries after a 429 or 5xx item rejection."},
		{&m.failed, "documents_failed_total", "Documents that failed for good and went to the dead-letter file."},
	} {
		v, err := metrics.CounterVec(reg, "es", d.name, d.help, "namespace")
		if err != nil {
			return nil, err
		}
		*d.c = v.WithLabelValues(ns)
	}
	return m, nil
}
