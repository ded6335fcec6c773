package detectors

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxAlternatives bounds how many strings one value may expand into
// (windash permutations, placeholders).
const maxAlternatives = 4096

// alternative is one expansion of a value: text with wildcards, or raw
// bytes once a UTF-16 encoding has been applied.
type alternative struct {
	toks []tok
	raw  []byte
	enc  bool // raw holds encoded bytes
}

// expandValue applies the string-transforming modifiers of a chain, in the
// order written, to one string value and returns the alternatives it stands
// for (linked with OR).
func expandValue(s string, mods []string, config map[string][]string) ([][]tok, error) {
	raws := []string{s}
	if hasMod(mods, "expand") {
		var err error
		if raws, err = expandPlaceholders(s, config); err != nil {
			return nil, err
		}
	}
	var alts []alternative
	for _, r := range raws {
		alts = append(alts, alternative{toks: parseSigmaString(r)})
	}
	for _, m := range mods {
		var err error
		switch m {
		case "contains", "startswith", "endswith":
			alts, err = mapToks(alts, m, func(t []tok) []tok { return wrapStars(t, m) })
		case "windash":
			alts, err = windash(alts)
		case "utf16le", "wide", "utf16be", "utf16":
			alts, err = encodeUTF16(alts, m)
		case "base64", "base64offset":
			alts, err = encodeBase64(alts, m)
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([][]tok, 0, len(alts))
	for _, a := range alts {
		if a.enc {
			return nil, fmt.Errorf("a UTF-16 encoding must be followed by base64 or base64offset")
		}
		out = append(out, a.toks)
	}
	return out, nil
}

func hasMod(mods []string, m string) bool {
	for _, x := range mods {
		if x == m {
			return true
		}
	}
	return false
}

func mapToks(alts []alternative, m string, f func([]tok) []tok) ([]alternative, error) {
	for i := range alts {
		if alts[i].enc {
			return nil, fmt.Errorf("%s cannot follow a UTF-16 encoding; put it after base64", m)
		}
		alts[i].toks = f(alts[i].toks)
	}
	return alts, nil
}

func wrapStars(t []tok, m string) []tok {
	out := append([]tok(nil), t...)
	if m != "startswith" && (len(out) == 0 || out[0].wild != '*') {
		out = append([]tok{{wild: '*'}}, out...)
	}
	if m != "endswith" && (len(out) == 0 || out[len(out)-1].wild != '*') {
		out = append(out, tok{wild: '*'})
	}
	return out
}

// expandPlaceholders replaces every %name% with each of the configured
// values (all combinations); \% is a plain percent sign.
func expandPlaceholders(s string, config map[string][]string) ([]string, error) {
	results := []string{""}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && s[i+1] == '%' {
			results = appendAll(results, "%")
			i++
			continue
		}
		if c != '%' {
			results = appendAll(results, string(c))
			continue
		}
		end := strings.IndexByte(s[i+1:], '%')
		if end < 0 {
			return nil, fmt.Errorf("unterminated placeholder in %q", s)
		}
		name := s[i+1 : i+1+end]
		vals, ok := config[name]
		if !ok || len(vals) == 0 {
			return nil, fmt.Errorf("placeholder %%%s%% has no values in the configuration (known: %s)", name, knownPlaceholders(config))
		}
		var next []string
		for _, r := range results {
			for _, v := range vals {
				next = append(next, r+v)
			}
		}
		if len(next) > maxAlternatives {
			return nil, fmt.Errorf("placeholders expand %q into more than %d values", s, maxAlternatives)
		}
		results = next
		i += end + 1
	}
	return results, nil
}

func appendAll(rs []string, s string) []string {
	for i := range rs {
		rs[i] += s
	}
	return rs
}

func knownPlaceholders(config map[string][]string) string {
	if len(config) == 0 {
		return "none"
	}
	names := make([]string, 0, len(config))
	for k := range config {
		names = append(names, "%"+k+"%")
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// dashes are the characters windash treats as interchangeable.
var dashes = []string{"-", "/", "\u2013", "\u2014", "\u2015"}

// windash replaces each dash or slash that starts a word (a command-line
// flag) with every one of the five dash characters, in all combinations.
func windash(alts []alternative) ([]alternative, error) {
	var out []alternative
	for _, a := range alts {
		if a.enc {
			return nil, fmt.Errorf("windash cannot follow a UTF-16 encoding")
		}
		variants := [][]tok{nil}
		for _, t := range a.toks {
			if t.wild != 0 {
				variants = appendTok(variants, t)
				continue
			}
			for _, piece := range splitFlags(t.lit) {
				if !piece.flag {
					variants = appendTok(variants, tok{lit: piece.text})
					continue
				}
				var next [][]tok
				for _, v := range variants {
					for _, d := range dashes {
						next = append(next, append(append([]tok(nil), v...), tok{lit: d}))
					}
				}
				variants = next
				if len(variants) > maxAlternatives {
					return nil, fmt.Errorf("windash expands into more than %d values", maxAlternatives)
				}
			}
		}
		for _, v := range variants {
			out = append(out, alternative{toks: normalise(v)})
		}
	}
	return out, nil
}

func appendTok(vs [][]tok, t tok) [][]tok {
	for i := range vs {
		vs[i] = append(vs[i], t)
	}
	return vs
}

type piece struct {
	text string
	flag bool
}

// splitFlags cuts text around the dashes that start a flag: a dash not
// preceded by a word character and followed by one.
func splitFlags(s string) []piece {
	var out []piece
	start := 0
	for i, r := range s {
		if !isDash(r) {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		if i > 0 && isWord(prev) || !isWord(next) {
			continue
		}
		if start < i {
			out = append(out, piece{text: s[start:i]})
		}
		out = append(out, piece{text: string(r), flag: true})
		start = i + utf8.RuneLen(r)
	}
	if start < len(s) {
		out = append(out, piece{text: s[start:]})
	}
	return out
}

func isDash(r rune) bool {
	return r == '-' || r == '/' || r == '\u2013' || r == '\u2014' || r == '\u2015'
}

func isWord(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 && r != utf8.RuneError
}

func encodeUTF16(alts []alternative, m string) ([]alternative, error) {
	for i, a := range alts {
		text, ok := plain(a.toks)
		if a.enc || !ok {
			return nil, fmt.Errorf("%s needs a plain value without wildcards", m)
		}
		units := utf16.Encode([]rune(text))
		var b []byte
		switch m {
		case "utf16be":
			for _, u := range units {
				b = binary.BigEndian.AppendUint16(b, u)
			}
		case "utf16":
			b = append(b, 0xFF, 0xFE)
			fallthrough
		default:
			for _, u := range units {
				b = binary.LittleEndian.AppendUint16(b, u)
			}
		}
		alts[i] = alternative{raw: b, enc: true}
	}
	return alts, nil
}

func encodeBase64(alts []alternative, m string) ([]alternative, error) {
	var out []alternative
	for _, a := range alts {
		data := a.raw
		if !a.enc {
			text, ok := plain(a.toks)
			if !ok {
				return nil, fmt.Errorf("%s needs a plain value without wildcards; put contains after it", m)
			}
			data = []byte(text)
		}
		if m == "base64" {
			out = append(out, alternative{toks: []tok{{lit: base64.StdEncoding.EncodeToString(data)}}})
			continue
		}
		for _, s := range base64Offsets(data) {
			out = append(out, alternative{toks: []tok{{lit: s}}})
		}
	}
	return out, nil
}

// base64Offsets returns the three encodings of data as it would appear at
// byte offsets 0, 1 and 2 of a longer base64-encoded text: the characters
// that do not depend on the neighbouring bytes.
func base64Offsets(data []byte) []string {
	startCut := [3]int{0, 2, 3}
	endCut := [3]int{0, 3, 2}
	var out []string
	for shift := 0; shift < 3; shift++ {
		padded := append(make([]byte, shift), data...)
		for i := 0; i < shift; i++ {
			padded[i] = ' '
		}
		enc := base64.StdEncoding.EncodeToString(padded)
		cut := endCut[(len(data)+shift)%3]
		if startCut[shift] > len(enc)-cut {
			continue
		}
		out = append(out, enc[startCut[shift]:len(enc)-cut])
	}
	return out
}
