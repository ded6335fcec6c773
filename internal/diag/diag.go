// Package diag formats the positioned problems that soclab's parsers find
// in what users hand them: lab files, Sigma rules, triage files. Each
// parser keeps its own error type, with the fields its domain needs and
// its own sentinel for errors.Is; they share the one message layout and
// the list that reports every problem at once, so a user reads the same
// "file:line:column: field: message" lines whichever file was wrong.
package diag

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Message formats one problem as "file:line:column: field: message". The
// line and column are left out when unknown (0), the field when empty.
func Message(file string, line, col int, field, msg string) string {
	var b strings.Builder
	b.WriteString(file)
	if line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(line))
		if col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(col))
		}
	}
	b.WriteString(": ")
	if field != "" {
		b.WriteString(field)
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// MaxShown is how many problems List.Error prints before it counts the
// rest: a file that is wrong throughout should not bury the first lines.
const MaxShown = 20

// List is every problem found in one or more files, in file order:
// validation reports them all at once rather than stopping at the first.
// errors.Is and errors.As reach each problem through Unwrap, so a list
// answers to whatever sentinel its problems answer to.
type List[E error] []E

// Error prints one problem per line, the first MaxShown of them.
func (l List[E]) Error() string {
	lines := make([]string, 0, min(len(l), MaxShown)+1)
	for i, e := range l {
		if i == MaxShown {
			noun := "problems"
			if len(l)-MaxShown == 1 {
				noun = "problem"
			}
			lines = append(lines, fmt.Sprintf("... and %d more %s", len(l)-MaxShown, noun))
			break
		}
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (l List[E]) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns the list as an error, or nil when it is empty (a nil List
// in an error interface would not be nil).
func (l List[E]) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// InvalidUTF8Line returns the 1-based line of the first byte of data that
// is not valid UTF-8, or 0 when all of data is valid: a parser reports it
// as "file:line: not UTF-8" rather than failing somewhere later.
func InvalidUTF8Line(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return bytes.Count(data[:i], []byte("\n")) + 1
		}
		i += n
	}
	return 0
}
