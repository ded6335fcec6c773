package labs

import (
	"errors"
	"fmt"

	"github.com/soclab/soclab/iofile"
)

// ErrTooLarge is returned for a lab, briefing or secret file longer than
// its limit.
var ErrTooLarge = errors.New("file too large")

// readAtMost reads a whole file of at most max bytes. It counts what it
// reads rather than trusting Stat, which says 0 for /dev/zero, pipes and
// /proc files: a secret or briefing that never ends stops at max+1 bytes.
func readAtMost(path string, max int64) ([]byte, error) {
	data, err := iofile.ReadLimited(path, max)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}
