package kql

import (
	"errors"
	"testing"
)

func TestParsePrint(t *testing.T) {
	cases := []struct{ in, want string }{
		{`source.ip: 10.0.0.0/8 and event.outcome: failure and not user.name: svc-*`,
			`source.ip: 10.0.0.0/8 and event.outcome: failure and not user.name: svc-*`},
		{`user.name:(alice or bob)`, `user.name: alice or user.name: bob`},
		{`user.name:(alice or (bob and not carol))`, `user.name: alice or user.name: bob and not user.name: carol`},
		{`host.name:*`, `host.name: *`},
		{`message: "Failed password"`, `message: "Failed password"`},
		{`message: failed password`, `message: failed\ password`},
		{`destination.port >= 1024 AND source.bytes<10`, `destination.port >= 1024 and source.bytes < 10`},
		{`(a: 1 OR b: 2) and c: 3`, `(a: 1 or b: 2) and c: 3`},
		{`a: 1 or b: 2 and c: 3`, `a: 1 or b: 2 and c: 3`},
		{`not (a: 1 or b: 2)`, `not (a: 1 or b: 2)`},
		{`evil.example.com`, `evil.example.com`},
		{`"two words"`, `"two words"`},
		{`url.full: https\://evil.example.com/*`, `url.full: https\://evil.example.com/*`},
		{`a: \*literal`, `a: \*literal`},
		{`source.*: 10.0.0.5`, `source.*: 10.0.0.5`},
	}
	for _, c := range cases {
		n, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := n.String(); got != c.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.in, got, c.want)
			continue
		}
		n2, err := Parse(n.String())
		if err != nil || n2.String() != c.want {
			t.Errorf("reparse %q: %v", c.want, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, `line 1:1: unexpected end of query, expecting a field, a value or '('`},
		{`a:`, `line 1:3: unexpected end of query, expecting a value after a:`},
		{`a: 1 and`, `line 1:9: unexpected end of query, expecting a field, a value or '('`},
		{`(a: 1`, `line 1:6: unexpected end of query, expecting ')'`},
		{`a: 1)`, `line 1:5: unexpected ")", expecting and, or or end of query`},
		{`a: "open`, `line 1:4: unterminated quoted value, expecting '"'`},
		{`a >= `, `line 1:6: unexpected end of query, expecting a value after >=`},
		{`: x`, `line 1:1: unexpected ':', expecting a field, a value or '('`},
		{`a: (b`, `line 1:6: unexpected end of query, expecting ')'`},
		{"a: x\\", `line 1:5: '\' at the end of the query escapes nothing`},
		{`a: x b: y`, `line 1:6: unexpected "b", expecting and, or or end of query`},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q): no error, want %s", c.in, c.want)
			continue
		}
		if !errors.Is(err, ErrParse) {
			t.Errorf("Parse(%q): %v is not ErrParse", c.in, err)
		}
		if err.Error() != c.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.in, err, c.want)
		}
	}
}
