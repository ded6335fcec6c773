package triage

import (
	"errors"
	"fmt"
	"github.com/soclab/soclab/internal/spelling"
	"strings"
)

// ErrInvalid is what every parse error answers to with errors.Is.
var ErrInvalid = errors.New("invalid triage file")

// Error is one problem in a triage file, at a line and column (1-based; 0
// when unknown) and a field path such as "alerts[2].verdict".
type Error struct {
	File   string
	Line   int
	Column int
	Field  string
	Msg    string
}

// Error formats the problem as "file:line:col: field: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes every Error match ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one file, in file order.
type ErrorList []*Error

// maxShown is how many problems ErrorList.Error lists before counting the rest.
const maxShown = 20

// Error joins the problems one per line, the first maxShown of them.
func (l ErrorList) Error() string {
	msgs := make([]string, 0, min(len(l), maxShown)+1)
	for i, e := range l {
		if i == maxShown {
			msgs = append(msgs, fmt.Sprintf("... and %d more problems", len(l)-maxShown))
			break
		}
		msgs = append(msgs, e.Error())
	}
	return strings.Join(msgs, "\n")
}

// Is makes an ErrorList match ErrInvalid.
func (l ErrorList) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the single errors, for errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// suggest returns ` (did you mean "x"?)` for the closest candidate within
// an edit distance of 2, or "".
func suggest(got string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(strings.ToLower(got), c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the edit distance of a and b, short strings only: a long
// value is never a typo of an id.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	return spelling.Distance(a, b)
}
