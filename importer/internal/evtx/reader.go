package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"time"
)

// reader.go walks a file: the 4 KiB file header, then 64 KiB chunks, each
// with a 512-byte header and its event records.

// Sizes of the file's parts.
const (
	FileHeaderSize  = 4096
	ChunkSize       = 65536
	ChunkHeaderSize = 512
	recordHeader    = 24
)

var (
	fileMagic   = []byte("ElfFile\x00")
	chunkMagic  = []byte("ElfChnk\x00")
	recordMagic = []byte{0x2a, 0x2a, 0, 0}
)

// ErrFormat is what every *Error answers to: the input is not a readable
// EVTX file.
var ErrFormat = errors.New("evtx: malformed file")

// Error is a malformed or truncated file: where (the file offset, the
// chunk and the record when known) and what was wrong.
type Error struct {
	Offset int64  // file offset of the problem
	Chunk  int    // chunk number from 0; -1 for the file header
	Record uint64 // the record's identifier; 0 outside a record
	Err    error
}

func (e *Error) Error() string {
	where := "file header"
	if e.Chunk >= 0 {
		where = fmt.Sprintf("chunk %d", e.Chunk)
	}
	if e.Record != 0 {
		where += fmt.Sprintf(", record %d", e.Record)
	}
	return fmt.Sprintf("%s, offset 0x%x: %v", where, e.Offset, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes every Error answer to ErrFormat.
func (e *Error) Is(target error) bool { return target == ErrFormat }

// Record is one event record.
type Record struct {
	ID      uint64    // the event record identifier
	Written time.Time // when it was written
	Offset  int64     // its file offset
	Event   *Element  // the root element (<Event>)
}

// Reader reads the records of one EVTX file in file order.
type Reader struct {
	r      io.Reader
	header bool
	buf    []byte
	chunk  int   // number of the chunk in buf; -1 before the first
	base   int64 // file offset of buf
	pos    int   // next record's offset in buf
	free   int   // the chunk's free space offset
	p      *parser
}

// NewReader reads EVTX from r, which it reads sequentially.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: r, buf: make([]byte, ChunkSize), chunk: -1}
}

// Next returns the next record, io.EOF after the last, or an *Error.
func (r *Reader) Next() (*Record, error) {
	if !r.header {
		if err := r.readHeader(); err != nil {
			return nil, err
		}
		r.header = true
	}
	for {
		if r.p != nil && r.pos+recordHeader <= r.free {
			if bytes.Equal(r.buf[r.pos:r.pos+4], recordMagic) {
				return r.record()
			}
			if !bytes.Equal(r.buf[r.pos:r.pos+4], make([]byte, 4)) {
				return nil, r.errAt(r.pos, 0, fmt.Errorf("no record signature where the next record should start"))
			}
		}
		if err := r.nextChunk(); err != nil {
			return nil, err
		}
	}
}

func (r *Reader) readHeader() error {
	h := make([]byte, FileHeaderSize)
	n, err := io.ReadFull(r.r, h)
	if !bytes.HasPrefix(h[:n], fileMagic[:min(n, len(fileMagic))]) || n == 0 {
		return &Error{Chunk: -1, Err: fmt.Errorf("no ElfFile signature: not an EVTX file")}
	}
	if err != nil {
		return &Error{Offset: int64(n), Chunk: -1, Err: fmt.Errorf("file ends after %d of the header's %d bytes (truncated)", n, FileHeaderSize)}
	}
	le := binary.LittleEndian
	if got, want := le.Uint32(h[124:]), crc32.ChecksumIEEE(h[:120]); got != want {
		return &Error{Offset: 124, Chunk: -1, Err: fmt.Errorf("header checksum 0x%08x, computed 0x%08x", got, want)}
	}
	if major := le.Uint16(h[38:]); major != 3 {
		return &Error{Offset: 38, Chunk: -1, Err: fmt.Errorf("format version %d.%d, want 3.x", major, le.Uint16(h[36:]))}
	}
	if bs := le.Uint16(h[40:]); bs != FileHeaderSize {
		return &Error{Offset: 40, Chunk: -1, Err: fmt.Errorf("header block size %d, want %d", bs, FileHeaderSize)}
	}
	return nil
}

// nextChunk reads the next chunk in use: io.EOF at the end of the file.
func (r *Reader) nextChunk() error {
	for {
		r.chunk++
		r.base = FileHeaderSize + int64(r.chunk)*ChunkSize
		r.p = nil
		n, err := io.ReadFull(r.r, r.buf)
		if err == io.EOF {
			return io.EOF
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return r.errAt(0, 0, fmt.Errorf("file ends %d bytes into the chunk (truncated)", n))
			}
			return fmt.Errorf("chunk %d: %w", r.chunk, err)
		}
		if bytes.Equal(r.buf[:8], make([]byte, 8)) {
			continue // never used
		}
		if err := r.checkChunk(); err != nil {
			return err
		}
		r.pos = ChunkHeaderSize
		r.p = newParser(r.buf)
		return nil
	}
}

// checkChunk checks the chunk's signature, offsets and both checksums.
func (r *Reader) checkChunk() error {
	b, le := r.buf, binary.LittleEndian
	if !bytes.Equal(b[:8], chunkMagic) {
		return r.errAt(0, 0, fmt.Errorf("no ElfChnk signature"))
	}
	h := crc32.ChecksumIEEE(b[:120])
	h = crc32.Update(h, crc32.IEEETable, b[128:ChunkHeaderSize])
	if got := le.Uint32(b[124:]); got != h {
		return r.errAt(124, 0, fmt.Errorf("chunk header checksum 0x%08x, computed 0x%08x (the chunk is damaged)", got, h))
	}
	free := le.Uint32(b[48:])
	if free < ChunkHeaderSize || free > ChunkSize {
		return r.errAt(48, 0, fmt.Errorf("free space offset 0x%x outside the chunk", free))
	}
	r.free = int(free)
	if got, want := le.Uint32(b[52:]), crc32.ChecksumIEEE(b[ChunkHeaderSize:free]); got != want {
		return r.errAt(52, 0, fmt.Errorf("event records checksum 0x%08x, computed 0x%08x (the chunk's records are damaged)", got, want))
	}
	return nil
}

// record reads the record at r.pos.
func (r *Reader) record() (*Record, error) {
	b, le, pos := r.buf, binary.LittleEndian, r.pos
	size := int(le.Uint32(b[pos+4:]))
	id := le.Uint64(b[pos+8:])
	if size < recordHeader+4 || size > r.free-pos {
		return nil, r.errAt(pos+4, id, fmt.Errorf("record size %d does not fit between 0x%x and the chunk's free space at 0x%x", size, pos, r.free))
	}
	if copySize := int(le.Uint32(b[pos+size-4:])); copySize != size {
		return nil, r.errAt(pos+size-4, id, fmt.Errorf("record size %d, but its trailing copy says %d", size, copySize))
	}
	root, err := r.p.record(pos+recordHeader, pos+size-4)
	if err != nil {
		var pe *posError
		if errors.As(err, &pe) {
			return nil, r.errAt(pe.Off, id, pe.Err)
		}
		return nil, r.errAt(pos, id, err)
	}
	r.pos += size
	return &Record{ID: id, Written: FileTime(le.Uint64(b[pos+16:])), Offset: r.base + int64(pos), Event: root}, nil
}

func (r *Reader) errAt(off int, record uint64, err error) *Error {
	return &Error{Offset: r.base + int64(off), Chunk: r.chunk, Record: record, Err: err}
}
