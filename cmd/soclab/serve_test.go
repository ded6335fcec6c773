package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/soclab/soclab/console"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
	"github.com/soclab/soclab/query"
)

// TestConsoleQueryAnswersAsTheCLI runs the same queries through soclab
// query --format json (runQuery, the command's own code) and through the
// console's POST /api/query, and wants the same bytes.
func TestConsoleQueryAnswersAsTheCLI(t *testing.T) {
	dir := sshLabWorkspace(t, 4)
	eng, err := query.OpenWorkspace(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	srv, err := console.New(console.Options{Dir: dir, Backend: eng})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	for _, q := range []string{
		`FROM logs-* | STATS events = COUNT(*) BY event.dataset | SORT events DESC`,
		`FROM logs-system.auth-* | WHERE event.outcome == "failure" | STATS n = COUNT(*), users = COUNT_DISTINCT(user.name) BY source.ip | SORT n DESC, source.ip | LIMIT 5`,
		`FROM soclab-alerts* | KEEP @timestamp, rule.name, soclab.alert.level, soclab.alert.event_ids | SORT @timestamp`,
		`FROM logs-* | WHERE related.ip == "10.0.0.1" | LIMIT 3`,
		`ROW a = ROUND(2.675, 2), b = DATE_FORMAT("yyyy", TO_DATETIME("2026-03-02T00:00:00Z"))`,
	} {
		var cli, stderr bytes.Buffer
		if err := runQuery(context.Background(), &queryOptions{dir: dir, format: "json"}, q, &cli, &stderr); err != nil {
			t.Fatalf("%s: soclab query: %v", q, err)
		}
		body, _ := json.Marshal(map[string]string{"query": q})
		resp, err := http.Post(ts.URL+"/api/query", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		api, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(api, cli.Bytes()) {
			t.Errorf("%s: status %d\nAPI %.300s\nCLI %.300s", q, resp.StatusCode, api, cli.Bytes())
		}
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sshLabWorkspace starts the bundled lab ssh-bruteforce-101 for n
// self-study trainees in a fresh directory and returns it.
func sshLabWorkspace(t *testing.T, n int64) string {
	t.Helper()
	lab, err := labs.Find("ssh-bruteforce-101")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ws")
	if _, err := instance.Start(context.Background(), lab, instance.SelfStudy(n), instance.StartOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startServe runs soclab serve in the background and waits for the URL it
// prints. stop cancels serve's context (as SIGINT or SIGTERM do) and wants
// it to return nil within ten seconds.
func startServe(t *testing.T, o *serveOptions) (url string, errOut *syncBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var out syncBuffer
	errOut = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, o, &out, errOut) }()
	printed := regexp.MustCompile(`http://[0-9.:]+/`)
	for i := 0; i < 400 && url == ""; i++ {
		url = printed.FindString(out.String())
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, errOut.String())
		case <-time.After(25 * time.Millisecond):
		}
	}
	if url == "" {
		t.Fatalf("no URL printed: %q %q", out.String(), errOut.String())
	}
	stop = func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop with its context")
		}
	}
	return url, errOut, stop
}

// TestServeStopsWithItsContext: serve prints its URL, answers there, and
// returns nil when its context ends (main's context ends at SIGINT or
// SIGTERM).
func TestServeStopsWithItsContext(t *testing.T) {
	dir := sshLabWorkspace(t, 2)
	url, errOut, stop := startServe(t, &serveOptions{dir: dir, addr: "127.0.0.1:0"})
	resp, err := http.Get(url + "api/workspace")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET api/workspace: %v", err)
	}
	resp.Body.Close()
	stop()
	if errOut.String() != "" {
		t.Errorf("stderr %q", errOut.String())
	}
}
