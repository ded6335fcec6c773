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

// recordedFile is one open recorded file and its pending event.
type recordedFile struct {
	name string
	f    io.Closer
	r    *event.Reader
	next *event.Event // nil once the file is done
	at   int64        // next's @timestamp, Unix ns
	prev int64
	seen bool // prev is set
}

// merged is the Source of the recorded files: their events merged in time
// order, each file checked to be in time order itself.
type merged struct {
	files   []*recordedFile
	pending *recordedFile // the file whose event Next returned last
}

// openRecorded opens every file and reads its first event.
func openRecorded(paths []string) (*merged, error) {
	m := &merged{}
	for _, p := range paths {
		f, err := iofile.Open(p)
		if err != nil {
			m.Close()
			return nil, err
		}
		name := p
		if p == iofile.Stdio {
			name = "stdin"
		}
		rf := &recordedFile{name: name, f: f, r: event.NewReader(f, name)}
		m.files = append(m.files, rf)
		if err := rf.advance(); err != nil {
			m.Close()
			return nil, err
		}
	}
	return m, nil
}

// advance reads the file's next event and checks its time.
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
		return &event.LineError{Name: rf.name, Line: rf.r.Line(), Err: ErrNoTimestamp}
	}
	at := v.UnixNano()
	if rf.seen && at < rf.prev {
		return &OrderError{Name: rf.name, Line: rf.r.Line(), At: time.Unix(0, at), Prev: time.Unix(0, rf.prev)}
	}
	rf.next, rf.at, rf.prev, rf.seen = e, at, at, true
	return nil
}

// Next implements event.Source: the earliest pending event of all files,
// the first file's on a tie. The event is valid until the next call.
func (m *merged) Next() (*event.Event, error) {
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

// Close closes every file.
func (m *merged) Close() {
	for _, rf := range m.files {
		rf.f.Close()
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
