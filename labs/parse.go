package labs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/soclab/soclab/iofile"
)

// MaxFileSize is the largest lab file Parse accepts.
const MaxFileSize = 1 << 20

// Parse decodes and validates one lab file's bytes; file names it in
// errors. It checks everything that needs no other file: the briefing and
// extra rule files are checked by Load. The error, when not nil, is an
// ErrorList holding every problem found.
func Parse(data []byte, file string) (*Lab, error) {
	l, errs := parse(data, file, origin{})
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}

// origin says where a lab file comes from, for the checks that read the
// files beside it.
type origin struct {
	bundled bool // read from the binary's embedded labs
	onDisk  bool // File is a real path: check rule files beside it
}

// parse returns the lab (possibly partial) and every problem found.
func parse(data []byte, file string, o origin) (*Lab, ErrorList) {
	root, errs := yamlRoot(data, file, labFileKind)
	if errs != nil {
		return nil, errs
	}
	l := &Lab{File: file, Bundled: o.bundled, raw: data}
	d := newDecoder(file)
	d.decode(root, reflect.ValueOf(l).Elem(), "")
	checker{d, o.bundled || o.onDisk}.check(l)
	// The lab file's problems first, then those of the files it names
	// (the truth file), each in line order.
	slices.SortStableFunc(d.errs, func(a, b *FieldError) int {
		if fa, fb := a.File != file, b.File != file; fa != fb {
			if fa {
				return 1
			}
			return -1
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return l, d.errs
}

// Load reads, decodes and validates the lab file at path, its briefing and
// its extra rule files.
func Load(path string) (*Lab, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	l, errs := parse(data, path, origin{onDisk: true})
	if l != nil && len(errs) == 0 {
		errs = append(errs, l.loadBriefing()...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}

// readLimited reads a lab file, refusing one larger than MaxFileSize.
func readLimited(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("lab %s: is a folder, not a lab file", path)
	}
	if fi.Size() > MaxFileSize {
		return nil, &FieldError{File: path, Msg: fmt.Sprintf("file is %d bytes, larger than the %d a lab may be", fi.Size(), MaxFileSize)}
	}
	data, err := iofile.ReadAtMost(path, MaxFileSize)
	if errors.Is(err, ErrTooLarge) {
		return nil, &FieldError{File: path, Msg: fmt.Sprintf("file is larger than the %d bytes a lab may be", MaxFileSize)}
	}
	if err != nil {
		return nil, fmt.Errorf("lab %s: %w", path, err)
	}
	return data, nil
}

// briefingName is the briefing file of l, relative to the lab file.
func (l *Lab) briefingName() string {
	if l.Briefing != "" {
		return l.Briefing
	}
	base := l.File
	if l.Bundled {
		base = path.Base(base)
	} else {
		base = filepath.Base(base)
	}
	return strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml") + ".briefing.md"
}

// briefingPath is the briefing file as it appears in errors.
func (l *Lab) briefingPath() string { return l.relPath(l.briefingName()) }

// relPath is a file named relative to the lab file: its path in the
// embedded labs when the lab is bundled, on disk otherwise. Errors name
// it so.
func (l *Lab) relPath(rel string) string {
	if l.Bundled {
		return path.Join(path.Dir(l.File), rel)
	}
	return filepath.Join(filepath.Dir(l.File), rel)
}

// loadBriefing reads and checks the briefing template.
func (l *Lab) loadBriefing() ErrorList {
	if p := briefingNameProblem(l.Briefing); p != "" {
		return ErrorList{{File: l.File, Path: "briefing", Msg: p}}
	}
	data, err := l.readRel(l.briefingName())
	if err != nil {
		msg := fmt.Sprintf("cannot read the briefing: %v", err)
		if l.Briefing == "" && errors.Is(err, fs.ErrNotExist) {
			msg += " (write " + l.briefingName() + " next to the lab file, or name it with briefing:)"
		}
		return ErrorList{{File: l.File, Path: "briefing", Msg: msg}}
	}
	l.BriefingText = string(data)
	if err := checkBriefing(l); err != nil {
		return ErrorList{{File: l.briefingPath(), Msg: err.Error()}}
	}
	return nil
}

// readRel reads a file named relative to the lab file.
func (l *Lab) readRel(rel string) ([]byte, error) {
	if l.Bundled {
		return fs.ReadFile(bundledFS, l.relPath(rel))
	}
	return iofile.ReadAtMost(l.relPath(rel), MaxBriefingSize)
}

// statIn checks that a file named relative to the lab file exists.
func statIn(l *Lab, rel string) (fs.FileInfo, error) {
	if l.Bundled {
		return fs.Stat(bundledFS, l.relPath(rel))
	}
	return os.Stat(l.relPath(rel))
}

// openStored opens a file named relative to the lab file as it is stored
// (a compressed file is not decompressed).
func (l *Lab) openStored(rel string) (io.ReadCloser, error) {
	if l.Bundled {
		return bundledFS.Open(l.relPath(rel))
	}
	return os.Open(l.relPath(rel))
}

// RuleFiles returns the lab's extra rule files as paths on disk.
func (l *Lab) RuleFiles() []string {
	out := make([]string, len(l.Rules.Files))
	for i, f := range l.Rules.Files {
		out[i] = filepath.Join(filepath.Dir(l.File), f)
	}
	return out
}
