package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

var errBad = errors.New("bad input")

type problem struct{ line int }

func (p *problem) Error() string        { return Message("f.yaml", p.line, 3, "a.b", "wrong") }
func (p *problem) Is(target error) bool { return target == errBad }

func TestMessage(t *testing.T) {
	for _, c := range []struct {
		line, col int
		field     string
		want      string
	}{
		{4, 7, "alerts[1].verdict", "t.yaml:4:7: alerts[1].verdict: bad"},
		{4, 0, "x", "t.yaml:4: x: bad"},
		{0, 9, "x", "t.yaml: x: bad"},
		{2, 1, "", "t.yaml:2:1: bad"},
	} {
		if got := Message("t.yaml", c.line, c.col, c.field, "bad"); got != c.want {
			t.Errorf("Message(%d, %d, %q) = %q, want %q", c.line, c.col, c.field, got, c.want)
		}
	}
}

func TestListReachesEachProblem(t *testing.T) {
	l := List[*problem]{{line: 1}, {line: 2}}
	err := l.Err()
	if !errors.Is(err, errBad) {
		t.Error("errors.Is does not reach the problems' sentinel")
	}
	var p *problem
	if !errors.As(err, &p) || p.line != 1 {
		t.Errorf("errors.As = %v", p)
	}
	if got := err.Error(); got != "f.yaml:1:3: a.b: wrong\nf.yaml:2:3: a.b: wrong" {
		t.Errorf("Error() = %q", got)
	}
}

func TestListEmptyIsNil(t *testing.T) {
	var l List[*problem]
	if err := l.Err(); err != nil {
		t.Errorf("empty list: %v", err)
	}
}

func TestListCountsWhatItDoesNotShow(t *testing.T) {
	var l List[*problem]
	for i := range MaxShown + 5 {
		l = append(l, &problem{line: i + 1})
	}
	lines := strings.Split(l.Error(), "\n")
	if len(lines) != MaxShown+1 || lines[MaxShown] != fmt.Sprintf("... and %d more problems", 5) {
		t.Errorf("last lines: %q", lines[MaxShown-1:])
	}
}

func TestInvalidUTF8Line(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"plain\nlines, é and 漢字\n", 0},
		{"\xff", 1},
		{"one\ntwo\nth\xc3ree", 3},
		{"ok\n\xe6\xbc", 2}, // cut short at the end
	} {
		if got := InvalidUTF8Line([]byte(c.in)); got != c.want {
			t.Errorf("InvalidUTF8Line(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}
