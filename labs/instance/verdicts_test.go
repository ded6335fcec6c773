package instance

import (
	"context"
	"testing"

	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/labs"
)

// TestDecoyVerdictsFollowTheDefinition checks the key's false and benign
// positives on a lab with both kinds of decoy: alerts on a decoy the rules
// misread (typos are not guessing) are false positives, alerts on
// authorised activity the rules rightly see (the scanner) benign positives.
func TestDecoyVerdictsFollowTheDefinition(t *testing.T) {
	if testing.Short() {
		t.Skip("computes an answer key")
	}
	seen := map[bool]bool{}
	for _, ref := range []struct {
		lab  string
		seed int64
	}{{"ssh-noise-201", 1}, {"ssh-noise-201", 2}, {"rogue-admin-201", 1}, {"rogue-admin-201", 2}} {
		lab, err := labs.Find(ref.lab)
		if err != nil {
			t.Fatal(err)
		}
		key, err := ComputeKey(context.Background(), lab, ref.seed)
		if err != nil {
			t.Fatal(err)
		}
		checkDecoyVerdicts(t, key, seen)
	}
	if !seen[true] || !seen[false] {
		t.Errorf("the keys hold no alert on a misread decoy (%v) or on an authorised one (%v)", seen[true], seen[false])
	}
}

func checkDecoyVerdicts(t *testing.T, key *Key, seen map[bool]bool) {
	t.Helper()
	for _, a := range key.Alerts {
		if a.Verdict == labs.TruePositive || a.Scenario == "" {
			continue
		}
		info, err := scenario.Lookup(a.Scenario)
		if err != nil || info.Kind != truth.KindDecoy {
			t.Fatalf("alert %s: scenario %q: %v", a.ID, a.Scenario, err)
		}
		want := labs.BenignPositive
		if info.Misread {
			want = labs.FalsePositive
		}
		if a.Verdict != want {
			t.Errorf("alert %s (%s) on decoy %s: %s, want %s", a.ID, a.Title, a.Scenario, a.Verdict, want)
		}
		seen[info.Misread] = true
	}
}
