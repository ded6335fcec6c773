package sigma

import (
	"errors"
	"fmt"
	"strings"

	"github.com/soclab/soclab/internal/diag"
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
	where := e.Construct
	if e.Rule != "" {
		where = strings.TrimSuffix(fmt.Sprintf("rule %q: %s", e.Rule, e.Construct), ": ")
	}
	return diag.Message(e.File, e.Pos.Line, e.Pos.Col, where, e.Msg)
}

// Is makes every Error answer to ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one or more rule files, in file
// order; errors.Is(list, ErrInvalid) holds through its problems.
type ErrorList = diag.List[*Error]
