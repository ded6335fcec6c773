package elastic

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/internal/datastream"
)

// Namespace turns an identifier (a trainee id, a lab instance) into a data
// stream namespace: lowercase, with every character other than a-z, 0-9,
// '_' and '.' replaced by '_' (Elastic's scheme forbids '-' in it). Two ids
// that differ only in those characters give the same namespace; Provision
// refuses such a roster.
func Namespace(id string) (string, error) {
	ns := datastream.Sanitize(id)
	if ns == "" || strings.Trim(ns, "_.") == "" {
		return "", fmt.Errorf("namespace %q: need at least one letter or digit", id)
	}
	if len(ns) > datastream.MaxNameBytes {
		return "", fmt.Errorf("namespace %q: longer than %d bytes", id, datastream.MaxNameBytes)
	}
	return ns, nil
}

// DataStream returns the data stream that events of dataset go to in
// namespace ns: logs-<dataset>-<ns> (datastream.Events).
func DataStream(dataset, ns string) string { return datastream.Events(dataset, ns) }

// AlertsIndex returns the index that alerts go to in namespace ns.
func AlertsIndex(ns string) string { return datastream.Alerts(ns) }

// target is one index or data stream and the count of documents that are
// in it; documents point at their target, so counting a success takes no
// lock.
type target struct {
	name  string
	alert bool
	docs  atomic.Int64
}

// router caches the target of each dataset of one namespace, so that routing
// an event allocates nothing. It is used by the writing goroutine only; all
// lists the targets for Counts.
type router struct {
	ns      string
	alerts  *target
	streams map[string]*target
	mu      sync.Mutex
	all     []*target
}

func newRouter(ns string) *router {
	r := &router{ns: ns, streams: map[string]*target{}}
	r.alerts = r.add(AlertsIndex(ns), true)
	return r
}

func (r *router) add(name string, alert bool) *target {
	t := &target{name: name, alert: alert}
	r.mu.Lock()
	r.all = append(r.all, t)
	r.mu.Unlock()
	return t
}

// route returns the target of e.
func (r *router) route(e *event.Event) *target {
	if e.Str(event.KeyKind) == "alert" {
		return r.alerts
	}
	ds := e.Dataset()
	t, ok := r.streams[ds]
	if !ok {
		name := DataStream(ds, r.ns)
		for _, o := range r.streams { // two datasets may sanitise to one name
			if o.name == name {
				t = o
			}
		}
		if t == nil {
			t = r.add(name, false)
		}
		r.streams[ds] = t
	}
	return t
}

// counts returns the documents in each target that received any.
func (r *router) counts() map[string]int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int64{}
	for _, t := range r.all {
		if n := t.docs.Load(); n > 0 {
			out[t.name] = n
		}
	}
	return out
}
