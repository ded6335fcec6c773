package query

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/query/esql"
)

func init() {
	scalars["DATE_FORMAT"] = scalarFunc{1, 2, compileDateFormat}
}

// defaultDateFormat is what DATE_FORMAT(date) uses, as in Elasticsearch.
const defaultDateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"

// compileDateFormat is DATE_FORMAT([format,] date): the date in UTC, in a
// Java DateTimeFormatter pattern (the letters y M d H h m s S a E D Z X z
// and 'quoted text').
func compileDateFormat(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	date, format := args[len(args)-1], (*cexpr)(nil)
	if len(args) == 2 {
		format = args[0]
		if err := c.checkArg(x, 0, format, TKeyword, TText); err != nil {
			return nil, err
		}
	}
	if err := c.checkArg(x, len(args)-1, date, TDate); err != nil {
		return nil, err
	}
	var fixed []dateToken
	if format == nil || format.konst {
		pattern := defaultDateFormat
		if format != nil {
			if format.val.K == KNull {
				return constant(x, TKeyword, null), nil
			}
			pattern = format.val.S
		}
		toks, err := parseDateFormat(pattern)
		if err != nil {
			return nil, c.errorf(x.At, "invalid date pattern for [%s]: %v", x, err)
		}
		fixed = toks
	}
	return c.single(x, TKeyword, args, func(vs []Val) Val {
		toks := fixed
		if toks == nil {
			var err error
			if toks, err = parseDateFormat(vs[0].S); err != nil {
				return c.warnNull(x, "invalid date pattern: "+err.Error())
			}
		}
		return strVal(formatDate(vs[len(vs)-1].time(), toks))
	}), nil
}

// dateToken is a run of one pattern letter (and its width), or literal
// text when letter is 0.
type dateToken struct {
	letter byte
	width  int
	text   string
}

// parseDateFormat splits a Java date pattern into tokens.
func parseDateFormat(p string) ([]dateToken, error) {
	var out []dateToken
	for i := 0; i < len(p); {
		ch := p[i]
		switch {
		case ch == '\'':
			end := strings.IndexByte(p[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated quote in %q", p)
			}
			lit := p[i+1 : i+1+end]
			if lit == "" {
				lit = "'"
			}
			out = append(out, dateToken{text: lit})
			i += end + 2
		case ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z':
			if !strings.ContainsRune("yuMLdHhmsSaEDZXz", rune(ch)) {
				return nil, fmt.Errorf("unsupported pattern letter %q in %q", ch, p)
			}
			j := i
			for j < len(p) && p[j] == ch {
				j++
			}
			out = append(out, dateToken{letter: ch, width: j - i})
			i = j
		default:
			out = append(out, dateToken{text: string(ch)})
			i++
		}
	}
	return out, nil
}

// formatDate formats t (UTC) with the tokens.
func formatDate(t time.Time, toks []dateToken) string {
	var b strings.Builder
	for _, tk := range toks {
		if tk.letter == 0 {
			b.WriteString(tk.text)
			continue
		}
		b.WriteString(dateField(t, tk))
	}
	return b.String()
}

func dateField(t time.Time, tk dateToken) string {
	num := func(n int) string {
		s := strconv.Itoa(n)
		for len(s) < tk.width {
			s = "0" + s
		}
		return s
	}
	switch tk.letter {
	case 'y', 'u':
		if tk.width == 2 {
			return fmt.Sprintf("%02d", t.Year()%100)
		}
		return num(t.Year())
	case 'M', 'L':
		switch {
		case tk.width == 3:
			return t.Month().String()[:3]
		case tk.width >= 4:
			return t.Month().String()
		}
		return num(int(t.Month()))
	case 'd':
		return num(t.Day())
	case 'D':
		return num(t.YearDay())
	case 'H':
		return num(t.Hour())
	case 'h':
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return num(h)
	case 'm':
		return num(t.Minute())
	case 's':
		return num(t.Second())
	case 'S':
		frac := fmt.Sprintf("%09d", t.Nanosecond())
		if tk.width <= 9 {
			return frac[:tk.width]
		}
		return frac + strings.Repeat("0", tk.width-9)
	case 'a':
		if t.Hour() < 12 {
			return "AM"
		}
		return "PM"
	case 'E':
		if tk.width >= 4 {
			return t.Weekday().String()
		}
		return t.Weekday().String()[:3]
	case 'Z':
		return "+0000"
	case 'X':
		return "Z"
	case 'z':
		return "UTC"
	}
	return ""
}
