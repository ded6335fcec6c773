// Package spelling owns soclab's "did you mean" for misspelt ids, keys and
// names: the edit distance between two words and the closest candidate.
// Each caller decides how close is close enough to be a typo.
package spelling

// Distance is the Levenshtein distance between a and b, in bytes. It is
// quadratic: meant for ids and keys, not text.
func Distance(a, b string) int {
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
		}
		prev, cur = cur, prev
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
