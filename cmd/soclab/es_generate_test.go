package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/store/elastic/elastictest"
)

// TestGenerateLabESSendsTheLabsAlerts checks that generate --lab L
// --es-url runs the lab's rule selection, not the whole bundled pack, so
// that the alerts sent are those of the lab's workspace (issue 12). The
// lab keeps one rule of the bundled pack, which raises more on its data.
func TestGenerateLabESSendsTheLabsAlerts(t *testing.T) {
	for _, k := range []string{envESURL, envESAPIKey, envESUsername, envESPassword, envESCACert, envESCAFingerprint} {
		t.Setenv(k, "")
	}
	dir := t.TempDir()
	lab := filepath.Join(dir, "one-rule.yaml")
	writeLabFile(t, lab, oneRuleLab)
	writeLabFile(t, filepath.Join(dir, "one-rule.briefing.md"), "# {{.Lab.Title}}\n")
	ws := filepath.Join(dir, "ws")
	if code := run([]string{"lab", "start", lab, "--seed", "7", "--dir", ws, "--quiet"}); code != 0 {
		t.Fatalf("lab start: exit %d", code)
	}
	data, err := os.ReadFile(filepath.Join(ws, "alerts.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Count(string(data), "\n")
	if want == 0 {
		t.Fatal("the lab raised no alert: the test proves nothing")
	}

	fake := elastictest.NewServer()
	defer fake.Close()
	o := &generateOptions{lab: lab, seed: 7, speed: 1, quiet: true, out: filepath.Join(dir, "ev.ndjson"), esNamespace: "ps7"}
	o.es.url = fake.URL
	var stderr bytes.Buffer
	if err := runGenerate(context.Background(), o, &stderr); err != nil {
		t.Fatalf("generate --lab --es-url: %v\n%s", err, stderr.String())
	}
	if line := fmt.Sprintf("%d alerts sent to soclab-alerts-ps7", want); !strings.Contains(stderr.String(), line) {
		t.Errorf("generate --lab --es-url said:\n%s\nwant %q (the workspace's alerts)", stderr.String(), line)
	}
}

// oneRuleLab is a small brute-force lab that runs one rule of the bundled
// pack; the others (failure, success, burst, correlation) would fire too.
const oneRuleLab = `id: one-rule
title: One rule of the pack
summary: A brute force where only one rule runs.
difficulty: beginner
minutes: 10
objectives: [find the attacker]
techniques: [T1110.001]
org: {users: 20}
window: {from: 2026-03-02T00:00:00Z, duration: 3h}
rates: {soclab.proxy: 0.1, zeek.dns: 0.1, zeek.connection: 0.1, soclab.firewall: 0.02, system.security: 0.3}
scenarios:
  - id: ssh-bruteforce
    at: +1h
    params: {attempts: 40}
rules:
  include: [ssh_many_failures]
report:
  verdict: true_positive
  severity: high
  category: brute_force
  iocs: [attacker_ip]
  actions:
    - id: block
      synonyms: [block the ip]
`

func writeLabFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
