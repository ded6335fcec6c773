package console

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/soclab/soclab/query"
	"github.com/soclab/soclab/store/elastic"
)

// failingBackend answers every query with err, as the Elasticsearch
// backend does when the cluster refuses it.
type failingBackend struct{ err error }

func (b failingBackend) Query(context.Context, string) (*query.Result, error) { return nil, b.err }

// TestUpstreamErrors: with --es-url, the cluster's refusals keep their
// meaning on the console's API: a refused query is 400, a busy cluster
// 429 with a hint, anything else of the cluster's 502; a wrapped error
// is recognised too, and other errors stay 500.
func TestUpstreamErrors(t *testing.T) {
	esErr := func(kind error, status int, reason string) error {
		return &elastic.Error{Kind: kind, Op: "POST /_query", URL: "http://es:9200", Status: status, Reason: reason}
	}
	for _, c := range []struct {
		err    error
		status int
		want   string
	}{
		{esErr(elastic.ErrRequest, 400, "verification_exception: Unknown column [x]"), 400, "HTTP 400): verification_exception: Unknown column [x]"},
		{esErr(elastic.ErrAuth, 401, "security_exception: bad password"), 502, "rejected the credentials"},
		{esErr(elastic.ErrForbidden, 403, "security_exception: no read on logs-*"), 502, "HTTP 403"},
		{esErr(elastic.ErrRequest, 429, "es_rejected_execution_exception: busy"), 429, "hint: the cluster is too busy"},
		{fmt.Errorf("evidence: %w", esErr(elastic.ErrRequest, 500, "null_pointer_exception: boom")), 502, "null_pointer_exception: boom"},
		{&elastic.Error{Kind: elastic.ErrUnreachable, URL: "http://es:9200", Reason: "connection refused"}, 502, "unreachable"},
		{errors.New("disk on fire"), 500, "disk on fire"},
	} {
		s, err := New(Options{Dir: testDir, Backend: failingBackend{c.err}, Token: "test-token"})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(s.Handler())
		var e apiError
		st := call(t, ts, "POST", "/api/query", map[string]string{"query": "FROM logs-*"}, &e)
		if st != c.status || !strings.Contains(e.Error, c.want) {
			t.Errorf("%v: %d %q, want %d and %q", c.err, st, e.Error, c.status, c.want)
		}
		alerts, _ := s.Alerts()
		if len(alerts) > 0 {
			e = apiError{}
			if st := call(t, ts, "GET", "/api/alerts/"+alerts[0].ID+"/events", nil, &e); st != c.status || !strings.Contains(e.Error, c.want) {
				t.Errorf("evidence, %v: %d %q", c.err, st, e.Error)
			}
		}
		ts.Close()
	}
}
