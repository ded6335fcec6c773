package replay

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
)

// smallConfig is a quick instance with an attack the bundled rules see.
func smallConfig() *generator.Config {
	return &generator.Config{
		Seed:     7,
		From:     time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		Duration: 3 * time.Hour,
		Users:    20,
		Rates: map[string]float64{event.DatasetProxy: 0.1, event.DatasetDNS: 0.1, event.DatasetFlow: 0.1,
			event.DatasetFirewall: 0.02, event.DatasetWindows: 0.3},
		Scenarios: []generator.ScenarioSpec{{ID: "ssh-bruteforce", Params: map[string]any{"attempts": 40}}},
	}
}

func bundled(t testing.TB) []*sigma.Rule {
	t.Helper()
	rules, err := detectors.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// allOutputs names every file output in dir (which holds the store too).
func allOutputs(dir string) Outputs {
	return Outputs{
		Events: filepath.Join(dir, "events.ndjson"),
		Truth:  filepath.Join(dir, "truth.json"),
		PCAP:   filepath.Join(dir, "capture.pcap"),
		Alerts: filepath.Join(dir, "alerts.ndjson"),
		Store:  dir,
	}
}

// tree lists every file under dir (relative, sorted) with its bytes.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func names(m map[string][]byte) []string {
	var ns []string
	for n := range m {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// entries lists the names in dir, hidden ones included.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	for _, e := range es {
		ns = append(ns, e.Name())
	}
	return ns
}

func lines(data []byte) int { return bytes.Count(data, []byte("\n")) }

// writeFile writes text to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// ndjson builds NDJSON lines of minimal events at the given times (RFC
// 3339), with ids ea, eb, ... (e26, e27, ... after the alphabet).
func ndjson(times ...string) string {
	var b strings.Builder
	for i, at := range times {
		id := strconv.Itoa(i)
		if i < 26 {
			id = string(rune('a' + i))
		}
		b.WriteString(`{"@timestamp":"` + at + `","event":{"dataset":"` + event.DatasetSSH + `","id":"e` + id + `","kind":"event"},"message":"m"}` + "\n")
	}
	return b.String()
}
