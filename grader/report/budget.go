package report

import (
	"bytes"
	"errors"
	"fmt"
)

// The Markdown parser's work grows faster than the file in three places: a
// line opening many nested block quotes or lists (each later line re-checks
// every open container), inline markup in one long paragraph (every `[`,
// `*`, a backquote or `<` may scan to the paragraph's end), and tables (every row
// is padded to the header's width). checkBudget bounds all three before the
// parser runs, so that parsing a report of MaxSize bytes takes well under a
// second whatever it holds. The limits are far above what a report needs.
const (
	// MaxNesting is the most block quotes and list items one line may open.
	MaxNesting = 16
	// MaxIndent is the widest leading indentation of a line outside a
	// fenced code block (in columns, added up over its container markers).
	MaxIndent = 128
	// MaxTableCells is the most table cells (rows × header columns, over
	// all tables) a report may have.
	MaxTableCells = 100_000
	// MaxMarkupWork bounds, over all paragraphs, the sum of (inline
	// markup characters × paragraph bytes): about half a second of the
	// parser's worst case.
	MaxMarkupWork = 256 << 20
)

// ErrInvalid is returned (wrapped with the file, line and reason) for a
// report whose structure is beyond the parser's budget.
var ErrInvalid = errors.New("invalid submission")

// budget is the pre-scan's running state.
type budget struct {
	line        int
	fence       []byte // the opening fence of the code block we are in
	para        int    // first line of the current paragraph, 0 outside one
	paraBytes   int
	paraMarkup  int
	markupWork  int
	table       bool // the current block is a table
	tableCols   int
	cells       int
	prevHasPipe bool
	prevCols    int
}

// checkBudget returns the first line that goes beyond a limit above and
// why, or 0.
func checkBudget(src []byte) (int, string) {
	var b budget
	for len(src) > 0 {
		b.line++
		end := bytes.IndexByte(src, '\n')
		var line []byte
		if end < 0 {
			line, src = src, nil
		} else {
			line, src = src[:end], src[end+1:]
		}
		if reason := b.scanLine(line); reason != "" {
			return b.line, reason
		}
	}
	if at := b.para; at > 0 {
		if reason := b.endParagraph(); reason != "" {
			return at, reason
		}
	}
	return 0, ""
}

// scanLine accounts for one line (without its newline).
func (b *budget) scanLine(line []byte) string {
	depth, i, indent := 0, 0, 0
	for {
		col := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if line[i] == '\t' {
				col += 4
			} else {
				col++
			}
			i++
		}
		indent += col
		if b.fence != nil || i >= len(line) {
			break
		}
		if line[i] == '>' {
			depth, i = depth+1, i+1
			continue
		}
		if n := listMarker(line[i:]); n > 0 {
			depth, i = depth+1, i+n
			continue
		}
		break
	}
	if depth > MaxNesting {
		return fmt.Sprintf("the line opens %d nested block quotes or lists, more than %d", depth, MaxNesting)
	}
	rest := line[i:]
	if b.fence != nil {
		if bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), b.fence) {
			b.fence = nil
		}
		return ""
	}
	if indent > MaxIndent {
		return fmt.Sprintf("the line is indented %d columns, more than %d", indent, MaxIndent)
	}
	switch {
	case len(bytes.TrimSpace(rest)) == 0:
		b.table = false
		b.prevHasPipe = false
		return b.endParagraph()
	case bytes.HasPrefix(rest, []byte("```")) || bytes.HasPrefix(rest, []byte("~~~")):
		n := 3
		for n < len(rest) && rest[n] == rest[0] {
			n++
		}
		b.fence = bytes.Clone(rest[:n])
		b.table = false
		return b.endParagraph()
	case rest[0] == '#' || depth > 0:
		// A heading or a new list item or quote starts an inline context.
		if reason := b.endParagraph(); reason != "" {
			return reason
		}
	}
	if b.table {
		b.cells += b.tableCols
		if b.cells > MaxTableCells {
			return fmt.Sprintf("the tables have more than %d cells", MaxTableCells)
		}
		if reason := b.endParagraph(); reason != "" {
			return reason
		}
	} else if cols, ok := delimiterRow(rest); ok && b.prevHasPipe {
		// The previous line was the header of a table: it and this line
		// were counted as a paragraph; from here on each row stands alone.
		b.table, b.tableCols = true, max(cols, b.prevCols)
		b.cells += 2 * b.tableCols
		if b.cells > MaxTableCells {
			return fmt.Sprintf("the tables have more than %d cells", MaxTableCells)
		}
		if reason := b.endParagraph(); reason != "" {
			return reason
		}
	}
	b.prevHasPipe = bytes.IndexByte(rest, '|') >= 0
	b.prevCols = bytes.Count(rest, []byte("|")) + 1
	if b.para == 0 {
		b.para = b.line
	}
	b.paraBytes += len(line) + 1
	b.paraMarkup += markup(rest)
	return ""
}

// endParagraph closes the current inline context and charges its work.
func (b *budget) endParagraph() string {
	if b.para == 0 {
		return ""
	}
	b.markupWork += b.paraMarkup * b.paraBytes
	b.para, b.paraBytes, b.paraMarkup = 0, 0, 0
	if b.markupWork > MaxMarkupWork {
		return "too much inline markup ([, *, _, `, <) in long paragraphs: split the paragraphs or remove markup"
	}
	return ""
}

// listMarker returns the length of the list item marker (with its space)
// at the start of s, or 0.
func listMarker(s []byte) int {
	if len(s) >= 1 && (s[0] == '-' || s[0] == '+' || s[0] == '*') {
		if len(s) == 1 || s[1] == ' ' || s[1] == '\t' {
			return min(2, len(s))
		}
		return 0
	}
	n := 0
	for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n >= len(s) || (s[n] != '.' && s[n] != ')') {
		return 0
	}
	if n+1 == len(s) || s[n+1] == ' ' || s[n+1] == '\t' {
		return min(n+2, len(s))
	}
	return 0
}

// delimiterRow reports whether s is a table delimiter row (|---|:--:|) and
// how many columns it has.
func delimiterRow(s []byte) (int, bool) {
	s = bytes.TrimSpace(s)
	if len(s) == 0 || bytes.IndexByte(s, '-') < 0 {
		return 0, false
	}
	for _, c := range s {
		if c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t' {
			return 0, false
		}
	}
	return bytes.Count(bytes.Trim(s, "|"), []byte("|")) + 1, bytes.IndexByte(s, '|') >= 0
}

// markup counts the characters that start inline constructs the parser
// scans ahead for. An underscore inside a word (event_id) starts nothing.
func markup(s []byte) int {
	n := 0
	for i, c := range s {
		switch c {
		case '[', '*', '`', '<':
			n++
		case '_':
			if i == 0 || i == len(s)-1 || !isWordByte(s[i-1]) || !isWordByte(s[i+1]) {
				n++
			}
		}
	}
	return n
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
