package instance

import (
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/labs"

	"context"
	"slices"
	"testing"
)

// TestBundledLabsValidateAndGrade checks every bundled lab: it loads, its
// instance generates, and its key has a true positive (and, with decoys, a
// benign or false positive).
func TestBundledLabsValidateAndGrade(t *testing.T) {
	all, err := labs.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 12 {
		t.Fatalf("%d bundled labs, want at least 12", len(all))
	}
	for _, d := range labs.Difficulties {
		if !slices.ContainsFunc(all, func(l *labs.Lab) bool { return l.Difficulty == d }) {
			t.Errorf("no bundled lab of difficulty %s", d)
		}
	}
	if testing.Short() {
		all = all[:1]
	}
	for _, l := range all {
		t.Run(l.ID, func(t *testing.T) {
			k, err := ComputeKey(context.Background(), l, 11)
			if err != nil {
				t.Fatal(err)
			}
			var tp, other int
			for _, a := range k.Alerts {
				switch a.Verdict {
				case labs.TruePositive:
					tp++
				default:
					other++
				}
			}
			if tp == 0 {
				t.Errorf("no true positive among %d alerts", len(k.Alerts))
			}
			if len(l.Decoys) > 0 && other == 0 {
				t.Errorf("lab has decoys but no benign or false positive")
			}
			if len(k.Alerts) > 60 {
				t.Errorf("%d alerts: too many to triage in a lab", len(k.Alerts))
			}
			if len(k.Report.IOCs) == 0 || len(k.Report.Milestones) == 0 {
				t.Errorf("report key without iocs or milestones: %+v", k.Report)
			}
		})
	}
}

// TestBundledScenariosFitTheirWindow generates every scenario of every
// bundled lab (without the background) for many seeds: a start drawn with
// jitter must never push a scenario past the window, whatever the seed.
func TestBundledScenariosFitTheirWindow(t *testing.T) {
	all, err := labs.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	seeds := int64(20)
	if testing.Short() {
		seeds = 5
	}
	for _, l := range all {
		for seed := int64(1); seed <= seeds; seed++ {
			cfg, err := labs.GeneratorConfig(l, seed)
			if err != nil {
				t.Fatalf("%s seed %d: %v", l.ID, seed, err)
			}
			o := org.New(seed, l.Org.Users, l.Org.Hosts)
			for i, sp := range cfg.Scenarios {
				env := scenario.Env{Org: o, Seed: seed, Index: i, From: l.Window.Start(), To: l.Window.End(), Params: sp.Params}
				if _, err := scenario.Generate(sp.ID, env); err != nil {
					t.Errorf("%s seed %d: %v", l.ID, seed, err)
				}
			}
		}
	}
}
