package triage

import (
	"errors"

	"github.com/soclab/soclab/internal/diag"
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
func (e *Error) Error() string { return diag.Message(e.File, e.Line, e.Column, e.Field, e.Msg) }

// Is makes every Error match ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one file, in file order;
// errors.Is(list, ErrInvalid) holds through its problems.
type ErrorList = diag.List[*Error]
