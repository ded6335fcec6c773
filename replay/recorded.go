package replay

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/iofile"
)

// OrderError is a recorded event earlier than the one before it in its
// file: a recorded file must be in time order.
type OrderError struct {
	Name string // the file
	Line int
	At   time.Time // the event's @timestamp
	Prev time.Time // the @timestamp of the event before it
}

// Error names the file and line, and says how to fix the file.
func (e *OrderError) Error() string {
	return fmt.Sprintf("%s:%d: @timestamp %s is before the previous event's %s: a recorded file must be in time order (sort it by @timestamp)",
		e.Name, e.Line, e.At.UTC().Format(time.RFC3339Nano), e.Prev.UTC().Format(time.RFC3339Nano))
}

// ErrNoTimestamp is the error (within an *event.LineError) of a recorded
// event without a date in @timestamp.
var ErrNoTimestamp = errors.New("no @timestamp: a recorded event needs its date to be replayed in time order")

// recordedFile is one recorded input and its pending event.
type recordedFile struct {
	r    *event.Reader
	next *event.Event // nil once the input is done
	at   int64        // next's @timestamp, Unix ns
	prev int64
	seen bool // prev is set
}

// Merged is recorded events read from several NDJSON inputs as one
// stream in time order (an event.Source): the earliest pending event of
// all inputs, the first input's on a tie. Each input must be in time
// order itself: an event earlier than the one before it in its input is
// an *OrderError, an event without a date an *event.LineError wrapping
// ErrNoTimestamp. It is the one reader of recorded events, for Run and for
// the checks a recorded lab makes.
type Merged struct {
	files   []*recordedFile
	pending *recordedFile // the input whose event Next returned last
}

// Merge reads the first event of every input and returns them merged.
func Merge(inputs ...*event.Reader) (*Merged, error) {
	m := &Merged{}
	for _, r := range inputs {
		rf := &recordedFile{r: r}
		if err := rf.advance(); err != nil {
			return nil, err
		}
		m.files = append(m.files, rf)
	}
	return m, nil
}

// advance reads the input's next event and checks its time.
func (rf *recordedFile) advance() error {
	e, err := rf.r.Next()
	if errors.Is(err, io.EOF) {
		rf.next = nil
		return nil
	}
	if err != nil {
		return err
	}
	v, ok := e.Get(event.KeyTimestamp)
	if !ok || v.Kind() != event.KindTime {
		return &event.LineError{Name: rf.r.Name(), Line: rf.r.Line(), Err: ErrNoTimestamp}
	}
	at := v.UnixNano()
	if rf.seen && at < rf.prev {
		return &OrderError{Name: rf.r.Name(), Line: rf.r.Line(), At: time.Unix(0, at), Prev: time.Unix(0, rf.prev)}
	}
	rf.next, rf.at, rf.prev, rf.seen = e, at, at, true
	return nil
}

// Next implements event.Source. The event is valid until the next call.
func (m *Merged) Next() (*event.Event, error) {
	if m.pending != nil {
		if err := m.pending.advance(); err != nil {
			return nil, err
		}
		m.pending = nil
	}
	var best *recordedFile
	for _, rf := range m.files {
		if rf.next != nil && (best == nil || rf.at < best.at) {
			best = rf
		}
	}
	if best == nil {
		return nil, io.EOF
	}
	// The event stays valid until best is advanced: the next call does
	// that first.
	e := best.next
	best.next = nil
	m.pending = best
	return e, nil
}

// Where returns the input's name and the line of the event Next returned
// last ("", 0 before the first).
func (m *Merged) Where() (string, int) {
	if m.pending == nil {
		return "", 0
	}
	return m.pending.r.Name(), m.pending.r.Line()
}

// recordedFiles are the recorded files of a Spec, open and merged.
type recordedFiles struct {
	*Merged
	closers []io.Closer
}

// openRecorded opens every file and merges them.
func openRecorded(paths []string) (*recordedFiles, error) {
	rf := &recordedFiles{}
	var inputs []*event.Reader
	for _, p := range paths {
		f, err := iofile.Open(p)
		if err != nil {
			rf.Close()
			return nil, err
		}
		rf.closers = append(rf.closers, f)
		name := p
		if p == iofile.Stdio {
			name = "stdin"
		}
		inputs = append(inputs, event.NewReader(f, name))
	}
	m, err := Merge(inputs...)
	if err != nil {
		rf.Close()
		return nil, err
	}
	rf.Merged = m
	return rf, nil
}

// Close closes every file.
func (rf *recordedFiles) Close() {
	for _, c := range rf.closers {
		c.Close()
	}
}

// recordedWindow reads the recorded files through once (checking them) for
// the window a pacer replays: the first event's time and the last's.
func recordedWindow(paths []string) (from, to time.Time, err error) {
	m, err := openRecorded(paths)
	if err != nil {
		return from, to, err
	}
	defer m.Close()
	first := true
	for {
		e, err := m.Next()
		if errors.Is(err, io.EOF) {
			return from, to, nil
		}
		if err != nil {
			return from, to, err
		}
		to = e.Time()
		if first {
			from, first = to, false
		}
	}
}
