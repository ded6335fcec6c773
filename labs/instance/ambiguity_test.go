package instance

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/soclab/soclab/labs"
)

// TestRuleTitlesNeverDecideTheVerdict checks, for every intermediate and
// advanced bundled lab and several seeds, that some rule raises alerts on
// both the attack (true_positive) and benign activity (a decoy's
// benign_positive, or a false_positive): a trainee who copies verdicts by
// rule title gets some of them wrong, and only reading the events tells
// the two apart. Easy labs are exempt: they teach the rules themselves.
func TestRuleTitlesNeverDecideTheVerdict(t *testing.T) {
	all, err := labs.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	seeds := []int64{1, 2, 3, 4}
	if testing.Short() {
		seeds = seeds[:1]
	}
	var checked int
	for _, l := range all {
		if l.Difficulty != "intermediate" && l.Difficulty != "advanced" {
			continue
		}
		checked++
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("%s/seed%d", l.ID, seed), func(t *testing.T) {
				t.Parallel()
				k, err := ComputeKey(context.Background(), l, seed)
				if err != nil {
					t.Fatal(err)
				}
				verdicts := map[string][]string{}
				for _, a := range k.Alerts {
					if !slices.Contains(verdicts[a.Title], a.Verdict) {
						verdicts[a.Title] = append(verdicts[a.Title], a.Verdict)
					}
				}
				var titles []string
				for title, vs := range verdicts {
					if slices.Contains(vs, labs.TruePositive) && slices.ContainsFunc(vs, func(v string) bool { return v != labs.TruePositive }) {
						return
					}
					sort.Strings(vs)
					titles = append(titles, fmt.Sprintf("%s: %v", title, vs))
				}
				sort.Strings(titles)
				t.Errorf("no rule fires on both the attack and benign activity; the title gives every verdict away:\n%v", titles)
			})
		}
	}
	if checked < 6 {
		t.Errorf("%d intermediate or advanced labs, want at least 6", checked)
	}
}
