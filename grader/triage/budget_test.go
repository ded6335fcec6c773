package triage

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestHostileTriageFilesAreQuick feeds Parse 1 MiB files built to make a
// YAML parser work hard (deep nesting, a problem on every line, alias
// bombs): each is refused with ErrInvalid in well under a second, and a
// file with a problem on each of its 100,000 lines lists the first
// MaxErrors and counts the rest.
func TestHostileTriageFilesAreQuick(t *testing.T) {
	var keys strings.Builder
	for i := 0; keys.Len() < MaxSize-32; i++ {
		keys.WriteString("k")
		keys.WriteString(strings.Repeat("x", i%7))
		keys.WriteString(": 1\n")
	}
	var indent strings.Builder
	for i := 0; indent.Len() < MaxSize-2000; i++ {
		indent.WriteString(strings.Repeat(" ", i%1400) + "a:\n")
	}
	cases := map[string][]byte{
		"flow sequences": bytes.Repeat([]byte("["), MaxSize),
		"flow mappings":  bytes.Repeat([]byte("{a: "), MaxSize/4),
		"block lists":    bytes.Repeat([]byte("- "), MaxSize/2),
		"unknown keys":   []byte(keys.String()),
		"indentation":    []byte(indent.String()),
		"aliases": []byte("analyst: x\nalerts:\n  - &a {id: a-1, verdict: true_positive}\n" +
			strings.Repeat("  - *a\n", (MaxSize-100)/7)),
	}
	for name, src := range cases {
		start := time.Now()
		_, err := Parse(src, Options{})
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("%s: took %v", name, took)
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
		var list ErrorList
		if errors.As(err, &list) && len(list) > MaxErrors+1 {
			t.Errorf("%s: %d problems listed, want at most %d and a count", name, len(list), MaxErrors+1)
		}
	}
	_, err := Parse([]byte(keys.String()), Options{})
	if !strings.Contains(err.Error(), "and ") || !strings.HasSuffix(err.Error(), " more problems") {
		t.Errorf("the problems past %d are not counted: ...%s", MaxErrors, err.Error()[max(0, len(err.Error())-200):])
	}
}

// FuzzParseLarge repeats a fuzzed unit up to the 1 MiB limit (the fuzzer
// alone rarely makes inputs that large): Parse returns quickly, with
// ErrInvalid or a triage, never a panic.
func FuzzParseLarge(f *testing.F) {
	for _, s := range []string{"[", "{a: ", "- ", "a: 1\n", "  - *a\n", "- id: a-1\n  verdict: true_positive\n"} {
		f.Add([]byte("analyst: x\nalerts:\n"), []byte(s), uint32(MaxSize/len(s)))
	}
	f.Fuzz(func(t *testing.T, head, unit []byte, times uint32) {
		if len(unit) == 0 || len(unit) > 256 || len(head) > 1024 {
			return
		}
		n := min(int(times), (MaxSize-len(head))/len(unit))
		src := append(bytes.Clone(head), bytes.Repeat(unit, n)...)
		start := time.Now()
		_, err := Parse(src, Options{KnownIDs: knownIDs})
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("%d bytes took %v", len(src), took)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("error %v is not ErrInvalid", err)
		}
	})
}
