package esql

import (
	"errors"
	"testing"
)

func TestParsePrint(t *testing.T) {
	cases := []struct{ in, want string }{
		{`from logs-*`, `FROM logs-*`},
		{`FROM logs-*, soclab-alerts* METADATA _index`, `FROM logs-*, soclab-alerts* METADATA _index`},
		{`FROM "logs-*" | where a==1 and b != "x" or not c`, `FROM logs-* | WHERE a == 1 AND b != "x" OR NOT c`},
		{`FROM x | WHERE (a or b) and c`, `FROM x | WHERE (a OR b) AND c`},
		{`FROM x | EVAL y = a + b * 2, a - (b - c), -x, - 5`, `FROM x | EVAL y = a + b * 2, a - (b - c), -x, -5`},
		{`FROM x | STATS c = count(*), count_distinct(user.name) by host.name, h = bucket(@timestamp, 1 hour)`,
			`FROM x | STATS c = COUNT(*), COUNT_DISTINCT(user.name) BY host.name, h = BUCKET(@timestamp, 1 hour)`},
		{`FROM x | STATS BY a`, `FROM x | STATS BY a`},
		{`row a = 1, b = concat("x", "y") | eval c = a + 1`, `ROW a = 1, b = CONCAT("x", "y") | EVAL c = a + 1`},
		{`FROM x | dissect message "%{a} %{+a}" append_separator="-" | KEEP a`,
			`FROM x | DISSECT message "%{a} %{+a}" APPEND_SEPARATOR="-" | KEEP a`},
		{`FROM x | grok message """%{IP:source.ip} port %{INT:port:int}""" | KEEP port`,
			`FROM x | GROK message "%{IP:source.ip} port %{INT:port:int}" | KEEP port`},
		{`FROM x | STATS f = count(*) where event.outcome == "failure", n = count(*) by source.ip`,
			`FROM x | STATS f = COUNT(*) WHERE event.outcome == "failure", n = COUNT(*) BY source.ip`},
		{`FROM x | SORT a desc nulls last, b, c asc nulls first | LIMIT 5`, `FROM x | SORT a DESC NULLS LAST, b, c NULLS FIRST | LIMIT 5`},
		{`FROM x | KEEP source.*, host.name | DROP *.geo.* | RENAME a as b, c AS d | MV_EXPAND related.ip`,
			`FROM x | KEEP source.*, host.name | DROP *.geo.* | RENAME a AS b, c AS d | MV_EXPAND related.ip`},
		{`FROM x | WHERE a not in (1, 2) and b like "x*" and c not rlike "y.+" and d is not null and e is null`,
			`FROM x | WHERE a NOT IN (1, 2) AND b LIKE "x*" AND c NOT RLIKE "y.+" AND d IS NOT NULL AND e IS NULL`},
		{`FROM x | EVAL t = "10.0.0.1"::ip, s = """a "raw" string""", q = "a\"b\\c\n"`,
			`FROM x | EVAL t = "10.0.0.1"::ip, s = "a \"raw\" string", q = "a\"b\\c\n"`},
		{"FROM x | KEEP `weird name`, `and`", "FROM x | KEEP `weird name`, `and`"},
		{`FROM x // comment
| /* block */ WHERE @timestamp > NOW() - 1d`, `FROM x | WHERE @timestamp > NOW() - 1 day`},
		{`FROM x | EVAL d = 1.5e3, e = 2.0, f = 1e2`, `FROM x | EVAL d = 1500.0, e = 2.0, f = 100.0`},
	}
	for _, c := range cases {
		q, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := q.String(); got != c.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.in, got, c.want)
			continue
		}
		q2, err := Parse(q.String())
		if err != nil || q2.String() != c.want {
			t.Errorf("reparse of %q: %v %v", c.want, q2, err)
		}
	}
}

