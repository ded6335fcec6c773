package esql

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that the parser never panics and that whatever it
// accepts prints to text that parses back to the same printed form. It is
// seeded from the parser tests and every query of ../testdata/*.esqltest.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`FROM logs-* | WHERE a == 1 AND b LIKE "x*" | STATS c = COUNT(*) BY h = BUCKET(@timestamp, 1 hour) | SORT c DESC | LIMIT 5`,
		`FROM x | EVAL y = CASE(a > 1, "big", "small"), z = -a::long | KEEP y, z* | DROP q | RENAME y AS w | MV_EXPAND w`,
		"FROM x | WHERE `a b` IN (1, 2.5, \"s\", null, true) AND c IS NOT NULL",
		`FROM x | GROK message """%{IP:ip} %{NUMBER:n:float} "%{DATA:q}" end""" | KEEP q`,
		`FROM x | ENRICH hosts ON host.name WITH os`,
	} {
		f.Add(s)
	}
	files, _ := filepath.Glob("../testdata/*.esqltest")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if q, ok := strings.CutPrefix(line, "query "); ok {
				f.Add(q)
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			t.Skip()
		}
		q, err := Parse(s)
		if err != nil {
			return
		}
		printed := q.String()
		q2, err := Parse(printed)
		if err != nil {
			t.Fatalf("printed query does not parse: %q -> %q: %v", s, printed, err)
		}
		if again := q2.String(); again != printed {
			t.Fatalf("print is not stable: %q -> %q -> %q", s, printed, again)
		}
	})
}
