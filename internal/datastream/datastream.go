// Package datastream owns the names of the indices soclab's events and
// alerts live in. The embedded store (store/columnar, the _index column
// that FROM patterns select) and Elasticsearch (store/elastic's bulk
// routing, templates and roles) both name through it, so a FROM pattern
// that finds events in one finds the same events in the other.
//
// Events go to data streams logs-<dataset>-<namespace>, the one naming rule
// of Elastic's data streams: "system.auth" in namespace "t1" is
// logs-system.auth-t1, as Elastic Agent's System integration names it, so
// an index pattern written for real data (logs-system.auth*) finds soclab's
// events too. Alerts go to soclab-alerts-<namespace>.
package datastream

import "strings"

const (
	// Type is the data stream type of every event.
	Type = "logs"
	// DefaultNamespace is the namespace of events that name none.
	DefaultNamespace = "default"
	// Unknown is the dataset of events without one.
	Unknown = "soclab.unknown"
	// AlertsPrefix starts every alerts index name.
	AlertsPrefix = "soclab-alerts-"
	// MaxNameBytes bounds a dataset or a namespace, as Elastic's naming
	// scheme does.
	MaxNameBytes = 100
)

// Sanitize lowercases s and replaces every character other than a-z, 0-9,
// '_' and '.' with '_', as Elastic's data stream naming scheme requires of
// datasets and namespaces.
func Sanitize(s string) string {
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}

// Dataset turns an event.dataset into the dataset part of an index name:
// sanitised and at most 100 bytes; a missing one is "soclab.unknown".
func Dataset(ds string) string {
	ds = Sanitize(ds)
	if strings.Trim(ds, "_.") == "" {
		return Unknown
	}
	if len(ds) > MaxNameBytes {
		ds = ds[:MaxNameBytes]
	}
	return ds
}

// Events returns the data stream of events of dataset in namespace ns
// (already a valid namespace): logs-<Dataset(dataset)>-<ns>.
func Events(dataset, ns string) string {
	if ns == "" {
		ns = DefaultNamespace
	}
	return Type + "-" + Dataset(dataset) + "-" + ns
}

// Alerts returns the index of the alerts of namespace ns.
func Alerts(ns string) string {
	if ns == "" {
		ns = DefaultNamespace
	}
	return AlertsPrefix + ns
}

// Pattern returns the index pattern of one dataset in every namespace:
// logs-<Dataset(dataset)>-*.
func Pattern(dataset string) string { return Type + "-" + Dataset(dataset) + "-*" }

// EventsIn returns the index pattern of every event data stream in
// namespace ns: logs-*-<ns>. A namespace has no '-', so the pattern of one
// namespace matches no data stream of another.
func EventsIn(ns string) string { return Type + "-*-" + ns }
