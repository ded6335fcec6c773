package esql

import (
	"fmt"
	"strings"
)

// tokKind is the kind of a lexical token.
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tQuotedIdent // `a name`
	tString
	tInt
	tDecimal
	tPipe
	tComma
	tLParen
	tRParen
	tEq     // ==
	tNeq    // !=
	tLt     // <
	tLte    // <=
	tGt     // >
	tGte    // >=
	tAssign // =
	tPlus
	tMinus
	tStar
	tSlash
	tPercent
	tCast // ::
	tPattern
)

// token is one lexeme: its kind, its text (unquoted for strings and quoted
// identifiers) and where it starts and ends.
type token struct {
	kind     tokKind
	text     string
	pos, end Pos
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tString:
		return fmt.Sprintf("%q", t.text)
	}
	return "'" + t.text + "'"
}

// is reports whether t is the keyword kw (case-insensitive).
func (t token) is(kw string) bool { return t.kind == tIdent && strings.EqualFold(t.text, kw) }

// lexer scans tokens on demand; the parser picks the mode (expression or
// index pattern) for each token.
type lexer struct {
	src string
	pos int
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isIdentChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '.' || c == '@'
}

// skipSpace skips blanks and comments (// to end of line, /* ... */).
func (l *lexer) skipSpace() error {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.pos++
		case strings.HasPrefix(l.src[l.pos:], "//"):
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		case strings.HasPrefix(l.src[l.pos:], "/*"):
			end := strings.Index(l.src[l.pos+2:], "*/")
			if end < 0 {
				return Errorf(l.src, Pos(l.pos), "unterminated comment")
			}
			l.pos += end + 4
		default:
			return nil
		}
	}
	return nil
}

// next scans one token in expression mode. With patterns, identifiers may
// contain '*' (KEEP and DROP take field name patterns).
func (l *lexer) next(patterns bool) (token, error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tEOF, pos: Pos(start), end: Pos(start)}, nil
	}
	c := l.src[l.pos]
	switch {
	case c == '"':
		return l.string()
	case c == '`':
		return l.quotedIdent()
	case isDigit(c):
		return l.number(), nil
	case isLetter(c) || c == '_' || c == '@' || (patterns && c == '*'):
		for l.pos < len(l.src) && (isIdentChar(l.src[l.pos]) || (patterns && l.src[l.pos] == '*')) {
			l.pos++
		}
		return l.tok(tIdent, start), nil
	}
	return l.operator(start)
}

func (l *lexer) tok(k tokKind, start int) token {
	return token{kind: k, text: l.src[start:l.pos], pos: Pos(start), end: Pos(l.pos)}
}

var operators = []struct {
	s string
	k tokKind
}{
	{"==", tEq}, {"!=", tNeq}, {"<=", tLte}, {">=", tGte}, {"::", tCast},
	{"<", tLt}, {">", tGt}, {"=", tAssign}, {"+", tPlus}, {"-", tMinus}, {"*", tStar},
	{"/", tSlash}, {"%", tPercent}, {"|", tPipe}, {",", tComma}, {"(", tLParen}, {")", tRParen},
}

func (l *lexer) operator(start int) (token, error) {
	for _, op := range operators {
		if strings.HasPrefix(l.src[l.pos:], op.s) {
			l.pos += len(op.s)
			return l.tok(op.k, start), nil
		}
	}
	return token{}, Errorf(l.src, Pos(start), "unexpected character %q", l.src[start])
}

func (l *lexer) number() token {
	start := l.pos
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
	}
	kind := tInt
	if l.pos+1 < len(l.src) && l.src[l.pos] == '.' && isDigit(l.src[l.pos+1]) {
		kind = tDecimal
		l.pos++
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		j := l.pos + 1
		if j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-') {
			j++
		}
		if j < len(l.src) && isDigit(l.src[j]) {
			kind = tDecimal
			for l.pos = j; l.pos < len(l.src) && isDigit(l.src[l.pos]); l.pos++ {
			}
		}
	}
	return l.tok(kind, start)
}

// string scans "..." (with \" \\ \n \t \r escapes) or """...""" (raw).
func (l *lexer) string() (token, error) {
	start := l.pos
	if strings.HasPrefix(l.src[l.pos:], `"""`) {
		end := strings.Index(l.src[l.pos+3:], `"""`)
		if end < 0 {
			return token{}, Errorf(l.src, Pos(start), "unterminated string, expected closing \"\"\"")
		}
		text := l.src[l.pos+3 : l.pos+3+end]
		l.pos += end + 6
		return token{kind: tString, text: text, pos: Pos(start), end: Pos(l.pos)}, nil
	}
	var b strings.Builder
	l.pos++
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch c {
		case '"':
			l.pos++
			return token{kind: tString, text: b.String(), pos: Pos(start), end: Pos(l.pos)}, nil
		case '\n':
			return token{}, Errorf(l.src, Pos(start), "unterminated string, expected closing '\"'")
		case '\\':
			if l.pos+1 >= len(l.src) {
				return token{}, Errorf(l.src, Pos(start), "unterminated string, expected closing '\"'")
			}
			e, ok := map[byte]byte{'"': '"', '\\': '\\', 'n': '\n', 't': '\t', 'r': '\r'}[l.src[l.pos+1]]
			if !ok {
				return token{}, Errorf(l.src, Pos(l.pos), "invalid escape sequence \\%c (valid: \\\" \\\\ \\n \\t \\r)", l.src[l.pos+1])
			}
			b.WriteByte(e)
			l.pos += 2
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return token{}, Errorf(l.src, Pos(start), "unterminated string, expected closing '\"'")
}

// quotedIdent scans `name`, where “ stands for one backquote.
func (l *lexer) quotedIdent() (token, error) {
	start := l.pos
	var b strings.Builder
	l.pos++
	for l.pos < len(l.src) {
		if l.src[l.pos] == '`' {
			if l.pos+1 < len(l.src) && l.src[l.pos+1] == '`' {
				b.WriteByte('`')
				l.pos += 2
				continue
			}
			l.pos++
			return token{kind: tQuotedIdent, text: b.String(), pos: Pos(start), end: Pos(l.pos)}, nil
		}
		b.WriteByte(l.src[l.pos])
		l.pos++
	}
	return token{}, Errorf(l.src, Pos(start), "unterminated quoted identifier, expected closing '`'")
}

// pattern scans an index pattern in FROM: a quoted string or a run of
// characters other than blanks, ',', '|' and quotes.
func (l *lexer) pattern() (token, error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	start := l.pos
	if l.pos < len(l.src) && l.src[l.pos] == '"' {
		t, err := l.string()
		t.kind = tPattern
		return t, err
	}
	for l.pos < len(l.src) && !strings.ContainsRune(" \t\r\n,|\"`()", rune(l.src[l.pos])) {
		l.pos++
	}
	if l.pos == start {
		t, err := l.next(false)
		if err != nil {
			return t, err
		}
		l.pos = start
		return token{kind: t.kind, text: t.text, pos: Pos(start), end: Pos(start)}, nil
	}
	return l.tok(tPattern, start), nil
}
