package labs

import "github.com/soclab/soclab/internal/spelling"

// didYouMean returns ` (did you mean "x"?)` for a plausible typo of one of
// candidates, or "" (spelling.DidYouMean: one threshold for soclab).
func didYouMean(got string, candidates []string) string {
	return spelling.DidYouMean(got, candidates)
}
