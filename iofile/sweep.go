package iofile

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Temporary names. An output being written is ".<name>.tmp-<digits>" next
// to its final name; a folder being built is ".<name>.partial-<digits>"
// next to its final place. While the run that owns one is alive it holds a
// lock on it (on systems with flock), so that a later run can tell debris
// from work in progress.
const (
	tmpMark     = ".tmp-"
	partialMark = ".partial-"
)

// started is when this process began: debris is older than that.
var started = time.Now()

// swept remembers the folders already swept by this process.
var swept sync.Map

// sweepOnce sweeps dir the first time this process writes there.
func sweepOnce(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	if _, done := swept.LoadOrStore(abs, true); done {
		return
	}
	Sweep(abs)
}

// Sweep removes from dir the temporary files and folders that earlier runs
// of soclab left behind when they were killed (SIGKILL, a power cut): only
// names of soclab's own temporary pattern, last written before this process
// started, that no running process holds locked. It returns the names
// removed. Create and MkdirTemp sweep their folder once per process.
func Sweep(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !isTempName(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&os.ModeSymlink != 0 || !fi.ModTime().Before(started) || !unlocked(p) {
			continue
		}
		if fi.IsDir() {
			err = os.RemoveAll(p)
		} else {
			err = os.Remove(p)
		}
		if err == nil {
			removed = append(removed, e.Name())
		}
	}
	return removed
}

// isTempName reports whether name is one of soclab's temporary names:
// ".<name>.tmp-<digits>", ".<name>.partial-<digits>" or the latter with
// ".old" (a workspace being replaced).
func isTempName(name string) bool {
	if !strings.HasPrefix(name, ".") {
		return false
	}
	name = strings.TrimSuffix(name, ".old")
	for _, mark := range []string{tmpMark, partialMark} {
		i := strings.LastIndex(name, mark)
		if i > 1 && allDigits(name[i+len(mark):]) {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// TempDir is a folder being built under a temporary name next to its final
// place, locked while this process builds it.
type TempDir struct {
	// Path is the temporary folder.
	Path string
	lock *os.File
}

// MkdirTemp makes the hidden folder ".<base>.partial-<digits>" in parent
// (readable like an ordinary folder), after sweeping parent's debris.
// Release it once it was renamed into place or removed.
func MkdirTemp(parent, base string) (*TempDir, error) {
	sweepOnce(parent)
	p, err := os.MkdirTemp(parent, "."+base+partialMark+"*")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(p, os.FileMode(0o755&^umask())); err != nil {
		os.RemoveAll(p)
		return nil, err
	}
	d := &TempDir{Path: p}
	if f, err := os.Open(p); err == nil {
		if lockFile(f) == nil {
			d.lock = f
		} else {
			f.Close()
		}
	}
	return d, nil
}

// Release drops the folder's lock; it does not remove the folder.
func (d *TempDir) Release() {
	if d != nil && d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}
