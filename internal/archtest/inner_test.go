package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

// innerBans are arrows inside one top-level tree that layers cannot see,
// because a tree may import itself: the lab-file format (labs, the role of
// Prometheus' rulefmt) knows nothing of instances, keys and workspaces
// (labs/instance), which are built on it; the Sigma rule format knows
// nothing of the engine that runs it.
var innerBans = [][2]string{
	{"labs", "labs/instance"},
	{"detectors/sigma", "detectors"},
	{"detectors/pipeline", "detectors"},
	{"store/columnar", "store/elastic"},
	{"store/elastic", "store/columnar"},
}

// TestInnerArrows checks every non-test import against innerBans: a banned
// package is neither imported nor reached through its subpackages.
func TestInnerArrows(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, mod+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		for _, ban := range innerBans {
			if pkg != ban[0] {
				continue
			}
			seen++
			for _, dep := range fields[1:] {
				if d, ok := strings.CutPrefix(dep, mod); ok && d == ban[1] {
					t.Errorf("%s depends on %s: the format must not know what is built on it (docs/architecture.md)", pkg, d)
				}
			}
		}
	}
	if seen != len(innerBans) {
		t.Errorf("%d of %d banned arrows start from a package that exists: a package was renamed; update innerBans", seen, len(innerBans))
	}
}
