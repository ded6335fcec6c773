package detectors

import (
	"strings"
	"unicode/utf8"
)

// tok is one element of a Sigma string: literal text, or a wildcard ('*'
// any run of characters, '?' exactly one character).
type tok struct {
	lit  string
	wild byte
}

// parseSigmaString splits a Sigma string into literal text and wildcards,
// honouring the specification's escapes: \* and \? are plain characters,
// \\ is one backslash, and a backslash before anything else is itself.
func parseSigmaString(s string) []tok {
	var out []tok
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, tok{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\'):
			lit.WriteByte(s[i+1])
			i++
		case c == '*' || c == '?':
			flush()
			out = append(out, tok{wild: c})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return out
}

// plain returns the literal text of toks and whether it had no wildcard.
func plain(toks []tok) (string, bool) {
	var b strings.Builder
	for _, t := range toks {
		if t.wild != 0 {
			return "", false
		}
		b.WriteString(t.lit)
	}
	return b.String(), true
}

// patKind is the shape of a compiled pattern, so that common shapes avoid
// the general wildcard matcher.
type patKind uint8

const (
	patExact patKind = iota
	patPrefix
	patSuffix
	patContains
	patAny // "*": anything, including the empty string
	patGlob
)

// pattern is a compiled Sigma string. Literal text is lower-cased at compile
// time unless cased, and subjects are folded while matching.
type pattern struct {
	kind  patKind
	lit   string
	toks  []tok
	cased bool
	ascii bool // every literal is ASCII
}

func compilePattern(toks []tok, cased bool) *pattern {
	p := &pattern{cased: cased, ascii: true}
	toks = normalise(toks)
	for i := range toks {
		if !cased {
			toks[i].lit = strings.ToLower(toks[i].lit)
		}
		if !isASCII(toks[i].lit) {
			p.ascii = false
		}
	}
	p.toks = toks
	p.kind, p.lit = shape(toks)
	return p
}

// normalise merges adjacent literals and collapses runs of stars.
func normalise(toks []tok) []tok {
	var out []tok
	for _, t := range toks {
		n := len(out)
		switch {
		case t.wild == 0 && t.lit == "":
			continue
		case t.wild == 0 && n > 0 && out[n-1].wild == 0:
			out[n-1].lit += t.lit
		case t.wild == '*' && n > 0 && out[n-1].wild == '*':
		default:
			out = append(out, t)
		}
	}
	return out
}

func shape(toks []tok) (patKind, string) {
	star := func(i int) bool { return i >= 0 && i < len(toks) && toks[i].wild == '*' }
	lit := func(i int) bool { return i >= 0 && i < len(toks) && toks[i].wild == 0 }
	switch {
	case len(toks) == 0:
		return patExact, ""
	case len(toks) == 1 && lit(0):
		return patExact, toks[0].lit
	case len(toks) == 1 && star(0):
		return patAny, ""
	case len(toks) == 2 && lit(0) && star(1):
		return patPrefix, toks[0].lit
	case len(toks) == 2 && star(0) && lit(1):
		return patSuffix, toks[1].lit
	case len(toks) == 3 && star(0) && lit(1) && star(2):
		return patContains, toks[1].lit
	}
	return patGlob, ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// match reports whether s matches the pattern.
func (p *pattern) match(s string) bool {
	if !p.cased && !(p.ascii && isASCII(s)) {
		s = strings.ToLower(s)
	}
	if p.kind == patGlob {
		return globMatch(p.toks, s, !p.cased)
	}
	return p.matchRaw(s)
}

// lowerASCII folds one ASCII byte; other bytes are unchanged (non-ASCII
// subjects were lower-cased as a whole before matching).
func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFold compares s with a lower-case literal of the same length.
func equalFold(s, lit string, fold bool) bool {
	if !fold {
		return s == lit
	}
	for i := 0; i < len(lit); i++ {
		if lowerASCII(s[i]) != lit[i] {
			return false
		}
	}
	return true
}

// indexFold finds lit in s, folding s's ASCII letters when fold is set.
func indexFold(s, lit string, fold bool) int {
	if !fold {
		return strings.Index(s, lit)
	}
	if len(lit) == 0 {
		return 0
	}
	first := lit[0]
	for i := 0; i+len(lit) <= len(s); i++ {
		if lowerASCII(s[i]) == first && equalFold(s[i:i+len(lit)], lit, true) {
			return i
		}
	}
	return -1
}

// globMatch matches s against wildcard tokens with backtracking on the last
// star; '?' consumes one UTF-8 character.
func globMatch(toks []tok, s string, fold bool) bool {
	ti, si := 0, 0
	starTok, starS := -1, 0
	for {
		if ti < len(toks) {
			t := toks[ti]
			switch {
			case t.wild == '*':
				starTok, starS = ti, si
				ti++
				continue
			case t.wild == '?' && si < len(s):
				_, size := utf8.DecodeRuneInString(s[si:])
				si += size
				ti++
				continue
			case t.wild == 0 && len(s)-si >= len(t.lit) && equalFold(s[si:si+len(t.lit)], t.lit, fold):
				si += len(t.lit)
				ti++
				continue
			}
		} else if si == len(s) {
			return true
		}
		if starTok < 0 || starS >= len(s) {
			return false
		}
		_, size := utf8.DecodeRuneInString(s[starS:])
		starS += size
		ti, si = starTok+1, starS
	}
}
