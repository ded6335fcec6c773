package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
)

// Every command's --help ends with an example (docs/architecture.md, "The
// command line").
func TestEveryCommandHasAnExample(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == "help" || c.Name() == "completion" || c.Hidden {
			return
		}
		if c.Example == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCommand())
}

// The exit statuses are the contract for scripts and CI: 0 success, 1 bad
// input, 2 a usage error.
func TestExitStatuses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"version"}, 0},
		{[]string{"no-such-command"}, 2},
		{[]string{"version", "--bogus"}, 2},
		{[]string{"version", "extra"}, 2},
		{[]string{"lab", "show", "no-such-lab"}, 1},
		{[]string{"rules", "validate", "/no/such/rules.yml"}, 1},
		// cobra's own findings are usage errors by type, not by text
		{[]string{"verison"}, 2},
		{[]string{"lab", "no-such-command"}, 2},
		{[]string{"generate", "--seed", "1"}, 2}, // --out is required
		{[]string{"lab"}, 0},                     // a group prints its help
		// a bad query is bad input even when its message reads like
		// cobra's ("unknown command 'FOO'"), as query --help promises
		{[]string{"query", "--events", eventsFile(t), "FROM logs-* | FOO"}, 1},
	} {
		if got := run(tc.args); got != tc.want {
			t.Errorf("soclab %v: exit %d, want %d", tc.args, got, tc.want)
		}
	}
}

// eventsFile is an NDJSON file of one event, for commands that need input.
func eventsFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "events.ndjson")
	if err := os.WriteFile(p, []byte(`{"@timestamp":"2026-03-02T00:00:00Z","event":{"dataset":"system.auth"}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
