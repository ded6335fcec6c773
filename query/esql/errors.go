package esql

import (
	"errors"
	"fmt"
	"strings"
)

// ErrParse is the sentinel every ParseErr answers to through errors.Is.
var ErrParse = errors.New("esql parse error")

// Pos is a byte offset into the query text.
type Pos int

// ParseErr is a syntax (or, from package query, a semantic) error at a
// position of a query. It prints as Elasticsearch does: "line 1:15: ...".
type ParseErr struct {
	Pos   Pos
	Err   error
	Query string
}

// Error implements error.
func (e *ParseErr) Error() string {
	line, col := LineCol(e.Query, e.Pos)
	return fmt.Sprintf("line %d:%d: %v", line, col, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseErr) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrParse) true.
func (e *ParseErr) Is(target error) bool { return target == ErrParse }

// LineCol turns a byte offset into a 1-based line and column (in bytes).
func LineCol(query string, p Pos) (line, col int) {
	line, col = 1, 1
	for i := 0; i < int(p) && i < len(query); i++ {
		if query[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Errorf builds a ParseErr at pos of query.
func Errorf(query string, pos Pos, format string, args ...any) *ParseErr {
	return &ParseErr{Pos: pos, Err: fmt.Errorf(format, args...), Query: query}
}

// Pointer returns the query line the error is on, and under it a caret at
// the error's column, for printing below the message.
func (e *ParseErr) Pointer() string {
	line, col := LineCol(e.Query, e.Pos)
	lines := strings.Split(e.Query, "\n")
	if line > len(lines) {
		return ""
	}
	text := lines[line-1]
	pad := make([]byte, 0, col)
	for i := 0; i < col-1 && i < len(text); i++ {
		if text[i] == '\t' {
			pad = append(pad, '\t')
		} else {
			pad = append(pad, ' ')
		}
	}
	return "  " + text + "\n  " + string(pad) + "^"
}
