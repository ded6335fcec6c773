package query

import (
	"strings"
	"testing"
)

// TestGrokBuiltins checks the built-in patterns that the .esqltest cases
// do not reach on inputs where RE2's first-alternative rule matters.
func TestGrokBuiltins(t *testing.T) {
	cases := []struct{ pattern, in, want string }{
		{"%{IPV6:x}", "from 2001:db8::8a2e:370:7334 port", "2001:db8::8a2e:370:7334"},
		{"%{IPV6:x}", "from ::1 port", "::1"},
		{"%{IPV6:x}", "at fe80::", "fe80::"},
		{"%{IPV6:x}", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
		{"%{IPV6:x}", "::", "::"},
		{"%{IP:x} b", "a ::ffff:10.0.0.1 b", "::ffff:10.0.0.1"},
		{"%{IP:x} ", "host 10.0.0.255 up", "10.0.0.255"},
		{"%{IPV4:x}", "v1.2.3.4.5", "2.3.4.5"},
		{"%{TIMESTAMP_ISO8601:x}", "at 2026-03-02 10:00:01+01:00 ok", "2026-03-02 10:00:01+01:00"},
		{"%{SYSLOGTIMESTAMP:x}", "Mar  2 10:00:01 host sshd[12]:", "Mar  2 10:00:01"},
		{"%{SYSLOGPROG:x}:", "host sshd[12]: msg", "sshd[12]"},
		{"%{HOSTNAME:x}", "evil.example.com. is bad", "evil.example.com."},
		{"%{QUOTEDSTRING:x}", `say "a \"b\" c" now`, `"a \"b\" c"`},
		{"%{LOGLEVEL:x}", "2026 WARNING disk", "WARNING"},
		{"%{URI:x}", "GET http://user@a.example:8080/p/q?x=1 HTTP", "http://user@a.example:8080/p/q?x=1"},
		{"%{UUID:x}", "id 123e4567-e89b-12d3-a456-426614174000.", "123e4567-e89b-12d3-a456-426614174000"},
		{"%{MAC:x}", "mac 00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5e"},
	}
	for _, c := range cases {
		g, err := compileGrok(c.pattern)
		if err != nil {
			t.Fatalf("%s: %v", c.pattern, err)
		}
		m := g.re.FindStringSubmatchIndex(c.in)
		if m == nil {
			t.Errorf("%s does not match %q", c.pattern, c.in)
			continue
		}
		gi := g.fields[0].groups[0]
		if got := c.in[m[2*gi]:m[2*gi+1]]; got != c.want {
			t.Errorf("%s on %q = %q, want %q", c.pattern, c.in, got, c.want)
		}
	}
}

// TestGrokBuiltinsCompile: every built-in pattern compiles to RE2 alone.
func TestGrokBuiltinsCompile(t *testing.T) {
	for _, name := range grokBuiltinNames() {
		if _, err := compileGrok("%{" + name + ":x}"); err != nil {
			t.Errorf("%%{%s}: %v", name, err)
		}
	}
}

// TestGrokFloat: :float parses a 32-bit float and widens it, as
// Elasticsearch does; :double keeps every digit.
func TestGrokFloat(t *testing.T) {
	f, _ := grokConvert("0.1", "float")
	d, _ := grokConvert("0.1", "double")
	if f.F == d.F || f.F != float64(float32(0.1)) || d.F != 0.1 {
		t.Errorf("float %v, double %v", f.F, d.F)
	}
	if _, err := grokConvert("99999999999", "int"); err == nil {
		t.Error("an int out of range converts")
	}
}

// FuzzGrok: any pattern is refused with an error or compiles, and then
// matches any input without panicking, its fields sorted and unique.
func FuzzGrok(f *testing.F) {
	f.Add("%{IP:ip} port %{INT:port:int}", "10.0.0.1 port 22")
	f.Add("(?<w>%{WORD}) %{NUMBER:n:float} %{GREEDYDATA:rest}", "a 1.5 b c")
	f.Add("%{DATA:a}%{DATA:a}(?<!x)", "")
	f.Add("%{TIMESTAMP_ISO8601:ts} %{LOGLEVEL:lvl}", "2026-03-02T10:00:00Z INFO x")
	f.Fuzz(func(t *testing.T, p, s string) {
		if len(p) > 200 || len(s) > 1000 {
			return
		}
		g, err := compileGrok(p)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for i, fl := range g.fields {
			if i > 0 && strings.Compare(g.fields[i-1].name, fl.name) >= 0 {
				t.Fatalf("fields not sorted and unique: %v", g.fields)
			}
			for _, gi := range fl.groups {
				if gi <= 0 || gi > g.re.NumSubexp() {
					t.Fatalf("field %s has group %d of %d", fl.name, gi, g.re.NumSubexp())
				}
			}
		}
		if m := g.re.FindStringSubmatchIndex(s); m != nil {
			for _, fl := range g.fields {
				for _, gi := range fl.groups {
					if m[2*gi] >= 0 {
						if _, err := grokConvert(s[m[2*gi]:m[2*gi+1]], fl.conv); err != nil && fl.conv == "" {
							t.Fatal(err)
						}
					}
				}
			}
		}
	})
}

// BenchmarkGrokSSHLine is the cost of one GROK over one sshd line for one
// of its four columns (each column runs the expression once per row).
func BenchmarkGrokSSHLine(b *testing.B) {
	g, err := compileGrok(`%{WORD:outcome} %{WORD} for (?:invalid user )?%{USERNAME:user} from %{IP:ip} port %{INT:port:int}`)
	if err != nil {
		b.Fatal(err)
	}
	line := "Failed password for invalid user root from 203.0.113.7 port 51000 ssh2"
	b.ReportAllocs()
	for b.Loop() {
		if g.re.FindStringSubmatchIndex(line) == nil {
			b.Fatal("no match")
		}
	}
}
