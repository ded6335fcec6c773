package iofile

import (
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
