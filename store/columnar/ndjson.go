package columnar

import (
	"bytes"
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
var indexKeys = []string{"event.kind", "event.dataset", "data_stream.dataset", "data_stream.namespace"}

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
	type result struct {
		rg  *RowGroup
		err error
	}
	workers := runtime.GOMAXPROCS(0)
	sp := &blockSplitter{r: r, name: name, line: 1}
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
				all := GeoLeaves(append(append([]string(nil), fields...), indexKeys...))
				dec.Only(all)
				sc = event.NewScanner(all)
			}
			// Each worker reads its next block itself: no goroutine
			// feeds them, so none waits for a core a decoder holds.
			for {
				seq, line, data, ok := sp.next()
				if !ok {
					return
				}
				rg, err := decodeBlock(&dec, sc, keep, data, name, line)
				//lint:ignore SA6002 one slice header per block of a megabyte is noise
				blockPool.Put(data[:0])
				mu.Lock()
				results[seq] = result{rg, err}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if sp.err != nil {
		return nil, sp.err
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