func TestUnnamedFieldTakesSourceText(t *testing.T) {
	q, err := Parse("FROM x | STATS count(*),   max(a+1) BY  host.name")
	if err != nil {
		t.Fatal(err)
	}
	s := q.Commands[0].(*Stats)
	if s.Aggs[0].Name != "count(*)" || s.Aggs[1].Name != "max(a+1)" || s.By[0].Name != "host.name" {
		t.Errorf("names: %q %q %q", s.Aggs[0].Name, s.Aggs[1].Name, s.By[0].Name)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, `line 1:1: mismatched input end of query expecting FROM or ROW`},
		{`WHERE a`, `line 1:1: mismatched input 'WHERE' expecting FROM or ROW`},
		{`FROM`, `line 1:5: mismatched input end of query expecting an index pattern`},
		{`FROM x |`, `line 1:9: mismatched input end of query expecting a command (WHERE, EVAL, STATS, SORT, LIMIT, KEEP, DROP, RENAME, MV_EXPAND, DISSECT, GROK)`},
		{`FROM x | WHER a`, `line 1:10: unknown command 'WHER', expecting one of WHERE, EVAL, STATS, SORT, LIMIT, KEEP, DROP, RENAME, MV_EXPAND, DISSECT, GROK`},
		{`FROM x | ENRICH hosts ON host.name`, "line 1:10: " + enrichRefusal},
		{`FROM x | GROK message`, `line 1:22: mismatched input end of query expecting a pattern string`},
		{"FROM x\n| WHERE a = 1", `line 2:11: mismatched input '=' expecting '==' (use == to compare; = only names a column in EVAL and STATS)`},
		{`FROM x | WHERE a ==`, `line 1:20: mismatched input end of query expecting an expression`},
		{`FROM x | WHERE (a == 1`, `line 1:23: mismatched input end of query expecting ')'`},
		{`FROM x | WHERE a == "abc`, `line 1:21: unterminated string, expected closing '"'`},
		{`FROM x | LIMIT a`, `line 1:16: mismatched input 'a' expecting an integer`},
		{`FROM x | SORT a NULLS`, `line 1:22: mismatched input end of query expecting FIRST or LAST`},
		{`FROM x | RENAME a b`, `line 1:19: mismatched input 'b' expecting AS`},
		{`FROM x | WHERE a IS b`, `line 1:21: mismatched input 'b' expecting NULL or NOT NULL`},
		{`FROM x | WHERE a LIKE b`, `line 1:23: mismatched input 'b' expecting a string pattern`},
		{`FROM x | WHERE a NOT b`, `line 1:22: mismatched input 'b' expecting IN, LIKE or RLIKE`},
		{`FROM x | STATS`, `line 1:15: mismatched input end of query expecting an expression`},
		{`FROM x | WHERE a == "\q"`, `line 1:22: invalid escape sequence \q (valid: \" \\ \n \t \r)`},
		{`FROM x | WHERE a # 1`, `line 1:18: unexpected character '#'`},
		{`FROM x | KEEP and`, `line 1:15: mismatched input 'and' expecting a field name (quote it with backquotes to use a keyword as a name)`},
		{`FROM x | EVAL a.b(1)`, `line 1:15: 'a.b' is not a function name`},
		{`FROM x | WHERE a /* x`, `line 1:18: unterminated comment`},
		{`FROM x y`, `line 1:8: mismatched input 'y' expecting '|' or end of query`},
		{"FROM x | KEEP `a", "line 1:15: unterminated quoted identifier, expected closing '`'"},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q): no error, want %s", c.in, c.want)
			continue
		}
		if !errors.Is(err, ErrParse) {
			t.Errorf("Parse(%q): error %v is not ErrParse", c.in, err)
		}
		if err.Error() != c.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.in, err, c.want)
		}
	}
}

func TestDeepNestingIsAnError(t *testing.T) {
	q := "FROM x | WHERE "
	for i := 0; i < 1000; i++ {
		q += "("
	}
	if _, err := Parse(q + "a"); err == nil {
		t.Fatal("want an error for deep nesting")
	}
}
