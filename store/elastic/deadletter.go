package elastic

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/soclab/soclab/iofile"
)

// deadLetter keeps every document that failed for good, one JSON line each:
//
//	{"index":"logs-system.auth-t1","id":"…","status":400,"reason":"mapper_parsing_exception: …","attempts":1,"document":{…}}
//
// A file is created (under a temporary name) on the first failure and
// committed on close, so a clean run leaves no file behind.
type deadLetter struct {
	mu   sync.Mutex
	path string
	w    io.Writer
	file *iofile.File
	err  error
	buf  []byte
}

func newDeadLetter(path string, w io.Writer) *deadLetter {
	return &deadLetter{path: path, w: w}
}

// add writes one failed document. doc must be a JSON object; if it is not
// valid JSON it is kept as a string.
func (d *deadLetter) add(index, id string, status int, reason string, attempts int, doc []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		return
	}
	if d.w == nil {
		f, err := iofile.Create(d.path)
		if err != nil {
			d.err = fmt.Errorf("dead-letter file: %w", err)
			return
		}
		d.file, d.w = f, f
	}
	b := append(d.buf[:0], `{"index":`...)
	b = appendJSONString(b, index)
	if id != "" {
		b = append(b, `,"id":`...)
		b = appendJSONString(b, id)
	}
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"reason":`...)
	b = appendJSONString(b, reason)
	b = append(b, `,"attempts":`...)
	b = strconv.AppendInt(b, int64(attempts), 10)
	b = append(b, `,"document":`...)
	if json.Valid(doc) {
		b = append(b, doc...)
	} else {
		b = appendJSONString(b, string(doc))
	}
	b = append(b, "}\n"...)
	d.buf = b
	if _, err := d.w.Write(b); err != nil {
		d.err = fmt.Errorf("dead-letter %s: %w", d.path, err)
	}
}

// close commits the file, if one was started.
func (d *deadLetter) close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.file != nil {
		if d.err != nil {
			d.file.Abort()
			return d.err
		}
		if err := d.file.Commit(); err != nil {
			return fmt.Errorf("dead-letter %s: %w", d.path, err)
		}
	}
	return d.err
}

// written reports whether a file was written.
func (d *deadLetter) written() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.file != nil
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}
