package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGenerateRealtimeWithoutFrom replays the default window fast: without
// --from the pacer must still pace the window the generator uses (issue
// 12: the defaults were dropped and the replay waited for centuries). The
// events are re-stamped so that the window ends about now.
func TestGenerateRealtimeWithoutFrom(t *testing.T) {
	out := filepath.Join(t.TempDir(), "events.ndjson")
	o := &generateOptions{seed: 1, duration: "1h", out: out, realtime: true, speed: 100000, quiet: true}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	if err := runGenerate(ctx, o, &bytes.Buffer{}); err != nil {
		t.Fatalf("generate --realtime: %v (after %s)", err, time.Since(start))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < 100 {
		t.Fatalf("%d events, want a full hour of them", len(lines))
	}
	year := time.Now().UTC().Format(`"@timestamp":"2006-`)
	if !strings.HasPrefix(lines[len(lines)-1], `{`+year) {
		t.Errorf("last event %.60s: want re-stamped to this year", lines[len(lines)-1])
	}
}
