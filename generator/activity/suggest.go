package activity

import (
	"fmt"
	"github.com/soclab/soclab/internal/spelling"
)

// suggest returns ` (did you mean "x"?)` for the candidate closest to got,
// or "" when none is close enough to be a plausible typo.
func suggest(got string, candidates []string) string {
	best, bestD := "", len(got)/2+2
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
