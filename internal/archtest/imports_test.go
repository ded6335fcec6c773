package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/soclab/soclab/"

// layers places every top-level package of the module (docs/architecture.md,
// "Import rules"). A package may import a package of its own top-level
// tree or of a lower layer, never one of its own layer or above: siblings
// such as generator and detectors know nothing of each other, and a
// store knows events, not the query language, labs or grades. A new
// top-level package must be given its layer here.
var layers = map[string]int{
	"event":    0, // the event model: knows nothing of the project
	"iofile":   0, // atomic files, compression
	"internal": 0, // small shared helpers (diag, spelling, printable, ...)
	"deploy":   0, // the compose files and their test

	"generator": 1, // organisation, activity, scenarios → events and truth
	"detectors": 1, // Sigma rules over events → alerts
	"store":     1, // where events are kept: the column store, Elasticsearch

	"query":    2, // ES|QL and KQL over a store or an NDJSON file
	"importer": 2, // real recordings → events, with the generator's builders
	"replay":   2, // the one pipeline: a source through the detectors into every sink

	"labs": 3, // a lab file and its instances: config, rules, key, workspace

	"grader": 4, // a trainee's triage and report against a lab's key

	"console": 5, // the trainee's web console over a workspace

	"cmd": 6, // the command line: flags → one package call → print
}

// onlyCmd are libraries that belong to the command line alone.
var onlyCmd = []string{"github.com/spf13/cobra", "github.com/schollz/progressbar", "golang.org/x/term"}

func top(pkg string) string { return strings.SplitN(pkg, "/", 2)[0] }

// allowed tells whether package from may import package to (paths inside
// the module); both top-level packages must have a layer.
func allowed(from, to string) bool {
	return top(from) == top(to) || layers[top(to)] < layers[top(from)]
}

// TestImportsPointDown checks every non-test import of every package of the
// module against layers.
func TestImportsPointDown(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, mod+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := strings.TrimPrefix(fields[0], mod), fields[1:]
		layer, ok := layers[top(pkg)]
		if !ok {
			t.Errorf("%s: top-level package %q has no layer: place it in layers (and in docs/architecture.md)", pkg, top(pkg))
			continue
		}
		for _, imp := range imports {
			if d, ok := strings.CutPrefix(imp, mod); ok && !allowed(pkg, d) {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must point down (docs/architecture.md)", pkg, layer, d, layers[top(d)])
			}
			if top(pkg) != "cmd" {
				for _, lib := range onlyCmd {
					if imp == lib || strings.HasPrefix(imp, lib+"/") {
						t.Errorf("%s imports %s, which only cmd/soclab may use", pkg, imp)
					}
				}
			}
		}
	}
}

// TestLayersCatchBackArrows checks the rule itself on arrows the project
// has had or must never have.
func TestLayersCatchBackArrows(t *testing.T) {
	for _, arrow := range [][2]string{
		{"store/elastic", "query"}, // the store knows events, not the query language
		{"query", "labs"},
		{"store/columnar", "labs"},
		{"labs", "grader"},
		{"generator", "detectors"},
		{"detectors", "generator"},
		{"event", "iofile"},
		{"grader", "console"},
		{"console", "cmd/soclab"},
		{"replay", "labs/instance"}, // the pipeline knows no lab: labs call it
		{"replay", "query"},
		{"generator", "replay"},
	} {
		if allowed(arrow[0], arrow[1]) {
			t.Errorf("%s → %s would be allowed", arrow[0], arrow[1])
		}
	}
}
