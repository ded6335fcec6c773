package printable

import (
	"strings"
	"testing"
)

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"Jane Doe":                             "Jane Doe",
		"x\n\nScore: 100 / 100  PASSED":        "x Score: 100 / 100 PASSED",
		"  a\r\tb\u202ec\x00 ":                 "a b c",
		"":                                     "",
		strings.Repeat("a", MaxLen+5):          strings.Repeat("a", MaxLen) + "…",
		"\u200bzero-width\u2028line separator": "zero-width line separator",
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "alice": "alice", "": "", "a=b": "a=b",
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	got := Markdown("[click](http://evil)\n| <b>x</b> `c` \\")
	if want := "\\[click\\](http://evil) \\| &lt;b&gt;x&lt;/b&gt; \\`c\\` \\\\"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzOneLine(f *testing.F) {
	f.Add("a\nb")
	f.Fuzz(func(t *testing.T, s string) {
		got := OneLine(s)
		if strings.ContainsAny(got, "\n\r\t\x00") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("OneLine(%q) = %q", s, got)
		}
	})
}
