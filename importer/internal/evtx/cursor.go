package evtx

import (
	"encoding/binary"
	"fmt"
)

// cursor reads little-endian values from a chunk between pos and end. Its
// error is sticky: after the first read past end every read returns zero
// and err names where the data ran out, so a parser checks err once per
// structure rather than after every field.
type cursor struct {
	b        []byte // the whole chunk (offsets in Binary XML are relative to it)
	pos, end int
	err      error
}

// posError is a problem at a chunk offset.
type posError struct {
	Off int
	Err error
}

func (e *posError) Error() string { return e.Err.Error() }
func (e *posError) Unwrap() error { return e.Err }

func errAt(off int, format string, args ...any) error {
	return &posError{Off: off, Err: fmt.Errorf(format, args...)}
}

// take returns the next n bytes, or nil (and sets err) when fewer are left.
func (c *cursor) take(n int) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || n > c.end-c.pos {
		c.err = errAt(c.pos, "%d bytes needed, %d left", n, c.end-c.pos)
		return nil
	}
	b := c.b[c.pos : c.pos+n]
	c.pos += n
	return b
}

func (c *cursor) u8() byte {
	if b := c.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (c *cursor) u16() uint16 {
	if b := c.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (c *cursor) u32() uint32 {
	if b := c.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// peek returns the next byte without consuming it (0 and err at the end).
func (c *cursor) peek() byte {
	if c.err != nil {
		return 0
	}
	if c.pos >= c.end {
		c.err = errAt(c.pos, "binary XML ends before its end-of-file token")
		return 0
	}
	return c.b[c.pos]
}

// fail sets err (if not already set) to a problem at the cursor.
func (c *cursor) fail(format string, args ...any) {
	if c.err == nil {
		c.err = errAt(c.pos, format, args...)
	}
}
