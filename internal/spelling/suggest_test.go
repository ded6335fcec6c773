package spelling

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"ssh-brutforce", "ssh-bruteforce", 1}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}} {
		if got := Distance(tc.a, tc.b); got != tc.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

func TestClosest(t *testing.T) {
	got, d := Closest("port-scna", []string{"ssh-bruteforce", "port-scan", "c2-beacon"})
	if got != "port-scan" || d != 2 {
		t.Fatalf("got %q %d", got, d)
	}
	if got, d := Closest("x", nil); got != "" || d != -1 {
		t.Fatalf("no candidates: %q %d", got, d)
	}
}
