package iofile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ReadLimited reads the file at path, but at most limit+1 bytes: enough for
// the caller to tell that it is longer than limit without reading it
// whole. It counts what it reads rather than trusting Stat, which says 0
// for /dev/zero, pipes and /proc files. Errors are os.Open's and Read's,
// unwrapped, for the caller to name the file its own way.
func ReadLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// ErrTooLarge is returned by ReadAtMost for a file longer than its limit.
var ErrTooLarge = errors.New("file too large")

// ReadAtMost reads a whole file of at most max bytes, and fails with
// ErrTooLarge for a longer one (a secret or briefing that never ends stops
// at max+1 bytes read).
func ReadAtMost(path string, max int64) ([]byte, error) {
	data, err := ReadLimited(path, max)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}
