package grader

import (
	"bytes"
	"slices"
	"testing"

	"github.com/soclab/soclab/grader/gradertest"
	"github.com/soclab/soclab/labs"
)

// gravitySeeds are the instances the gravity test grades for every lab.
var gravitySeeds = []int64{1, 2, 3}

// TestGravity grades the archetypes of issue 10's "done when" for every
// bundled lab and several instances: the excellent submission scores at
// least 90, the untouched template 0; all-true-positive triage with a report
// from the alerts alone, a missed attack stage and an unescalated incident
// fail; stuffing costs at least 15 points; a copy of another instance's
// work leaves less than 30; escalating the decoys as attacks, the attack
// found too, costs at least 8.
func TestGravity(t *testing.T) {
	if testing.Short() {
		t.Skip("computes answer keys")
	}
	all, err := labs.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, lab := range all {
		t.Run(lab.ID, func(t *testing.T) {
			for i, seed := range gravitySeeds {
				other := gravitySeeds[(i+1)%len(gravitySeeds)]
				v := viewOf(t, lab.ID, seed, other)
				key := instanceOf(t, lab.ID, seed).key
				score := func(name string) *Grade { return grade(t, key, renderSubmission(t, name, v)) }
				sheet := func(g *Grade) string {
					var b bytes.Buffer
					g.WriteText(&b)
					return b.String()
				}
				excellent := score("excellent")
				if excellent.Score < 90 {
					t.Errorf("seed %d: the excellent submission scored %v:\n%s", seed, excellent.Score, sheet(excellent))
				}
				if g := grade(t, key, pair(gradertest.Template(key))); g.Score != 0 {
					t.Errorf("seed %d: the template scored %v:\n%s", seed, g.Score, sheet(g))
				}
				for _, name := range []string{"all-tp-alert-only", "missed-stage", "unescalated"} {
					if g := score(name); g.Passed {
						t.Errorf("seed %d: %s passed with %v:\n%s", seed, name, g.Score, sheet(g))
					}
				}
				if g := score("stuffed"); excellent.Score-g.Score < 15 {
					t.Errorf("seed %d: stuffing cost %.2f points (want ≥ 15):\n%s", seed, excellent.Score-g.Score, sheet(g))
				}
				if slices.ContainsFunc(v.Alerts, func(a gradertest.AlertView) bool { return a.Decoy }) {
					// The decoys taken for the attack, the attack found too.
					if g := score("decoy-escalated"); excellent.Score-g.Score < 8 {
						t.Errorf("seed %d: escalating the decoys as attacks cost %.2f points (want ≥ 8):\n%s", seed, excellent.Score-g.Score, sheet(g))
					}
				}
				// A recorded lab gives every instance the same data
				// (docs/labs.md): another instance's work is this one's.
				if g := score("copied"); g.Score >= 30 && !lab.IsRecorded() {
					t.Errorf("seed %d: a copy of seed %d's work scored %v:\n%s", seed, other, g.Score, sheet(g))
				}
			}
		})
	}
}
