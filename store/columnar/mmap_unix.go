//go:build unix

package columnar

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the whole of f read-only, or returns nil for an empty file.
// Chunks are then decoded in place: no read copy and no heap buffer, so a
// cold query neither copies the column data nor grows the heap for it.
func mapFile(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, nil
	}
	if size != int64(int(size)) || size < 0 {
		return nil, fmt.Errorf("%w: column file of %d bytes", ErrCorrupt, size)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED|mapPopulate)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", f.Name(), err)
	}
	return b, nil
}

// unmapFile releases a mapping made by mapFile.
func unmapFile(b []byte) {
	if b != nil {
		syscall.Munmap(b)
	}
}
