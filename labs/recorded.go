package labs

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/replay"
)

// RecordedSpec is a lab's recorded data (the lab file's recorded:
// section): events recorded elsewhere (NDJSON of soclab events, as soclab
// import writes them), optionally the capture they came with, and the
// instructor's truth file. Every path is relative to the lab file; event
// files may be compressed (.gz, .zst) when the lab is on disk.
type RecordedSpec struct {
	// Events are NDJSON files of events, each in time order; a lab's
	// events are all of them merged in time order.
	Events []string `yaml:"events"`
	// PCAP is a capture copied into the workspace as capture.pcap.
	PCAP string `yaml:"pcap"`
	// Truth is the truth file: indicators, milestones and the alerts'
	// verdicts (docs/labs.md). It is never copied into a workspace.
	Truth string `yaml:"truth"`
}

// IsRecorded reports whether the lab's events are recorded data rather
// than generated from the seed. The seed then changes nothing in them.
func (l *Lab) IsRecorded() bool { return l.Recorded != nil }

// HasBackground reports whether a recorded lab replays its events inside
// a generated organisation's background (the lab file gives org:, and
// may give rates and decoys): the seed then shapes the background, never
// the recorded incident.
func (l *Lab) HasBackground() bool { return l.Recorded != nil && l.Org.Users > 0 }

// OpenPCAP opens the recorded capture of the lab.
func (l *Lab) OpenPCAP() (io.ReadCloser, error) {
	if l.Recorded == nil || l.Recorded.PCAP == "" {
		return nil, fmt.Errorf("lab %s has no recorded capture", l.ID)
	}
	return l.openRecorded(l.Recorded.PCAP)
}

// openRecorded opens a file of the recorded section, decompressing it
// when it is on disk (iofile.Open).
func (l *Lab) openRecorded(rel string) (io.ReadCloser, error) {
	if l.Bundled {
		return l.openStored(rel)
	}
	return iofile.Open(l.relPath(rel))
}

// RecordedSource returns the lab's recorded events merged in time order
// (ties keep the order of the files in recorded.events). It checks them
// as it reads: a line that is not an event, an event without @timestamp
// or event.id, one earlier than the one before it in its file, one outside
// the lab's window and an event.id given twice each stop the read with a
// *FieldError naming the file and line. Close it when done.
func (l *Lab) RecordedSource() (*RecordedSource, error) {
	if l.Recorded == nil {
		return nil, fmt.Errorf("lab %s has no recorded events", l.ID)
	}
	s := &RecordedSource{from: l.Window.Start(), to: l.Window.End(), seen: map[string]place{}}
	var inputs []*event.Reader
	for _, rel := range l.Recorded.Events {
		rc, err := l.openRecorded(rel)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("lab %s: recorded events: %w", l.ID, err)
		}
		s.closers = append(s.closers, rc)
		inputs = append(inputs, event.NewReader(rc, l.relPath(rel)))
	}
	m, err := replay.Merge(inputs...)
	if err != nil {
		s.Close()
		return nil, recordedError(err)
	}
	s.m = m
	return s, nil
}

// RecordedSource is an event.Source over a lab's recorded event files:
// replay's merge of them, with the checks a lab adds (ids, window).
type RecordedSource struct {
	m        *replay.Merged
	closers  []io.Closer
	from, to time.Time
	seen     map[string]place // event.id → where it was first read
}

// place is a line of a recorded file; messages show it as file:line,
// formatted only when one does.
type place struct {
	file string
	line int
}

// String is the place as file:line.
func (p place) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// Next implements event.Source: the earliest pending event of all files.
func (s *RecordedSource) Next() (*event.Event, error) {
	e, err := s.m.Next()
	if err != nil {
		return nil, recordedError(err)
	}
	file, line := s.m.Where()
	bad := func(field, format string, args ...any) error {
		return &FieldError{File: file, Line: line, Path: field, Msg: fmt.Sprintf(format, args...)}
	}
	t, id := e.Time(), e.ID()
	switch {
	case id == "":
		return nil, bad(event.KeyID, "missing: every recorded event needs an id (soclab import gives each one)")
	case t.Before(s.from) || !t.Before(s.to):
		return nil, bad(event.KeyTimestamp, "%s is outside the lab's window %s..%s: widen window: or drop the event",
			stamp(t), stamp(s.from), stamp(s.to))
	}
	if first, dup := s.seen[id]; dup {
		return nil, bad(event.KeyID, "event.id %q is also the id of %s: ids must be unique across a lab's recorded files (import every file of a format in one soclab import)", id, first)
	}
	s.seen[id] = place{file, line}
	return e, nil
}

