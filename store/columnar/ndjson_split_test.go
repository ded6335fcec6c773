package columnar

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/soclab/soclab/event"
)

// splitAll drains a splitter the way one worker would.
func splitAll(t *testing.T, r io.Reader) ([][]byte, []int, error) {
	t.Helper()
	sp := &blockSplitter{r: r, name: "in.ndjson", line: 1}
	var blocks [][]byte
	var lines []int
	for {
		seq, line, data, ok := sp.next()
		if !ok {
			return blocks, lines, sp.err
		}
		if seq != len(blocks) {
			t.Fatalf("block %d numbered %d", len(blocks), seq)
		}
		blocks, lines = append(blocks, bytes.Clone(data)), append(lines, line)
	}
}

// TestBlockSplitterCuts checks that the blocks are whole lines that
// together are the input, in order, with the right first line numbers,
// however the reader hands out its bytes.
func TestBlockSplitterCuts(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*loadBlockBytes+12345; i++ {
		b.WriteString(`{"event":{"id":"` + strings.Repeat("y", i%700) + `"}}` + "\n")
		if i%1000 == 0 {
			b.WriteString("\n  \n")
		}
	}
	b.WriteString(`{"last":"no newline"}`)
	in := b.String()
	for name, r := range map[string]io.Reader{
		"whole": strings.NewReader(in),
		"half":  iotest.HalfReader(strings.NewReader(in)),
		"exact": strings.NewReader(in[:2*loadBlockBytes]),
	} {
		want := in
		if name == "exact" {
			want = in[:2*loadBlockBytes]
		}
		blocks, lines, err := splitAll(t, r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(blocks) < 2 {
			t.Fatalf("%s: %d blocks, want several", name, len(blocks))
		}
		if got := string(bytes.Join(blocks, nil)); got != want {
			t.Fatalf("%s: blocks do not add up to the input", name)
		}
		line := 1
		for i, blk := range blocks {
			if lines[i] != line {
				t.Fatalf("%s: block %d starts at line %d, want %d", name, i, lines[i], line)
			}
			if i < len(blocks)-1 && blk[len(blk)-1] != '\n' {
				t.Fatalf("%s: block %d ends inside a line", name, i)
			}
			line += bytes.Count(blk, []byte{'\n'})
		}
	}
}

// TestBlockSplitterErrors checks that a read error is reported with the
// input's name and that an overlong line is a LineError at its line.
func TestBlockSplitterErrors(t *testing.T) {
	boom := errors.New("boom")
	_, _, err := splitAll(t, io.MultiReader(strings.NewReader("{}\n"), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "in.ndjson: ") {
		t.Fatalf("read error %v, want in.ndjson: boom", err)
	}
	// Long enough that a whole read holds no newline.
	long := "{}\n{}\n" + strings.Repeat("x", event.MaxLineBytes+loadBlockBytes) + "\n"
	_, err = LoadNDJSON(strings.NewReader(long), "in.ndjson", nil)
	var le *event.LineError
	if !errors.As(err, &le) || le.Line != 3 || !errors.Is(err, event.ErrSyntax) || !strings.Contains(err.Error(), "line longer than") {
		t.Fatalf("error %v, want an overlong line at in.ndjson:3", err)
	}
}
