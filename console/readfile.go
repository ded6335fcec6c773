package console

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/soclab/soclab/iofile"
)

// maxFileBytes bounds every file the console reads from a workspace or a
// cohort folder: the trainee's own files are parsed with tighter limits of
// their own (triage.MaxSize, report.MaxSize), and a file that never ends
// (a FIFO, /dev/zero behind a symlink) must not take the server's memory.
const maxFileBytes = 32 << 20

// readFile reads a whole file of at most maxFileBytes.
func readFile(path string) ([]byte, error) {
	data, err := iofile.ReadAtMost(path, maxFileBytes)
	if errors.Is(err, iofile.ErrTooLarge) {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return data, err
}
