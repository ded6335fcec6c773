// Package spelling owns soclab's "did you mean" for misspelt ids, keys and
// names: the edit distance between two words, the closest candidate, and
// the one threshold that decides whether it is close enough to be a typo
// (Suggest, DidYouMean). Every message that suggests a name goes through
// Suggest, so that the same typo gets the same help everywhere.
package spelling

import (
	"fmt"
	"strings"
)

// MaxWordLen bounds the words Suggest compares: a longer word is not a
// typo of an id, and Distance is quadratic.
const MaxWordLen = 64

// Suggest returns the candidate closest to word when it is close enough to
// be a typo, else "". Close enough: at most a third of word's length in
// edits, and always at least 1. The comparison ignores case; ties go to the
// candidate that sorts first, so the answer does not depend on the
// candidates' order.
func Suggest(word string, candidates []string) string {
	if len(word) > MaxWordLen {
		return ""
	}
	lower := strings.ToLower(word)
	best, bestD := "", max(1, len(word)/3)+1
	for _, c := range candidates {
		if len(c) > MaxWordLen || c == "" {
			continue
		}
		d := Distance(lower, strings.ToLower(c))
		if d < bestD || (d == bestD && best != "" && c < best) {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean is Suggest's answer for an error message:
// ` (did you mean "x"?)`, or "" when nothing is close.
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// Distance is the edit distance between a and b, in bytes: insertions,
// deletions, substitutions, and swaps of two neighbouring letters (the
// commonest typo: "hihg", "verison") each count one (optimal string
// alignment). It is quadratic: meant for ids and keys, not text.
func Distance(a, b string) int {
	// rows i-2, i-1 and i of the table
	pp := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(b)]
}

// Closest returns the candidate nearest to word and its distance, the
// first one on ties; "" and -1 when there are no candidates.
func Closest(word string, candidates []string) (string, int) {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := Distance(word, c); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD
}
