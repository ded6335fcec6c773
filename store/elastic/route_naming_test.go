package elastic

import (
	"testing"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/columnar"
)

// TestIndexNamesAgreeWithWorkspace: an event lands in an index of the same
// name in Elasticsearch as in the embedded store, foreign datasets
// included, so one FROM pattern finds it in both.
func TestIndexNamesAgreeWithWorkspace(t *testing.T) {
	r := newRouter("t1")
	for _, ds := range []string{"soclab.vpn", "system.auth", "zeek.connection", "Acme-FW", ""} {
		e := &event.Event{}
		e.Add(event.KeyDataset, event.String(ds))
		e.Add("data_stream.namespace", event.String("t1"))
		got, want := r.route(e).name, columnar.IndexName(e)
		if got != want {
			t.Errorf("dataset %q: Elasticsearch %q, embedded %q", ds, got, want)
		}
	}
	a := &event.Event{}
	a.Add(event.KeyKind, event.String("alert"))
	a.Add("data_stream.namespace", event.String("t1"))
	if got, want := r.route(a).name, columnar.IndexName(a); got != want {
		t.Errorf("alert: Elasticsearch %q, embedded %q", got, want)
	}
	e := &event.Event{}
	e.Add(event.KeyDataset, event.String("system.auth"))
	if got := columnar.IndexName(e); got != "logs-system.auth-default" {
		t.Errorf("embedded name of system.auth: %q", got)
	}
}
