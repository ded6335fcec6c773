//go:build !unix

package columnar

import (
	"errors"
	"os"
)

// errNoMmap makes the reader fall back to positioned reads.
var errNoMmap = errors.New("memory mapping not supported")

// mapFile is not supported here: chunks are read with ReadAt.
func mapFile(*os.File) ([]byte, error) { return nil, errNoMmap }

// unmapFile does nothing.
func unmapFile([]byte) {}
