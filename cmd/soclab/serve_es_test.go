package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/soclab/soclab/store/elastic/elastictest"
)

// esConsoleFake answers as Elasticsearch does for what the console asks
// in --es-url mode: the handshake (GET /) comes from elastictest's fake
// cluster, and POST /_query answers here, by query, with a scripted fault
// when one is set.
type esConsoleFake struct {
	mu      sync.Mutex
	fake    *elastictest.Server
	queries []string
	// fault, when its status is set, answers the next faultN _query
	// requests with that status and Elasticsearch's error body for it.
	fault  esFault
	faultN int
}

type esFault struct {
	status      int
	typ, reason string
}

func (f *esConsoleFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/_query" || r.Method != http.MethodPost {
		f.fake.Config.Handler.ServeHTTP(w, r)
		return
	}
	var body struct {
		Query string `json:"query"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	f.queries = append(f.queries, body.Query)
	fault := f.fault
	if f.faultN > 0 {
		f.faultN--
	} else {
		fault = esFault{}
	}
	f.mu.Unlock()
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	if fault.status != 0 {
		if fault.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="security", charset="UTF-8"`)
		}
		w.WriteHeader(fault.status)
		fmt.Fprintf(w, `{"error":{"root_cause":[{"type":%q,"reason":%q}],"type":%q,"reason":%q},"status":%d}`,
			fault.typ, fault.reason, fault.typ, fault.reason, fault.status)
		return
	}
	switch {
	case strings.Contains(body.Query, "WHERE event.id IN ("):
		// An alert's evidence: two events of the brute force.
		io.WriteString(w, `{"took":3,"is_partial":false,"columns":[{"name":"@timestamp","type":"date"},{"name":"event.id","type":"keyword"},`+
			`{"name":"source.ip","type":"ip"},{"name":"user.name","type":"keyword"}],"values":[`+
			`["2026-03-02T10:00:00.000Z","ev-1","203.0.113.7","root"],["2026-03-02T10:00:01.000Z","ev-2","203.0.113.7","admin"]]}`)
	case strings.HasPrefix(body.Query, "FROM logs-system.auth-* | STATS"):
		io.WriteString(w, `{"took":5,"is_partial":false,"columns":[{"name":"n","type":"long"},{"name":"source.ip","type":"ip"}],"values":[[42,"203.0.113.7"],[3,"10.0.0.5"]]}`)
	default:
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"root_cause":[{"type":"verification_exception","reason":"Found 1 problem\nline 1:6: Unknown index [nope*]"}],`+
			`"type":"verification_exception","reason":"Found 1 problem\nline 1:6: Unknown index [nope*]"},"status":400}`)
	}
}

// TestServeWithESURL runs soclab serve --es-url against a fake cluster:
// the alert queue comes from the workspace, an alert's evidence and an
// ES|QL query go to the cluster's _query and come back as it answered,
// and the cluster's errors (400, 401, 429, 500) reach the page as the
// API's {"error": ...} with a clear message, never a panic or a dead
// server.
func TestServeWithESURL(t *testing.T) {
	for _, env := range []string{envESURL, envESAPIKey, envESUsername, envESPassword, envESCACert, envESCAFingerprint} {
		t.Setenv(env, "")
	}
	dir := sshLabWorkspace(t, 2)
	fake := &esConsoleFake{fake: elastictest.NewServer()}
	defer fake.fake.Close()
	es := httptest.NewServer(fake)
	defer es.Close()

	o := &serveOptions{dir: dir, addr: "127.0.0.1:0"}
	o.es.url = es.URL
	url, _, stop := startServe(t, o)

	get := func(path string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(url + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	post := func(q string) (int, []byte) {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"query": q})
		resp, err := http.Post(url+"api/query", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("POST /api/query: %v (the server died?)", err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}

	// The page and the alert queue.
	if st, b := get("/"); st != 200 || !bytes.Contains(b, []byte("<html")) {
		t.Fatalf("GET /: %d %.200s", st, b)
	}
	st, b := get("/api/alerts")
	var queue struct {
		Alerts []struct {
			ID     string `json:"id"`
			Triage string `json:"triage"`
		} `json:"alerts"`
	}
	if err := json.Unmarshal(b, &queue); st != 200 || err != nil || len(queue.Alerts) == 0 {
		t.Fatalf("GET /api/alerts: %d %v %.300s", st, err, b)
	}
	first := queue.Alerts[0].ID

	// An alert's evidence comes from the cluster, with its pivots.
	st, b = get("/api/alerts/" + first + "/events")
	if st != 200 || !bytes.Contains(b, []byte(`"ev-1"`)) || !bytes.Contains(b, []byte("same source")) {
		t.Fatalf("GET /api/alerts/%s/events: %d %.500s", first, st, b)
	}
	if qs := fake.sent(); len(qs) != 1 || !strings.Contains(qs[0], "WHERE event.id IN (") {
		t.Fatalf("queries sent for the evidence: %q", qs)
	}

	// An ES|QL query answers with the cluster's body, in the _query shape.
	const q = `FROM logs-system.auth-* | STATS n = COUNT(*) BY source.ip | SORT n DESC`
	st, b = post(q)
	if st != 200 || !bytes.Contains(b, []byte(`"values":[[42,"203.0.113.7"],[3,"10.0.0.5"]]`)) {
		t.Fatalf("POST /api/query: %d %s", st, b)
	}
	if qs := fake.sent(); qs[len(qs)-1] != q {
		t.Fatalf("the console sent %q, want the query as typed", qs[len(qs)-1])
	}

	// Errors: each reaches the page as {"error": ...} naming what went wrong.
	for _, c := range []struct {
		name   string
		status int
		fault  esFault
		times  int
		query  string
		want   []string
	}{
		{"bad query", 400, esFault{}, 0, `FROM nope*`, []string{"HTTP 400", "Unknown index [nope*]"}},
		{"401", 502, esFault{status: 401, typ: "security_exception", reason: "unable to authenticate user [trainee] for REST request [/_query]"}, 1, q,
			[]string{"rejected the credentials", "HTTP 401", "unable to authenticate user [trainee]"}},
		{"500", 502, esFault{status: 500, typ: "null_pointer_exception", reason: "boom"}, 1, q,
			[]string{"HTTP 500", "null_pointer_exception: boom"}},
		// The client retries 429 with back-off: five rejections in a row
		// exhaust its retries (about 8 s of back-off).
		{"429", 429, esFault{status: 429, typ: "es_rejected_execution_exception", reason: "rejected execution of coordinating operation"}, 6, q,
			[]string{"HTTP 429", "es_rejected_execution_exception", "hint: the cluster is too busy"}},
	} {
		fake.setFault(c.fault, c.times)
		st, b := post(c.query)
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(b, &e); err != nil || st != c.status || e.Error == "" {
			t.Errorf("%s: status %d body %.300s: want %d and {\"error\": ...}", c.name, st, b, c.status)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(e.Error, w) {
				t.Errorf("%s: error %q lacks %q", c.name, e.Error, w)
			}
		}
		if strings.Contains(e.Error, "panic") || strings.Contains(e.Error, "goroutine") {
			t.Errorf("%s: error %q", c.name, e.Error)
		}
	}

	// An alert's evidence meets the same errors, and is not cached then.
	if len(queue.Alerts) < 2 {
		t.Fatalf("the lab has %d alerts, the test needs 2", len(queue.Alerts))
	}
	{
		second := queue.Alerts[1].ID
		fake.setFault(esFault{status: 401, typ: "security_exception", reason: "unable to authenticate user [trainee]"}, 1)
		if st, b := get("/api/alerts/" + second + "/events"); st != 502 || !bytes.Contains(b, []byte("rejected the credentials")) {
			t.Errorf("evidence on a 401: %d %.300s", st, b)
		}
		if st, b := get("/api/alerts/" + second + "/events"); st != 200 || !bytes.Contains(b, []byte(`"ev-2"`)) {
			t.Errorf("evidence after the 401: %d %.300s", st, b)
		}
	}

	// One 429 is retried away: the trainee sees the answer.
	fake.setFault(esFault{status: 429, typ: "es_rejected_execution_exception", reason: "busy"}, 1)
	if st, b := post(q); st != 200 || !bytes.Contains(b, []byte(`[42,"203.0.113.7"]`)) {
		t.Errorf("after one 429: %d %s", st, b)
	}

	stop()
}

func (f *esConsoleFake) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

func (f *esConsoleFake) setFault(e esFault, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault, f.faultN = e, n
}
