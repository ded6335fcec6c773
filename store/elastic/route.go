package elastic

import (
	"fmt"
	"strings"

	"github.com/soclab/soclab/event"
)

// maxNameBytes bounds a dataset or a namespace, as Elastic's data stream
// naming scheme does.
const maxNameBytes = 100

// Namespace turns an identifier (a trainee id, a lab instance) into a data
// stream namespace: lowercase, with every character other than a-z, 0-9,
// '_' and '.' replaced by '_' (Elastic's scheme forbids '-' in it). Two ids
// that differ only in those characters give the same namespace; Provision
// refuses such a roster.
func Namespace(id string) (string, error) {
	ns := sanitize(id)
	if ns == "" || strings.Trim(ns, "_.") == "" {
		return "", fmt.Errorf("namespace %q: need at least one letter or digit", id)
	}
	if len(ns) > maxNameBytes {
		return "", fmt.Errorf("namespace %q: longer than %d bytes", id, maxNameBytes)
	}
	return ns, nil
}

func sanitize(s string) string {
	b := []byte(strings.ToLower(s))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}

// Dataset turns an event.dataset into the dataset part of a data stream
// name, always under "soclab." so that the templates and the trainees'
// roles cover it: "soclab.ssh" stays, "zeek.conn" becomes
// "soclab.zeek.conn", a missing one "soclab.unknown".
func Dataset(ds string) string {
	ds = sanitize(ds)
	if strings.Trim(ds, "_.") == "" {
		return "soclab.unknown"
	}
	if !strings.HasPrefix(ds, "soclab.") {
		ds = "soclab." + ds
	}
	if len(ds) > maxNameBytes {
		ds = ds[:maxNameBytes]
	}
	return ds
}

// DataStream returns the data stream that events of dataset go to in
// namespace ns: logs-<dataset>-<ns>.
func DataStream(dataset, ns string) string { return "logs-" + Dataset(dataset) + "-" + ns }

// AlertsIndex returns the index that alerts go to in namespace ns.
func AlertsIndex(ns string) string { return "soclab-alerts-" + ns }

// router caches the target of each dataset of one namespace, so that routing
// an event allocates nothing.
type router struct {
	ns      string
	streams map[string]string
}

func newRouter(ns string) *router { return &router{ns: ns, streams: map[string]string{}} }

// target returns the index or data stream for e, and whether e is an alert.
func (r *router) target(e *event.Event) (string, bool) {
	if e.Str(event.KeyKind) == "alert" {
		return AlertsIndex(r.ns), true
	}
	ds := e.Dataset()
	t, ok := r.streams[ds]
	if !ok {
		t = DataStream(ds, r.ns)
		r.streams[ds] = t
	}
	return t, false
}
