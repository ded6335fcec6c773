package detectors

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/soclab/soclab/event"
)

// StreamOptions configure Stream.
type StreamOptions struct {
	// Workers decode lines in parallel (0: one per CPU). Events still reach
	// the engine in input order.
	Workers int
	// Progress, when set, is called after every batch with the number of
	// events evaluated so far.
	Progress func(events int64)
}

// batchLines is how many lines one decoding task holds.
const batchLines = 256

// batch is a run of input lines and, once decoded, their events.
type batch struct {
	data   []byte
	ends   []int // end offset of each line in data
	lines  []int // line number of each line
	events []event.Event
	// arena holds the list elements of the scanned events and the slot of
	// each of their fields (the engine keeps no event values, so it is
	// reset when the batch is reused).
	arena event.ScanArena
	// slotEnd[i] is where event i's slots end in arena.Slots, or -1 when
	// the event was decoded by event.Decoder (its fields have no slots).
	slotEnd []int
	n       int // events decoded
	err     error
	done    chan struct{}
}

// Stream reads NDJSON events from r (name appears in errors), decodes only
// the fields the engine's rules read, in parallel, and writes the events to
// eng in input order. It does not close eng. It returns the number of
// events written; a malformed line stops the run with an *event.LineError.
func Stream(r io.Reader, name string, eng *Engine, opts StreamOptions) (int64, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	todo := make(chan *batch, workers*2)
	ordered := make(chan *batch, workers*4)
	free := make(chan *batch, workers*4+2)
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() { readErr <- readBatches(r, name, todo, ordered, free, stop) }()
	fields := eng.Fields()
	for range workers {
		go decodeBatches(todo, fields, name)
	}
	var n int64
	var err error
	for b := range ordered {
		<-b.done
		if err == nil {
			err = deliver(b, eng, &n)
			if err != nil {
				close(stop)
			}
			if opts.Progress != nil {
				opts.Progress(n)
			}
		}
		select {
		case free <- b:
		default:
		}
	}
	close(todo)
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	return n, err
}

func deliver(b *batch, eng *Engine, n *int64) error {
	start := 0
	for i := 0; i < b.n; i++ {
		var err error
		if end := b.slotEnd[i]; end >= 0 {
			err = eng.writeSlotted(&b.events[i], b.arena.Slots[start:end])
			start = end
		} else {
			err = eng.Write(&b.events[i])
		}
		if err != nil {
			return err
		}
		*n++
	}
	return b.err
}

// readBatches splits the input into batches of lines, hands each to the
// decoders and, in the same order, to the consumer.
func readBatches(r io.Reader, name string, todo, ordered, free chan *batch, stop chan struct{}) error {
	defer close(ordered)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), event.MaxLineBytes)
	line := 0
	b := newBatch(free)
	send := func() bool {
		b.done = make(chan struct{})
		select {
		case todo <- b:
		case <-stop:
			return false
		}
		select {
		case ordered <- b:
		case <-stop:
			return false
		}
		b = newBatch(free)
		return true
	}
	for sc.Scan() {
		line++
		data := bytes.TrimSpace(sc.Bytes())
		if len(data) == 0 {
			continue
		}
		b.data = append(b.data, data...)
		b.ends = append(b.ends, len(b.data))
		b.lines = append(b.lines, line)
		if len(b.ends) == batchLines && !send() {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &event.LineError{Name: name, Line: line + 1, Err: fmt.Errorf("%w: line longer than %d bytes", event.ErrSyntax, event.MaxLineBytes)}
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(b.ends) > 0 {
		send()
	}
	return nil
}

func newBatch(free chan *batch) *batch {
	select {
	case b := <-free:
		b.data, b.ends, b.lines, b.n, b.err = b.data[:0], b.ends[:0], b.lines[:0], 0, nil
		return b
	default:
		return &batch{}
	}
}

// decodeBatches decodes batches until todo closes.
func decodeBatches(todo chan *batch, fields []string, name string) {
	var dec event.Decoder
	dec.Only(fields)
	var sc *event.Scanner
	if fields != nil {
		sc = event.NewScanner(fields)
	}
	for b := range todo {
		if cap(b.events) < len(b.ends) {
			b.events = make([]event.Event, len(b.ends))
		}
		b.events = b.events[:len(b.ends)]
		b.slotEnd = b.slotEnd[:0]
		b.arena.Reset()
		if sc != nil {
			sc.UseArena(&b.arena)
		}
		start := 0
		for i, end := range b.ends {
			scanned, err := decodeLineScanned(sc, &dec, b.data[start:end], &b.events[i])
			if err != nil {
				b.err = &event.LineError{Name: name, Line: b.lines[i], Err: err}
				break
			}
			if scanned {
				b.slotEnd = append(b.slotEnd, len(b.arena.Slots))
			} else {
				b.slotEnd = append(b.slotEnd, -1)
			}
			b.n++
			start = end
		}
		if sc != nil {
			sc.UseArena(nil) // the batch goes on to the engine
		}
		close(b.done)
	}
}

// decodeLine decodes with the scanner when the engine reads a known set of
// fields, and with event.Decoder otherwise or when the scanner defers.
func decodeLine(sc *event.Scanner, dec *event.Decoder, line []byte, e *event.Event) error {
	_, err := decodeLineScanned(sc, dec, line, e)
	return err
}

// decodeLineScanned is decodeLine also telling whether the scanner decoded
// the line (and so recorded the slots of its fields). A line the scanner
// finds malformed is an error even where event.Decoder is more lenient.
func decodeLineScanned(sc *event.Scanner, dec *event.Decoder, line []byte, e *event.Event) (bool, error) {
	if sc != nil {
		err := sc.Scan(line, e)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, event.ErrScanFallback) {
			return false, err
		}
	}
	return false, dec.Decode(line, e)
}
