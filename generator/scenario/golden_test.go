package scenario

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestSummaryGolden pins what every scenario emits for one seed: events
// per dataset, span, indicators and milestones. A change to any scenario's
// output shows up in the diff of testdata/summary.golden.
func TestSummaryGolden(t *testing.T) {
	var b strings.Builder
	for _, info := range Catalogue() {
		res := mustGenerate(t, info.ID, testEnv(1, 0, nil))
		b.WriteString(summary(info.ID, res))
	}
	path := filepath.Join("testdata", "summary.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	got, wantLines := strings.Split(b.String(), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(got), len(wantLines)) {
		g, w := at(got, i), at(wantLines, i)
		if g != w {
			t.Fatalf("%s:%d differs (go test -update rewrites it):\n got %q\nwant %q", path, i+1, g, w)
		}
	}
}

func summary(id string, res *Result) string {
	var b strings.Builder
	counts := map[string]int{}
	for _, e := range res.Events {
		counts[e.Dataset()]++
	}
	var ds []string
	for d, n := range counts {
		ds = append(ds, fmt.Sprintf("%s=%d", strings.TrimPrefix(d, "soclab."), n))
	}
	sort.Strings(ds)
	first, last := res.Events[0].Time(), res.Events[len(res.Events)-1].Time()
	fmt.Fprintf(&b, "## %s (%s)\nevents: %d  %s\nspan: %s to %s (%s)\n", id, res.Truth.Kind, len(res.Events), strings.Join(ds, " "),
		first.Format(time.RFC3339), last.Format(time.RFC3339), last.Sub(first).Round(time.Second))
	if len(res.Truth.Techniques) > 0 {
		fmt.Fprintf(&b, "techniques: %s\n", strings.Join(res.Truth.Techniques, " "))
	}
	for _, x := range res.Truth.IOCs {
		fmt.Fprintf(&b, "ioc: %s %s %s\n", x.Type, x.Role, x.Value)
	}
	for _, x := range res.Truth.Entities {
		fmt.Fprintf(&b, "entity: %s %s %s\n", x.Type, x.Role, x.Value)
	}
	for _, m := range res.Truth.Milestones {
		fmt.Fprintf(&b, "milestone: %s %s\n", m.Time.Format("2006-01-02T15:04:05.000Z"), m.What)
	}
	fmt.Fprintf(&b, "users: %v\nhosts: %v\n\n", res.Truth.Users, res.Truth.Hosts)
	return b.String()
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of file>"
}
