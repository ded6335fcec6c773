package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
	"github.com/soclab/soclab/query"
)

// testDir is a self-study workspace of ssh-bruteforce-101 (seed 1), made
// once for the package's tests.
var testDir string

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "console-test-")
	if err != nil {
		panic(err)
	}
	testDir = filepath.Join(tmp, "ws")
	lab, err := labs.Find("ssh-bruteforce-101")
	if err == nil {
		_, err = instance.Start(context.Background(), lab, instance.SelfStudy(1), instance.StartOptions{Dir: testDir})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "console tests: make workspace:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// newTestServer serves the test workspace; triage.yaml and report.md are
// restored when the test ends.
func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	for _, name := range []string{TriageFile, ReportFile} {
		path := filepath.Join(testDir, name)
		orig, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.WriteFile(path, orig, 0o644) })
	}
	eng, err := query.OpenWorkspace(testDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	s, err := New(Options{Dir: testDir, Backend: eng, Token: "test-token"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// call sends a request with the page's token and Origin, and decodes the
// JSON answer into out (when not nil); it returns the status.
func call(t *testing.T, ts *httptest.Server, method, path string, body any, out any) int {
	t.Helper()
	return callWith(t, ts, method, path, body, out, map[string]string{"X-CSRF-Token": "test-token", "Origin": ts.URL})
}

func callWith(t *testing.T, ts *httptest.Server, method, path string, body any, out any, hdr map[string]string) int {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, ts.URL+path, rd)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
	return resp.StatusCode
}
