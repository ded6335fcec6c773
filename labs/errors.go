package labs

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is what every lab validation error answers to through
// errors.Is: callers branch on it to tell a bad lab from an I/O failure.
var ErrInvalid = errors.New("invalid lab")

// ErrNotFound is returned by Find when a name is neither a bundled lab nor a
// readable file or folder.
var ErrNotFound = errors.New("lab not found")

// FieldError is one problem in a lab file: where it is (file, line, column),
// which field (a path such as "scenarios[1].params.start") and what is wrong.
type FieldError struct {
	File   string
	Line   int // 1-based; 0 when unknown
	Column int // 1-based; 0 when unknown
	Path   string
	Msg    string
}

// Error formats the error as "file:line:column: path: message".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes every FieldError answer to ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one or more lab files, in file order.
// Validation returns all of them at once rather than stopping at the first.
type ErrorList []*FieldError

// Error prints one error per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Is makes an ErrorList answer to ErrInvalid.
func (l ErrorList) Is(target error) bool { return target == ErrInvalid }

// Unwrap lets errors.As reach each FieldError.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// errOrNil returns l as an error, or nil when it is empty.
func (l ErrorList) errOrNil() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
