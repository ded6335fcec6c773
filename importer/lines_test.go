package importer

import (
	"bufio"
	"errors"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
)

// endless is a file with no line end: a byte forever, counting what was read.
type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.read += len(p)
	return len(p), nil
}

// A line longer than event.MaxLineBytes is refused with its number once
// that much has been read, not after reading the whole input.
func TestLinesRefusesAnEndlessLine(t *testing.T) {
	src := &endless{}
	err := lines(bufio.NewReader(src), "big.log", func(int, string) error { return nil })
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Line != 1 || !strings.Contains(err.Error(), "line longer than") {
		t.Fatalf("lines = %v, want a FormatError at line 1", err)
	}
	if src.read > event.MaxLineBytes+64<<10 {
		t.Errorf("read %d bytes before refusing, more than the limit %d", src.read, event.MaxLineBytes)
	}
}

// Lines longer than the reader's buffer, and a last line without an end,
// come back whole and numbered.
func TestLinesLongerThanTheBuffer(t *testing.T) {
	long := strings.Repeat("x", 10000)
	in := "first\r\n" + long + "\nlast"
	var got []string
	var nums []int
	err := lines(bufio.NewReaderSize(strings.NewReader(in), 16), "f", func(n int, line string) error {
		got, nums = append(got, line), append(nums, n)
		return nil
	})
	if err != nil || len(got) != 3 || got[0] != "first" || got[1] != long || got[2] != "last" || nums[2] != 3 {
		t.Fatalf("lines = %d lines %v, %v", len(got), nums, err)
	}
}
