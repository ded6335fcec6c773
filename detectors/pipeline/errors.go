package pipeline

import (
	"errors"
	"fmt"

	"github.com/soclab/soclab/internal/diag"
)

// ErrInvalid is the sentinel every pipeline file error answers to.
var ErrInvalid = errors.New("invalid processing pipeline")

// Pos is a 1-based line and column in a pipeline file; zero is unknown.
type Pos struct{ Line, Col int }

// Error is one problem in a pipeline file: where, which key, what.
type Error struct {
	File  string
	Pos   Pos
	Field string // e.g. "transformations[2].mapping"
	Msg   string
}

// Error formats the problem as "file:line:col: field: message".
func (e *Error) Error() string { return diag.Message(e.File, e.Pos.Line, e.Pos.Col, e.Field, e.Msg) }

// Is makes every Error answer to ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem of one or more pipeline files.
type ErrorList = diag.List[*Error]

func errorf(file string, p Pos, field, format string, args ...any) *Error {
	return &Error{File: file, Pos: p, Field: field, Msg: fmt.Sprintf(format, args...)}
}
