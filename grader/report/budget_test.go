package report

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// upTo repeats unit (then sep) to just under MaxSize bytes.
func upTo(unit string, per int, sep string) []byte {
	var b bytes.Buffer
	for b.Len()+len(unit)+len(sep) < MaxSize {
		for i := 0; i < per && b.Len()+len(unit)+len(sep) < MaxSize; i++ {
			b.WriteString(unit)
		}
		b.WriteString(sep)
	}
	return b.Bytes()
}

// TestHostileReportsAreRefusedQuickly feeds Parse the inputs whose parsing
// grew quadratically (a 256 KiB file of > took over 20 s, 1 MiB about six
// minutes) at the full 1 MiB: each is refused as an invalid submission, with
// its line and reason, in well under a second.
func TestHostileReportsAreRefusedQuickly(t *testing.T) {
	cases := map[string]struct {
		src    []byte
		reason string
	}{
		"nested quotes":        {bytes.Repeat([]byte(">"), MaxSize), "nested block quotes or lists"},
		"spaced nested quotes": {bytes.Repeat([]byte("> "), MaxSize/2), "nested block quotes or lists"},
		"quoted lists":         {bytes.Repeat([]byte(">- "), MaxSize/3), "nested block quotes or lists"},
		"ordered lists":        {bytes.Repeat([]byte("1. "), MaxSize/3), "nested block quotes or lists"},
		"unclosed links":       {bytes.Repeat([]byte("[a]("), MaxSize/4), "inline markup"},
		"brackets":             {bytes.Repeat([]byte("["), MaxSize), "inline markup"},
		"emphasis":             {bytes.Repeat([]byte("*a"), MaxSize/2), "inline markup"},
		"code spans":           {bytes.Repeat([]byte("`a``"), MaxSize/4), "inline markup"},
		"link definitions":     {bytes.Repeat([]byte("[a]: b\n"), MaxSize/7), "inline markup"},
		"links by paragraph":   {upTo("[a](", 2048, "\n\n"), "inline markup"},
		"wide table":           {append([]byte("|"+strings.Repeat("a|", 1000)+"\n|"+strings.Repeat("-|", 1000)+"\n"), bytes.Repeat([]byte("|\n"), 200_000)...), "cells"},
		"many tables":          {upTo("|"+strings.Repeat("a|", 100)+"\n|"+strings.Repeat("-|", 100)+"\n"+strings.Repeat("|x\n", 100), 1, "\n"), "cells"},
		"deep indentation":     {[]byte(strings.Repeat(" ", 200) + "- a\n"), "indented"},
	}
	for name, c := range cases {
		start := time.Now()
		_, err := Parse(c.src, Options{})
		took := time.Since(start)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.reason) || !strings.HasPrefix(err.Error(), "report.md:") {
			t.Errorf("%s: err = %v, want report.md:LINE: invalid submission: ...%s...", name, err, c.reason)
		}
		if took > 2*time.Second {
			t.Errorf("%s: refused after %v", name, took)
		}
	}
}

// TestBudgetKeepsRealReports checks that the limits are far from what real
// reports hold: the good report, repeated to 1 MiB, parses; so do long
// lists of links and deep (but sane) nesting.
func TestBudgetKeepsRealReports(t *testing.T) {
	good, err := os.ReadFile("testdata/good.md")
	if err != nil {
		t.Fatal(err)
	}
	var nested strings.Builder
	for i := range 12 {
		nested.WriteString(strings.Repeat("  ", i) + "- level [x](http://e/) *y* `z` event_id\n")
	}
	for name, src := range map[string][]byte{
		"good x N":    bytes.Repeat(good, MaxSize/len(good)),
		"link list":   upTo("- [a](http://x/y) *b* `c` <http://z/>\n", 1, ""),
		"quotes":      []byte(strings.Repeat("> ", MaxNesting) + "deep but fine\n"),
		"nested list": []byte(nested.String()),
		"long prose":  upTo("word_with_underscores and *some* emphasis, ", 30, "\n\n"),
	} {
		start := time.Now()
		if _, err := Parse(src, Options{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: parsed in %v", name, took)
		}
	}
}

// FuzzParseLarge builds reports up to the 1 MiB limit from a fuzzed unit
// repeated (the fuzzer alone rarely makes inputs that large): whatever the
// Markdown, Parse returns within a few seconds, without panicking.
func FuzzParseLarge(f *testing.F) {
	for _, s := range []string{">", "> ", "[a](", "*a", "`a``", "[a]: b\n", "|a|\n|-|\n", "- ", "1. ", "<a ", "**a", "![", "_a ", "&amp"} {
		f.Add([]byte(s), uint32(MaxSize/len(s)), uint16(0))
	}
	f.Fuzz(func(t *testing.T, unit []byte, times uint32, para uint16) {
		if len(unit) == 0 || len(unit) > 256 {
			return
		}
		n := min(int(times), MaxSize/len(unit))
		var b bytes.Buffer
		for i := range n {
			b.Write(unit)
			if para > 0 && i%int(para) == int(para)-1 {
				b.WriteString("\n\n")
			}
			if b.Len() > MaxSize-len(unit)-2 {
				break
			}
		}
		start := time.Now()
		r, err := Parse(b.Bytes(), Options{From: winFrom, To: winTo})
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("%d bytes of %q took %v", b.Len(), unit, took)
		}
		if err == nil {
			r.Indicators()
			r.Timeline()
		}
	})
}
