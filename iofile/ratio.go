package iofile

import (
	"errors"
	"fmt"
	"io"
)

// A few megabytes of .gz or .zst can expand to many gigabytes (1.2 MB of
// zstd made 12.8 GB of NDJSON for `search`). Real telemetry compresses about
// 10–20 times (zstd -19 on generated events: 19×), so Open stops a
// decompressed stream that grows past MaxRatio times the compressed bytes
// read, once it is past RatioSlack.
const (
	// MaxRatio is the largest decompressed/compressed size ratio Open
	// accepts.
	MaxRatio = 100
	// RatioSlack is how much any compressed input may expand to before
	// the ratio is checked (small files of one repeated line compress far
	// better than MaxRatio, and are harmless).
	RatioSlack = 64 << 20
)

// ErrRatio matches the error of a compressed input that expands beyond
// MaxRatio.
var ErrRatio = errors.New("expands more than a real log would (a decompression bomb?)")

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ratioReader stops a decompressed stream that outgrows its input.
type ratioReader struct {
	r   io.Reader
	in  *countingReader
	out int64
}

func (r *ratioReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.out += int64(n)
	if r.out > RatioSlack && r.out > MaxRatio*r.in.n {
		return n, fmt.Errorf("%w: %d bytes decompressed from %d, more than %d times", ErrRatio, r.out, r.in.n, MaxRatio)
	}
	return n, err
}
