package labs

import (
	"errors"

	"github.com/soclab/soclab/internal/diag"
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
func (e *FieldError) Error() string { return diag.Message(e.File, e.Line, e.Column, e.Path, e.Msg) }

// Is makes every FieldError answer to ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one or more lab files, in file order.
// Validation returns all of them at once rather than stopping at the first;
// errors.Is(list, ErrInvalid) holds through its problems.
type ErrorList = diag.List[*FieldError]
