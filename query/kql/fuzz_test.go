package kql

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse checks that the parser never panics and that what it accepts
// prints to text that parses back to the same printed form. It is seeded
// from the parser tests and the search scripts' queries.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`source.ip: 10.0.0.0/8 and event.outcome: failure and not user.name: svc-*`,
		`user.name:(alice or (bob and not carol)) or host.name:* and port >= 10`,
		`message: "Failed \"password\"" or message: failed password`,
		`url.full: https\://evil.example.com/* and a: \*x`,
	} {
		f.Add(s)
	}
	if data, err := os.ReadFile("../../cmd/soclab/testdata/script/search.txtar"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.Index(line, " '"); strings.Contains(line, "soclab search") && i >= 0 {
				f.Add(strings.Trim(line[i+1:], "'"))
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			t.Skip()
		}
		n, err := Parse(s)
		if err != nil {
			return
		}
		printed := n.String()
		n2, err := Parse(printed)
		if err != nil {
			t.Fatalf("printed query does not parse: %q -> %q: %v", s, printed, err)
		}
		if again := n2.String(); again != printed {
			t.Fatalf("print is not stable: %q -> %q -> %q", s, printed, again)
		}
	})
}
