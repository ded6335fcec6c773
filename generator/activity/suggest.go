package activity

import "github.com/soclab/soclab/internal/spelling"

// suggest returns ` (did you mean "x"?)` for a plausible typo of one of
// candidates, or "" (spelling.DidYouMean: one threshold for soclab).
func suggest(got string, candidates []string) string {
	return spelling.DidYouMean(got, candidates)
}
