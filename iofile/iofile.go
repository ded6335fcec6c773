package iofile

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// Stdio is the path that names standard input or output.
const Stdio = "-"

// File is an output being written. Nothing appears under its final name until
// Commit succeeds; Abort removes what was written. Exactly one of Commit or
// Abort must be called; calling Abort after Commit does nothing, so
// `defer f.Abort()` is the idiom.
type File struct {
	path  string
	tmp   *os.File
	comp  io.WriteCloser // compressor, or nil
	w     io.Writer      // what callers write to
	done  bool
	stdio bool     // written in place: standard output, a device or a pipe
	dev   *os.File // the device or pipe opened in place, closed on Commit/Abort
	mode  os.FileMode
}

// Create starts an output at path, compressed when the name ends in .gz or
// .zst. Path "-" writes to standard output (uncompressed, committed as it
// goes). The folder must exist; the first output of a process in a folder
// sweeps the debris killed runs left there (see Sweep).
func Create(path string) (*File, error) { return create(path, 0o644) }

// CreatePrivate is Create for a file that holds passwords, keys or
// secrets: it is committed readable and writable by its owner only (0600),
// whatever the umask.
func CreatePrivate(path string) (*File, error) { return create(path, 0o600) }

func create(path string, mode os.FileMode) (*File, error) {
	if path == Stdio {
		return &File{path: path, w: os.Stdout, stdio: true}, nil
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		// A device or a pipe (/dev/null, a FIFO): write in place; renaming
		// over it would replace it with a file.
		dev, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
		}
		return &File{path: path, w: dev, stdio: true, dev: dev}, nil
	}
	dir := filepath.Dir(path)
	sweepOnce(dir)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+tmpMark+"*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	lockFile(tmp) // best effort: tells a later run's Sweep this is no debris
	f := &File{path: path, tmp: tmp, w: tmp, mode: mode}
	switch {
	case strings.HasSuffix(path, ".gz"):
		f.comp = gzip.NewWriter(tmp)
	case strings.HasSuffix(path, ".zst"):
		zw, err := zstd.NewWriter(tmp, zstd.WithEncoderConcurrency(1))
		if err != nil {
			f.Abort()
			return nil, err
		}
		f.comp = zw
	}
	if f.comp != nil {
		f.w = f.comp
	}
	return f, nil
}

// Write writes to the output (through its compressor).
func (f *File) Write(p []byte) (int, error) { return f.w.Write(p) }

// InPlace reports whether the output is written in place (standard output,
// a device or a pipe) rather than under a temporary name: such an output
// cannot be taken back after Commit, and must never be removed.
func (f *File) InPlace() bool { return f.stdio }

// Path returns the final path.
func (f *File) Path() string { return f.path }

// Commit flushes, syncs and renames the output to its final name.
func (f *File) Commit() error {
	if f.done || f.stdio {
		f.done = true
		if f.dev != nil {
			err := f.dev.Close()
			f.dev = nil
			return err
		}
		return nil
	}
	f.done = true
	var err error
	if f.comp != nil {
		err = f.comp.Close()
	}
	if err == nil {
		err = f.tmp.Sync()
	}
	if err == nil {
		// CreateTemp makes 0600 files; outputs are ordinary files
		// unless private.
		err = f.tmp.Chmod(f.mode &^ os.FileMode(umask()))
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("cannot write %s: %w", f.path, unwrapPathError(err))
	}
	return nil
}

// Abort discards the output. It is safe to call at any time.
func (f *File) Abort() {
	if f.dev != nil {
		f.dev.Close()
		f.dev = nil
	}
	if f.done || f.stdio {
		return
	}
	f.done = true
	if f.comp != nil {
		f.comp.Close()
	}
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens an input, decompressing .gz and .zst (by extension or by their
// magic bytes). Path "-" reads standard input. A compressed input that
// expands more than MaxRatio times fails its read with ErrRatio.
func Open(path string) (io.ReadCloser, error) {
	var f *os.File
	if path == Stdio {
		f = os.Stdin
	} else {
		var err error
		f, err = os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
		}
	}
	in := &countingReader{r: f}
	br := bufio.NewReaderSize(in, 256<<10)
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: not a valid gzip file: %w", path, err)
		}
		return &readCloser{Reader: &ratioReader{r: zr, in: in}, close: func() error { zr.Close(); return f.Close() }}, nil
	case len(magic) == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd:
		zr, err := zstd.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: not a valid zstd file: %w", path, err)
		}
		return &readCloser{Reader: &ratioReader{r: zr, in: in}, close: func() error { zr.Close(); return f.Close() }}, nil
	}
	return &readCloser{Reader: br, close: f.Close}, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r *readCloser) Close() error { return r.close() }
