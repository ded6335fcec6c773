package detectors

import (
	"os"
	"strings"
	"testing"

	"github.com/soclab/soclab/detectors/pipeline"
)

// TestTaxonomyCoversBundledPipelines keeps the taxonomy regression set
// honest: every transformation of every bundled pipeline changes at least
// one of its rules, and every log source a bundled pipeline maps is the
// log source of one of its rules.
func TestTaxonomyCoversBundledPipelines(t *testing.T) {
	usedSteps := map[string]bool{}
	usedLS := map[string]bool{}
	for _, f := range sigmaTestFiles(t, "testdata/taxonomy/*.sigmatest") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseSigmaTest(f, string(data))
		if err != nil {
			t.Fatal(err)
		}
		rules, err := c.load()
		if err != nil {
			t.Fatal(err)
		}
		eng, err := Compile(rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			info, _ := eng.RuleInfo(r)
			for _, s := range info.Pipelines {
				usedSteps[s] = true
			}
			for _, kv := range [][2]string{{"category", r.Logsource.Category}, {"product", r.Logsource.Product}, {"service", r.Logsource.Service}} {
				usedLS[kv[0]+"="+strings.ToLower(kv[1])] = true
			}
		}
	}
	set, err := pipeline.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range set {
		for _, tr := range p.Transforms {
			if s := p.Name + "/" + tr.ID; !usedSteps[s] {
				t.Errorf("no taxonomy rule goes through %s", s)
			}
		}
		for _, m := range p.Logsources {
			if !usedLS[m.Attr+"="+m.Value] {
				t.Errorf("no taxonomy rule has logsource %s: %s (pipeline %s)", m.Attr, m.Value, p.Name)
			}
		}
	}
}
