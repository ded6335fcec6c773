package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/soclab/soclab/"

// forbidden maps a package prefix to the prefixes its (non-test) dependency
// closure must not contain.
var forbidden = map[string][]string{
	"event":     {"generator", "detectors", "labs", "grader", "query", "store", "cmd", "iofile"},
	"iofile":    {"generator", "detectors", "labs", "grader", "query", "store", "cmd"},
	"generator": {"detectors", "labs", "grader", "query", "store", "cmd"},
	"detectors": {"generator", "labs", "grader", "query", "store", "cmd"},
	"query":     {"generator", "detectors", "labs", "grader", "cmd"},
	"store":     {"generator", "detectors", "labs", "grader", "cmd"},
	"labs":      {"grader", "cmd"},
	"grader":    {"cmd"},
	"internal":  {"cmd"},
}

// onlyCmd are libraries that belong to the command line alone.
var onlyCmd = []string{"github.com/spf13/cobra", "github.com/schollz/progressbar", "golang.org/x/term"}

func TestImportsPointOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, mod+"...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := strings.TrimPrefix(fields[0], mod), fields[1:]
		top := strings.SplitN(pkg, "/", 2)[0]
		for _, dep := range deps {
			if strings.HasPrefix(dep, mod) {
				d := strings.TrimPrefix(dep, mod)
				for _, bad := range forbidden[top] {
					if d == bad || strings.HasPrefix(d, bad+"/") {
						t.Errorf("%s imports %s: imports must point one way (DESIGN.md)", pkg, d)
					}
				}
			}
			if top != "cmd" {
				for _, lib := range onlyCmd {
					if strings.HasPrefix(dep, lib) {
						t.Errorf("%s imports %s, which only cmd/soclab may use", pkg, dep)
					}
				}
			}
		}
	}
}
