// Package printable makes text from untrusted input (a trainee's analyst
// name, a folder name) safe to print inside soclab's own reports: one line
// of printable characters that cannot start a line, a cell formula or a
// link of its own.
package printable

import (
	"strings"
	"unicode"
)

// MaxLen bounds what OneLine keeps, in runes.
const MaxLen = 200

// OneLine returns s as one line of printable text: line breaks, tabs and
// other control or format characters (including bidirectional overrides)
// become a space, runs of spaces one space, and the result is trimmed and
// cut at MaxLen runes (with "…").
func OneLine(s string) string {
	var b strings.Builder
	n, space := 0, false
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n == MaxLen {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// CSVCell returns s made safe as a spreadsheet cell: a value starting with
// '=', '+', '-', '@', a tab or a carriage return would be read as a formula
// by spreadsheet programs, so it gets a leading apostrophe.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Markdown returns s as one line of Markdown text that renders literally
// inside a table cell: backslashes, backticks, brackets (links, images)
// and pipes (cells) are escaped, and angle brackets (HTML, autolinks)
// become entities.
func Markdown(s string) string { return mdEscaper.Replace(OneLine(s)) }

var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "[", `\[`, "]", `\]`, "|", `\|`, "<", "&lt;", ">", "&gt;")
