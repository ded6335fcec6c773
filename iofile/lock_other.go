//go:build !unix

package iofile

import (
	"errors"
	"os"
	"time"
)

// lockFile is not available here: temporary names are swept by age only.
func lockFile(*os.File) error { return errors.New("no file locks") }

// unlocked reports debris by age alone where there are no file locks: a
// temporary name untouched for a day.
func unlocked(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && time.Since(fi.ModTime()) > 24*time.Hour
}