// recordedError turns replay's errors about a recorded file into the
// lab's positioned problems.
func recordedError(err error) error {
	var oe *replay.OrderError
	if errors.As(err, &oe) {
		return &FieldError{File: oe.Name, Line: oe.Line, Path: event.KeyTimestamp, Msg: fmt.Sprintf(
			"%s is earlier than the event before it (%s): a recorded file must be in time order (soclab import writes it so)", stamp(oe.At), stamp(oe.Prev))}
	}
	var le *event.LineError
	if errors.As(err, &le) {
		if errors.Is(le.Err, replay.ErrNoTimestamp) {
			return &FieldError{File: le.Name, Line: le.Line, Path: event.KeyTimestamp, Msg: "missing or not a time: every recorded event needs one (soclab import writes it)"}
		}
		return &FieldError{File: le.Name, Line: le.Line, Msg: fmt.Sprintf("not a soclab event: %v", le.Err)}
	}
	return fmt.Errorf("recorded events: %w", err)
}

// Close closes every file.
func (s *RecordedSource) Close() error {
	var errs []error
	for _, c := range s.closers {
		errs = append(errs, c.Close())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// stamp formats a time as events write it.
func stamp(t time.Time) string { return t.UTC().Format(event.TimestampLayout) }

// RecordedFiles returns the lab's recorded event files as paths on disk,
// for tools that read files (replay.Spec.Recorded). A bundled lab's files
// are embedded in the binary: they are copied into a new temporary folder,
// which cleanup removes; cleanup is never nil.
func (l *Lab) RecordedFiles() (paths []string, cleanup func(), err error) {
	cleanup = func() {}
	if l.Recorded == nil {
		return nil, cleanup, fmt.Errorf("lab %s has no recorded events", l.ID)
	}
	if !l.Bundled {
		for _, rel := range l.Recorded.Events {
			paths = append(paths, l.relPath(rel))
		}
		return paths, cleanup, nil
	}
	dir, err := os.MkdirTemp("", ".soclab-recorded-")
	if err != nil {
		return nil, cleanup, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	for i, rel := range l.Recorded.Events {
		p := filepath.Join(dir, fmt.Sprintf("%d-%s", i, path.Base(rel)))
		if err := l.copyRecorded(rel, p); err != nil {
			cleanup()
			return nil, func() {}, err
		}
		paths = append(paths, p)
	}
	return paths, cleanup, nil
}

// CopyPCAP copies the lab's recorded capture to dst (a new file).
func (l *Lab) CopyPCAP(dst string) error {
	if l.Recorded == nil || l.Recorded.PCAP == "" {
		return fmt.Errorf("lab %s has no recorded capture", l.ID)
	}
	return l.copyRecorded(l.Recorded.PCAP, dst)
}

// HasRecordedPCAP reports whether the lab's workspace gets a recorded
// capture.
func (l *Lab) HasRecordedPCAP() bool { return l.Recorded != nil && l.Recorded.PCAP != "" }

// copyRecorded copies a recorded file, as stored (compressed or not), to
// dst.
func (l *Lab) copyRecorded(rel, dst string) error {
	src, err := l.openStored(rel)
	if err != nil {
		return fmt.Errorf("lab %s: %w", l.ID, err)
	}
	defer src.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return fmt.Errorf("lab %s: copying %s: %w", l.ID, rel, err)
	}
	return out.Close()
}

// RecordedSameData is what soclab says of a recorded lab wherever seeds or
// trainees come up (lab show, assign, docs/labs.md): the seed changes
// nothing in recorded data.
const RecordedSameData = "recorded data: every seed and every trainee gets the same events and alerts"

// RecordedBesideData is what soclab says of a recorded lab with a
// generated background wherever seeds or trainees come up: the seed
// changes the background, not the recorded incident.
const RecordedBesideData = "recorded events inside a generated background: every seed and every trainee gets the same recorded incident among different background activity"

// hashRecorded returns the SHA-256 of the recorded event files and the
// capture, as stored, in the order the lab names them.
func (l *Lab) hashRecorded() ([]byte, error) {
	h := sha256.New()
	files := slices.Clone(l.Recorded.Events)
	if l.Recorded.PCAP != "" {
		files = append(files, l.Recorded.PCAP)
	}
	for _, rel := range files {
		f, err := l.openStored(rel)
		if err != nil {
			return nil, fmt.Errorf("lab %s: %w", l.ID, err)
		}
		fmt.Fprintf(h, "%s\x00", rel)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("lab %s: %s: %w", l.ID, rel, err)
		}
	}
	return h.Sum(nil), nil
}
