package sigma

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is the sentinel every rule error answers to through errors.Is.
var ErrInvalid = errors.New("invalid sigma rule")

// Pos is a position in a rule file: 1-based line and column. The zero Pos
// means "unknown".
type Pos struct {
	Line, Col int
}

// String renders the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Error is one problem with a rule: where it is (file, line, column), which
// rule (its title or id), which construct (a field, modifier, condition or
// attribute) and what is wrong.
type Error struct {
	File      string
	Pos       Pos
	Rule      string // title, or id when the title is missing; may be empty
	Construct string // e.g. "detection.selection.url.path|contains", "condition"
	Msg       string
}

// Error formats the error as "file:line:col: rule "t": construct: msg".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, e.Pos.Col)
	}
	b.WriteString(": ")
	if e.Rule != "" {
		fmt.Fprintf(&b, "rule %q: ", e.Rule)
	}
	if e.Construct != "" {
		b.WriteString(e.Construct)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes every Error answer to ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one or more rule files, in file order.
type ErrorList []*Error

// Error joins the errors one per line.
func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Is makes an ErrorList answer to ErrInvalid.
func (l ErrorList) Is(target error) bool { return target == ErrInvalid }

// Unwrap exposes the individual errors to errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns nil for an empty list and the list otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
