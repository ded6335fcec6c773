package spelling

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"ssh-brutforce", "ssh-bruteforce", 1}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}, {"hihg", "high", 1}, {"verison", "version", 1}, {"ab", "ba", 1}, {"ca", "abc", 3}} {
		if got := Distance(tc.a, tc.b); got != tc.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

func TestClosest(t *testing.T) {
	got, d := Closest("port-scna", []string{"ssh-bruteforce", "port-scan", "c2-beacon"})
	if got != "port-scan" || d != 1 { // a swap is one edit
		t.Fatalf("got %q %d", got, d)
	}
	if got, d := Closest("x", nil); got != "" || d != -1 {
		t.Fatalf("no candidates: %q %d", got, d)
	}
}

func TestSuggest(t *testing.T) {
	ids := []string{"ssh-bruteforce", "port-scan", "c2-beacon", "dns-tunnel"}
	for _, tc := range []struct {
		word, want string
	}{
		{"ssh-brutforce", "ssh-bruteforce"},  // one edit
		{"SSH-Bruteforce", "ssh-bruteforce"}, // case is not a typo
		{"port-scna", "port-scan"},           // a swap is one edit
		{"c2-baecon", "c2-beacon"},
		{"dns", ""}, // too far from anything
		{"FOO", ""}, // "NOW" is two edits of three letters
		{"", ""},
		{strings.Repeat("x", MaxWordLen+1), ""}, // long input is never compared
	} {
		if got := Suggest(tc.word, ids); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	// ties go to the candidate that sorts first, whatever the order given
	for _, cands := range [][]string{{"lab-b", "lab-a"}, {"lab-a", "lab-b"}} {
		if got := Suggest("lab-c", cands); got != "lab-a" {
			t.Errorf("Suggest(lab-c, %v) = %q, want lab-a", cands, got)
		}
	}
	if got := DidYouMean("verison", []string{"version", "query"}); got != ` (did you mean "version"?)` {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("zzz", []string{"version"}); got != "" {
		t.Errorf("DidYouMean(no match) = %q", got)
	}
}
