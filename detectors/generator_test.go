package detectors_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/truth"
)

// TestGeneratedScenarios generates a day with every attack scenario and
// decoy, runs the bundled pack over it, and checks that each attack raises
// an alert made only of its own events, and that each decoy trips some rule
// (the false positives a trainee must recognise).
func TestGeneratedScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a day of telemetry")
	}
	cfg := generator.Config{Seed: 7, Users: 80}
	for _, in := range scenario.Catalogue() {
		cfg.Scenarios = append(cfg.Scenarios, generator.ScenarioSpec{ID: in.ID})
	}
	rules, err := detectors.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	var alerts []*detectors.Alert
	eng, err := detectors.Compile(rules, detectors.Options{OnAlert: func(a *detectors.Alert) { alerts = append(alerts, a) }})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := generator.Run(context.Background(), cfg, eng, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	owner := tr.EventScenario()
	pure := map[string][]string{}     // scenario: titles of alerts made only of its events
	touched := map[string][]string{}  // scenario: titles of alerts with any of its events
	detected := map[string][]string{} // attack: alerts with its events and no other scenario's
	for _, a := range alerts {
		seen := map[int]bool{}
		benign := false
		for _, id := range a.EventIDs {
			if i, ok := owner[id]; ok {
				seen[i] = true
			} else {
				benign = true
			}
		}
		for i := range seen {
			id := tr.Scenarios[i].ID
			touched[id] = append(touched[id], a.Title)
			if len(seen) == 1 {
				detected[id] = append(detected[id], a.Title)
				if !benign {
					pure[id] = append(pure[id], a.Title)
				}
			}
		}
	}
	for _, s := range tr.Scenarios {
		got := touched[s.ID]
		sort.Strings(got)
		t.Logf("%-22s %-6s %d alerts (%d only its events): %s", s.ID, s.Kind, len(got), len(pure[s.ID]), strings.Join(got, "; "))
		switch {
		case s.Kind == truth.KindAttack && len(detected[s.ID]) == 0:
			// An alert may also list the entity's benign events of the same
			// window (the user's other sign-ins), never another scenario's.
			t.Errorf("attack %s raised no alert of its own", s.ID)
		case s.Kind == truth.KindDecoy && len(got) == 0:
			t.Errorf("decoy %s tripped no rule", s.ID)
		}
	}
	t.Logf("%d events, %d alerts", eng.Events(), len(alerts))
}
