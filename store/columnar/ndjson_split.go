package columnar

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/soclab/soclab/event"
)

// blockSplitter cuts a reader into blocks of whole lines for the workers
// of LoadNDJSONFiltered, which call next concurrently: each block is the
// bytes left over from the previous one plus up to loadBlockBytes read,
// cut after their last newline.
type blockSplitter struct {
	mu        sync.Mutex
	r         io.Reader
	name      string
	carry     []byte // the start of a line the previous block left over
	seq, line int    // the next block's number and first line number
	done      bool   // the reader is exhausted or failed
	err       error  // why reading failed
}

// next returns the next block with its sequence number and first line
// number, taken from blockPool, or ok false once the input is used up or
// reading failed (err says why).
func (s *blockSplitter) next() (seq, line int, data []byte, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.done {
		buf := blockPool.Get().([]byte)
		if cap(buf) < len(s.carry)+loadBlockBytes {
			buf = make([]byte, 0, len(s.carry)+loadBlockBytes)
		}
		buf = buf[:len(s.carry)+loadBlockBytes]
		copy(buf, s.carry)
		n, err := io.ReadFull(s.r, buf[len(s.carry):])
		buf = buf[:len(s.carry)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			s.done, s.err = true, fmt.Errorf("%s: %w", s.name, err)
			return 0, 0, nil, false
		}
		s.done = eof
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 {
				if len(buf) > event.MaxLineBytes {
					s.done, s.err = true, &event.LineError{Name: s.name, Line: s.line, Err: fmt.Errorf("%w: line longer than %d bytes", event.ErrSyntax, event.MaxLineBytes)}
					return 0, 0, nil, false
				}
				s.carry = buf
				continue
			}
		}
		s.carry = append(s.carry[:0:0], buf[cut:]...)
		if cut == 0 {
			//lint:ignore SA6002 one slice header per block of a megabyte is noise
			blockPool.Put(buf[:0])
			continue
		}
		seq, line = s.seq, s.line
		s.seq++
		s.line += bytes.Count(buf[:cut], []byte{'\n'})
		return seq, line, buf[:cut], true
	}
	return 0, 0, nil, false
}
