package query

import (
	"regexp"
	"strings"
)

// compileLike returns a matcher for an ES|QL LIKE pattern: '*' matches any
// run of characters, '?' exactly one, '\' escapes the next character. The
// match is on the whole string and case-sensitive.
func compileLike(pattern string) func(string) bool {
	var b, want strings.Builder
	b.WriteString(`^(?s:`)
	literal := true
	for i := 0; i < len(pattern); i++ {
		switch ch := pattern[i]; ch {
		case '*':
			b.WriteString(`.*`)
			literal = false
		case '?':
			b.WriteString(`.`)
			literal = false
		case '\\':
			if i+1 < len(pattern) {
				i++
				b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
				want.WriteByte(pattern[i])
			} else {
				b.WriteString(`\\`)
				want.WriteByte('\\')
			}
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
			want.WriteByte(ch)
		}
	}
	b.WriteString(`)$`)
	if literal {
		w := want.String()
		return func(s string) bool { return s == w }
	}
	if m := simpleLike(pattern); m != nil {
		return m
	}
	re := regexp.MustCompile(b.String())
	return re.MatchString
}

// simpleLike handles the common shapes "*x*", "x*" and "*x" without a
// regular expression.
func simpleLike(p string) func(string) bool {
	if strings.ContainsAny(p, `?\`) {
		return nil
	}
	inner := strings.Trim(p, "*")
	if strings.Contains(inner, "*") {
		return nil
	}
	pre, suf := strings.HasPrefix(p, "*"), strings.HasSuffix(p, "*")
	switch {
	case pre && suf:
		return func(s string) bool { return strings.Contains(s, inner) }
	case suf:
		return func(s string) bool { return strings.HasPrefix(s, inner) }
	case pre:
		return func(s string) bool { return strings.HasSuffix(s, inner) }
	}
	return nil
}

// compileRLike returns a matcher for an RLIKE regular expression, matched
// against the whole string. soclab uses Go's RE2 syntax, which covers the
// Lucene regular expressions trainees write (., *, +, ?, {n,m}, [...], |,
// groups).
func compileRLike(pattern string) (func(string) bool, error) {
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, err
	}
	re, err := regexp.Compile(`^(?s:` + pattern + `)$`)
	if err != nil {
		return nil, err
	}
	return re.MatchString, nil
}
