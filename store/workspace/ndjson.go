package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/soclab/soclab/event"
)

// loadBlockBytes is how much NDJSON one worker decodes into one row group.
const loadBlockBytes = 4 << 20

// blockPool recycles block buffers once their lines are decoded (every
// decoded value is a copy).
var blockPool = sync.Pool{New: func() any { return make([]byte, 0, loadBlockBytes+64<<10) }}

// indexKeys are the fields IndexName reads; they are always decoded.
var indexKeys = []string{"event.kind", "event.dataset", "data_stream.type", "data_stream.dataset", "data_stream.namespace"}

// LoadNDJSON reads ECS NDJSON from r into an in-memory table, decoding only
// the given fields (nil: every field) on all cores: the input is cut into
// blocks at line boundaries and each block becomes one row group, so the
// table keeps the input's order. name appears in errors, which are
// *event.LineError for the first bad line.
func LoadNDJSON(r io.Reader, name string, fields []string) (*Memory, error) {
	return LoadNDJSONFiltered(r, name, fields, nil)
}

// LoadNDJSONFiltered is LoadNDJSON that leaves out the events keep rejects
// (nil keeps all). keep is called concurrently and must not keep the
// event. Dropped events still type the columns (see Builder.Observe), so
// the kept rows read exactly as in the unfiltered table.
func LoadNDJSONFiltered(r io.Reader, name string, fields []string, keep func(*event.Event) bool) (*Memory, error) {
	type block struct {
		seq, line int
		data      []byte
	}
	type result struct {
		rg  *RowGroup
		err error
	}
	workers := runtime.GOMAXPROCS(0)
	blocks := make(chan block, workers)
	var mu sync.Mutex
	results := map[int]result{}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dec event.Decoder
			var sc *event.Scanner
			if fields != nil {
				all := append(append([]string(nil), fields...), indexKeys...)
				dec.Only(all)
				sc = event.NewScanner(all)
			}
			for b := range blocks {
				rg, err := decodeBlock(&dec, sc, keep, b.data, name, b.line)
				blockPool.Put(b.data[:0])
				mu.Lock()
				results[b.seq] = result{rg, err}
				mu.Unlock()
			}
		}()
	}
	readErr := splitBlocks(r, name, func(seq, line int, data []byte) {
		blocks <- block{seq, line, data}
	})
	close(blocks)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	groups := make([]*RowGroup, 0, len(results))
	for i := 0; i < len(results); i++ {
		res := results[i]
		if res.err != nil {
			return nil, res.err
		}
		// With a filter, a group whose rows were all dropped still
		// carries the types its events gave the columns.
		if res.rg.Len > 0 || keep != nil && len(res.rg.Columns) > 0 {
			groups = append(groups, res.rg)
		}
	}
	return NewMemory("events", groups), nil
}

// splitBlocks cuts r into blocks of whole lines and hands each to fn with
// its sequence number and first line number. fn may keep the block.
func splitBlocks(r io.Reader, name string, fn func(seq, line int, data []byte)) error {
	var carry []byte
	seq, line := 0, 1
	for {
		buf := blockPool.Get().([]byte)
		if cap(buf) < len(carry)+loadBlockBytes {
			buf = make([]byte, 0, len(carry)+loadBlockBytes)
		}
		buf = buf[:len(carry)+loadBlockBytes]
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(carry):])
		buf = buf[:len(carry)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return fmt.Errorf("%s: %w", name, err)
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 {
				if len(buf) > event.MaxLineBytes {
					return &event.LineError{Name: name, Line: line, Err: fmt.Errorf("%w: line longer than %d bytes", event.ErrSyntax, event.MaxLineBytes)}
				}
				carry = buf
				continue
			}
		}
		if cut > 0 {
			fn(seq, line, buf[:cut])
			seq++
			line += bytes.Count(buf[:cut], []byte{'\n'})
		}
		carry = append([]byte(nil), buf[cut:]...)
		if eof {
			return nil
		}
	}
}

// decodeBlock decodes the lines of one block into a row group, with the
// field scanner when there is one, else with the decoder. The decoder also
// takes the lines the scanner leaves or finds malformed (it is more
// lenient, and it words the errors).
func decodeBlock(dec *event.Decoder, sc *event.Scanner, keep func(*event.Event) bool, data []byte, name string, line int) (*RowGroup, error) {
	b := NewBuilder()
	var e event.Event
	// The builder copies every value, so list elements can live in an
	// arena reused from line to line.
	var arena event.ScanArena
	if sc != nil {
		sc.UseArena(&arena)
	}
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		var ln []byte
		if nl < 0 {
			ln, data = data, nil
		} else {
			ln, data = data[:nl], data[nl+1:]
		}
		ln = bytes.TrimSpace(ln)
		if len(ln) > 0 {
			arena.Reset()
			if sc == nil || sc.Scan(ln, &e) != nil {
				if err := dec.Decode(ln, &e); err != nil {
					return nil, &event.LineError{Name: name, Line: line, Err: err}
				}
			}
			if keep == nil || keep(&e) || !b.Observe(&e) {
				b.Add(&e)
			}
		}
		line++
	}
	return b.Finish(), nil
}
