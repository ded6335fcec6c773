package event

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// MaxLineBytes is the longest NDJSON line a Reader accepts.
const MaxLineBytes = 16 << 20

// Writer is a Sink that writes one JSON document per line. It buffers; Close
// flushes but does not close the underlying writer.
type Writer struct {
	w     *bufio.Writer
	enc   Encoder
	buf   []byte
	Bytes int64 // bytes written so far
	Count int64 // events written so far
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 256<<10)}
}

// Write implements Sink. It sorts e's fields in place.
func (w *Writer) Write(e *Event) error {
	w.buf = w.enc.AppendJSON(w.buf[:0], e)
	w.buf = append(w.buf, '\n')
	n, err := w.w.Write(w.buf)
	w.Bytes += int64(n)
	if err != nil {
		return err
	}
	w.Count++
	return nil
}

// Close flushes buffered output.
func (w *Writer) Close() error { return w.w.Flush() }

// Marshal returns the JSON encoding of e without a newline. It is meant for
// tests and small outputs; streams use a Writer.
func Marshal(e *Event) []byte {
	var enc Encoder
	c := e.Clone()
	c.Sort()
	return enc.appendObject(nil, c.Fields, false) // one event: no skeleton to keep
}

// Unmarshal decodes one JSON document built by the program or a test. It
// does not apply the reading contract (CheckLine) that every reader of
// input (Reader, Decoder, Scanner) applies.
func Unmarshal(data []byte) (*Event, error) {
	d := Decoder{lenient: true}
	e := &Event{}
	if err := d.Decode(data, e); err != nil {
		return nil, err
	}
	return e, nil
}

// LineError is a decoding error at a line of an NDJSON input.
type LineError struct {
	Name string // the input's name, such as a file path
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err) }

// Unwrap returns the underlying error.
func (e *LineError) Unwrap() error { return e.Err }

// Reader is a Source that reads NDJSON. Blank lines are skipped. The Event it
// returns is reused by the next call.
type Reader struct {
	name string
	sc   *bufio.Scanner
	line int
	Dec  Decoder
	ev   Event
}

// NewReader returns a Reader on r; name appears in error messages.
func NewReader(r io.Reader, name string) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), MaxLineBytes)
	return &Reader{name: name, sc: sc}
}

// Line returns the line number of the event last returned.
func (r *Reader) Line() int { return r.line }

// Name returns the input's name given to NewReader.
func (r *Reader) Name() string { return r.name }

// Next implements Source.
func (r *Reader) Next() (*Event, error) {
	for r.sc.Scan() {
		r.line++
		data := bytes.TrimSpace(r.sc.Bytes())
		if len(data) == 0 {
			continue
		}
		if err := r.Dec.Decode(data, &r.ev); err != nil {
			return nil, &LineError{Name: r.name, Line: r.line, Err: err}
		}
		return &r.ev, nil
	}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{Name: r.name, Line: r.line + 1, Err: fmt.Errorf("%w: line longer than %d bytes", ErrSyntax, MaxLineBytes)}
		}
		return nil, fmt.Errorf("%s: %w", r.name, err)
	}
	return nil, io.EOF
}
