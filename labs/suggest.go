package labs

import (
	"fmt"
	"github.com/soclab/soclab/internal/spelling"
)

// didYouMean returns ` (did you mean "x"?)` for the candidate closest to
// got, or "" when none is within a third of its length (at least 2 edits)
// and so is unlikely to be a typo.
func didYouMean(got string, candidates []string) string {
	best, bestD := "", max(2, len(got)/3)+1
	for _, c := range candidates {
		if d := spelling.Distance(got, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
