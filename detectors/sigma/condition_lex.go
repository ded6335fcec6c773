package sigma

import "fmt"

// tokenKind is the kind of a condition token.
type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokIdent
	tokNumber
	tokAnd
	tokOr
	tokNot
	tokOf
	tokAll
	tokAny
	tokThem
	tokLParen
	tokRParen
	tokPipe
)

var tokenNames = [...]string{"end of condition", "identifier", "number", `"and"`, `"or"`, `"not"`, `"of"`, `"all"`, `"any"`, `"them"`, `"("`, `")"`, `"|"`}

func (k tokenKind) String() string { return tokenNames[k] }

// token is one lexeme with its byte offset.
type token struct {
	kind tokenKind
	text string
	pos  int
}

var keywords = map[string]tokenKind{"and": tokAnd, "or": tokOr, "not": tokNot, "of": tokOf, "all": tokAll, "any": tokAny, "them": tokThem}

// lex splits a condition into tokens. Keywords are matched without regard
// to case; identifiers are letters, digits and "_-.*".
func lex(src string) ([]token, *ParseError) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case c == '|':
			// Legacy aggregations ("| count() by x > 5") are not lexed: the
			// parser rejects the pipe with advice.
			toks = append(toks, token{tokPipe, "|", i})
			return append(toks, token{tokEOF, "", len(src)}), nil
		case identByte(c):
			j := i
			for j < len(src) && identByte(src[j]) {
				j++
			}
			toks = append(toks, classify(src[i:j], i))
			i = j
		default:
			return nil, &ParseError{Pos: i, Msg: fmt.Sprintf("unexpected character %q", rune(c))}
		}
	}
	return append(toks, token{tokEOF, "", len(src)}), nil
}

func identByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == '*'
}

func classify(word string, pos int) token {
	if k, ok := keywords[lower(word)]; ok {
		return token{k, word, pos}
	}
	digits := true
	for i := 0; i < len(word); i++ {
		if word[i] < '0' || word[i] > '9' {
			digits = false
			break
		}
	}
	if digits {
		return token{tokNumber, word, pos}
	}
	return token{tokIdent, word, pos}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
