//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startSoclab starts soclab with args in dir.
func startSoclab(t *testing.T, dir string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, &stderr
}

// waitForTemp waits until dir holds one of iofile's temporary files.
func waitForTemp(t *testing.T, dir string) { waitForGlob(t, dir, ".*.tmp-*") }

// waitForGlob waits until dir holds a name matching pattern.
func waitForGlob(t *testing.T, dir, pattern string) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if m, _ := filepath.Glob(filepath.Join(dir, pattern)); len(m) > 0 {
			return
		}
	}
	t.Fatalf("nothing matching %s appeared", pattern)
}

func entries(dir string) []string {
	var names []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// A long generate (events, truth and pcap) stopped by SIGTERM or SIGINT
// exits 1 and leaves nothing behind.
func TestSignalRemovesPartialOutputs(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		dir := t.TempDir()
		cmd, stderr := startSoclab(t, dir, "generate", "--seed", "1", "--duration", "60d", "--users", "3000", "--scenario", "c2-beacon",
			"--out", "events.ndjson.zst", "--truth", "truth.json", "--pcap", "capture.pcap", "--quiet")
		waitForTemp(t, dir)
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("%v: exit %v, want status 1; stderr:\n%s", sig, err, stderr)
		}
		if !strings.Contains(stderr.String(), "interrupted by a signal") {
			t.Errorf("%v: stderr %q", sig, stderr)
		}
		if left := entries(dir); len(left) != 0 {
			t.Errorf("%v left %v", sig, left)
		}
	}
}

// The debris of a killed run (SIGKILL cannot be handled) is swept by the
// next run that writes in the same folder.
func TestNextRunSweepsDebrisOfKilledRun(t *testing.T) {
	dir := t.TempDir()
	cmd, _ := startSoclab(t, dir, "generate", "--seed", "1", "--duration", "60d", "--users", "3000", "--out", "events.ndjson", "--quiet")
	waitForTemp(t, dir)
	cmd.Process.Kill()
	cmd.Wait()
	if len(entries(dir)) == 0 {
		t.Fatal("SIGKILL left nothing: the test proves nothing")
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	next, stderr := startSoclab(t, dir, "generate", "--seed", "2", "--duration", "1h", "--users", "20", "--out", "other.ndjson", "--quiet")
	if err := next.Wait(); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	if got := strings.Join(entries(dir), " "); got != "notes.txt other.ndjson" {
		t.Errorf("after the next run: %s", got)
	}
}

// lab start stopped by SIGTERM while it builds the workspace removes the
// hidden folder it was building.
func TestSignalStopsLabStart(t *testing.T) {
	dir := t.TempDir()
	cmd, stderr := startSoclab(t, dir, "lab", "start", "phish-to-exfil-301", "--dir", "ws", "--quiet")
	waitForGlob(t, dir, ".ws.partial-*")
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	if err == nil {
		t.Skip("lab start finished before the signal arrived")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "interrupted by a signal") {
		t.Fatalf("exit %v, stderr:\n%s", err, stderr)
	}
	if left := entries(dir); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}
