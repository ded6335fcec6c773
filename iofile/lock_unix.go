//go:build unix

package iofile

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f, held until f is
// closed or the process ends, whichever comes first.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// unlocked reports whether no process holds the lock of path; it takes
// and drops the lock to find out.
func unlocked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
