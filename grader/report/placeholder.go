package report

import (
	"bytes"
	"regexp"
	"strings"
)

// PlaceholderMarkers are how the workspace template marks its guidance
// text. Anything inside HTML comments (<!-- ... -->) is never read. A line,
// list item or table cell is template text when, after list markers, bold
// and a leading label such as "Verdict:" are dropped, it
//   - is empty,
//   - is wholly in underscore italics: "_ip / domain / url_",
//   - starts with one of these markers (case-insensitive), or
//   - starts, in italics (_ or *), with one of PlaceholderVerbs:
//     "*Describe the evidence.*".
var PlaceholderMarkers = []string{"TODO", "TBD", "FIXME", "...", "…", "<", "YYYY-", "hh:mm"}

// PlaceholderVerbs are the instruction words that mark template text when
// they start an emphasised (italic) line: "_Describe ..._".
var PlaceholderVerbs = []string{"write", "describe", "list", "explain", "replace", "fill", "add", "state", "say", "name", "give", "summarise", "summarize", "record", "note", "e.g.", "example"}

var (
	listMarkRE = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?`)
	labelRE    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 /&()'-]{0,40}:\s*`)
)

// IsPlaceholder reports whether a line of the report is the template's
// text rather than the trainee's.
func IsPlaceholder(line string) bool {
	s := listMarkRE.ReplaceAllString(line, "")
	s = strings.TrimSpace(strings.NewReplacer("**", "", "__", "").Replace(s))
	if loc := labelRE.FindStringIndex(s); loc != nil {
		s = s[loc[1]:]
	}
	if len(s) >= 2 && s[0] == '_' && s[len(s)-1] == '_' {
		return true
	}
	emph := strings.HasPrefix(s, "_") || strings.HasPrefix(s, "*")
	s = strings.TrimLeft(s, "_* ")
	if s == "" {
		return true
	}
	low := strings.ToLower(s)
	for _, m := range PlaceholderMarkers {
		if strings.HasPrefix(low, strings.ToLower(m)) {
			return true
		}
	}
	if emph {
		for _, v := range PlaceholderVerbs {
			if strings.HasPrefix(low, v) {
				return true
			}
		}
	}
	return false
}

// blankComments replaces every HTML comment with spaces, keeping newlines,
// so that line numbers stay right. An unterminated comment runs to the end.
func blankComments(src []byte) []byte {
	out := []byte(nil)
	for i := 0; i < len(src); {
		start := indexFrom(src, "<!--", i)
		if start < 0 {
			break
		}
		if out == nil {
			out = append([]byte(nil), src...)
		}
		end := indexFrom(src, "-->", start+4)
		if end < 0 {
			end = len(src)
		} else {
			end += 3
		}
		for j := start; j < end; j++ {
			if out[j] != '\n' {
				out[j] = ' '
			}
		}
		i = end
	}
	if out == nil {
		return src
	}
	return out
}

func indexFrom(b []byte, sub string, from int) int {
	if from >= len(b) {
		return -1
	}
	i := bytes.Index(b[from:], []byte(sub))
	if i < 0 {
		return -1
	}
	return from + i
}
