package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/iofile"
)

// Format is the kind of recording an import reads.
type Format string

// The formats.
const (
	SSHD    Format = "sshd"    // syslog lines of sshd (auth.log, secure)
	Zeek    Format = "zeek"    // Zeek conn/dns/http/ssl logs, TSV or JSON
	Elastic Format = "elastic" // NDJSON of Elasticsearch documents (Kibana/winlogbeat export, search hits, bulk bodies)
	EVTX    Format = "evtx"    // Windows event log files (.evtx): the Security records soclab knows
	PCAP    Format = "pcap"    // pcap or pcapng capture
)

// Formats lists the formats in the order help texts show them.
var Formats = []Format{SSHD, Zeek, Elastic, EVTX, PCAP}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	switch s {
	case "winlogbeat":
		return Elastic, nil
	}
	return "", fmt.Errorf("unknown format %q: use one of sshd, zeek, elastic, evtx, pcap", s)
}

// Options are what a format may lack.
type Options struct {
	// Year is the year of syslog time stamps, which have none; 0 takes
	// the year of each file's modification time.
	Year int
	// Location is the time zone of syslog time stamps without one; nil
	// is UTC.
	Location *time.Location
}

// Skip is one reason records were skipped.
type Skip struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
	First  string `json:"first"` // file:line of the first record skipped for it
}

// Stats counts what an import did.
type Stats struct {
	Read       int    `json:"read"`         // lines (or packets) read
	Mapped     int    `json:"mapped"`       // events written
	Skipped    []Skip `json:"skipped"`      // by reason, most frequent first
	OutOfOrder int    `json:"out_of_order"` // records (or packets) earlier than one read before them
}

// SkippedTotal is the number of records skipped for any reason.
func (s *Stats) SkippedTotal() int {
	n := 0
	for _, k := range s.Skipped {
		n += k.Count
	}
	return n
}

// FormatError is a file that is not of its format: where, and why.
type FormatError struct {
	File string
	Line int // 0 when the file as a whole is wrong
	Err  error
}

func (e *FormatError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }

// held is one event of an import: sealed (encoded, data) as soon as
// nothing can change it any more, to keep an import's memory near its
// output's size.
type held struct {
	t    int64
	e    *event.Event // until sealed
	data []byte       // the NDJSON line, once sealed
	live bool         // a Zeek conn event an ssl record may still name
	gen  int32        // the input it was read from: whose ids it takes
}

// batch collects the events of an import and its counts.
type batch struct {
	held     []held
	enc      event.Encoder
	line     []byte // scratch: the line being sealed
	ids      ids    // the event ids of each input
	gen      int32  // the input being read (its index in ids)
	skips    map[string]*Skip
	read     int
	last     time.Time
	late     int
	file     string
	conns    *telemetry.ConnIDs
	uids     map[string]int        // Zeek conn events by uid (index in held)
	snis     map[string]pendingSNI // Zeek ssl server names by uid, before their conn
	sniOrder []string              // the uids of snis, in read order
}

// byUID remembers a Zeek conn event by its uid and gives it a server name
// already read.
func (b *batch) byUID(uid string, e *event.Event) {
	if b.uids == nil {
		b.uids = map[string]int{}
	}
	i := len(b.held) - 1
	b.held[i].live = true
	b.uids[uid] = i
	if sni, ok := b.snis[uid]; ok {
		setDomain(e, sni.name)
		delete(b.snis, uid)
	}
}

// sni gives the conn event of uid its TLS server name (now or when it is
// read); one never matched is counted as skipped at the end.
func (b *batch) sni(uid, name string, line int) {
	if i, ok := b.uids[uid]; ok {
		setDomain(b.held[i].e, name)
		return
	}
	if b.snis == nil {
		b.snis = map[string]pendingSNI{}
	}
	if _, ok := b.snis[uid]; !ok {
		b.sniOrder = append(b.sniOrder, uid)
	}
	b.snis[uid] = pendingSNI{name: name, at: fmt.Sprintf("%s:%d", b.file, line)}
}

// pendingSNI is a Zeek ssl server name waiting for its conn record, and
// where it was read (file:line).
type pendingSNI struct{ name, at string }

func setDomain(e *event.Event, name string) {
	e.Set("destination.domain", event.String(name))
	e.Set("network.protocol", event.String("tls"))
}

func newBatch() *batch {
	return &batch{skips: map[string]*Skip{}, conns: &telemetry.ConnIDs{}}
}

// record is what a reader maps a line or packet to: a telemetry record.
type record interface {
	Build(*event.Event, telemetry.Meta)
}

// add builds one record into an event at t and keeps it (see keep).
func (b *batch) add(t time.Time, r record) *event.Event {
	e := b.build(t, r)
	b.arrived(e.Time())
	return e
}

// build builds one record into an event at t and holds it, without
// counting it in or out of order: a capture's records are made when its
// flows end, so the packets are what is counted (see arrived).
func (b *batch) build(t time.Time, r record) *event.Event {
	e := &event.Event{}
	r.Build(e, telemetry.Meta{Time: t, ConnIDs: b.conns})
	b.hold(e)
	return e
}

// keep holds an event read as it is and counts it out of order when it
// is earlier than one before it.
func (b *batch) keep(e *event.Event) {
	b.arrived(e.Time())
	b.hold(e)
}

// arrived counts an input record (or packet) of time t out of order when
// it is earlier than one read before it.
func (b *batch) arrived(t time.Time) {
	if t.Before(b.last) {
		b.late++
	} else {
		b.last = t
	}
}

// hold adds an event. The event before it is final by then (a reader
// changes only the event it has just added) and is sealed, but for a Zeek
// conn event.
func (b *batch) hold(e *event.Event) {
	t := e.Time()
	if n := len(b.held); n > 0 && !b.held[n-1].live {
		b.seal(n - 1)
	}
	b.held = append(b.held, held{t: t.UnixNano(), e: e, gen: b.gen})
}

// seal gives held event i an event.id when it has none (from its input's
// ids, in read order: the same input, the same ids) and encodes it.
func (b *batch) seal(i int) {
	h := &b.held[i]
	if h.e == nil {
		return
	}
	if h.e.ID() == "" {
		h.e.Set(event.KeyID, event.String(b.ids.id(h.gen)))
	}
	b.line = append(b.enc.AppendJSON(b.line[:0], h.e), '\n')
	h.data, h.e = bytes.Clone(b.line), nil
}

// skip counts a record skipped for reason at line.
func (b *batch) skip(line int, reason string) {
	if s := b.skips[reason]; s != nil {
		s.Count++
		return
	}
	b.skipAt(fmt.Sprintf("%s:%d", b.file, line), reason)
}

// skipAt counts a record skipped for reason at file:line at.
func (b *batch) skipAt(at, reason string) {
	s := b.skips[reason]
	if s == nil {
		s = &Skip{Reason: reason, First: at}
		b.skips[reason] = s
	}
	s.Count++
}

// ImportReader is Import of one recording read from r; name is what
// errors and skip reasons call it.
func ImportReader(f Format, name string, r io.Reader, opts Options, w io.Writer) (*Stats, error) {
	b := newBatch()
	b.file = name
	if err := read(f, r, opts, b); err != nil {
		return nil, err
	}
	return b.finish(w)
}

// Import reads files of format f and writes their events, in time order, as
// NDJSON to w.
func Import(f Format, files []string, opts Options, w io.Writer) (*Stats, error) {
	b := newBatch()
	for _, name := range files {
		b.file = name
		if err := readFile(f, name, opts, b); err != nil {
			return nil, err
		}
	}
	return b.finish(w)
}

func readFile(f Format, name string, opts Options, b *batch) error {
	rc, err := iofile.Open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if f == SSHD && opts.Year == 0 {
		opts.Year = time.Now().Year()
		if fi, err := os.Stat(name); err == nil {
			opts.Year = fi.ModTime().Year()
		}
	}
	return read(f, rc, opts, b)
}

// read reads one recording of format f from rc into b (b.file names it).
func read(f Format, rc io.Reader, opts Options, b *batch) error {
	r := bufio.NewReaderSize(rc, idPrefix)
	if opts.Year == 0 {
		opts.Year = time.Now().Year()
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	gen, err := b.ids.next(f, opts, r)
	if err != nil {
		return fmt.Errorf("%s: %w", b.file, err)
	}
	b.gen = gen
	switch f {
	case SSHD:
		return readSSHD(r, opts.Year, opts.Location, b)
	case Zeek:
		return readZeek(r, filepath.Base(b.file), b)
	case Elastic:
		return readElastic(r, b)
	case EVTX:
		return readEVTX(r, b)
	case PCAP:
		return readPCAP(r, b)
	}
	return fmt.Errorf("unknown format %q", f)
}

// finish orders the events, gives those without one an event.id and
// writes them.
func (b *batch) finish(w io.Writer) (*Stats, error) {
	for i := range b.held {
		b.seal(i)
	}
	sort.SliceStable(b.held, func(i, j int) bool { return b.held[i].t < b.held[j].t })
	out := bufio.NewWriterSize(w, 1<<16)
	for _, h := range b.held {
		if _, err := out.Write(h.data); err != nil {
			return nil, err
		}
	}
	if err := out.Flush(); err != nil {
		return nil, err
	}
	for _, uid := range b.sniOrder {
		if p, ok := b.snis[uid]; ok {
			b.skipAt(p.at, "ssl record whose conn record was not imported")
		}
	}
	st := &Stats{Read: b.read, Mapped: len(b.held), OutOfOrder: b.late}
	for _, s := range b.skips {
		st.Skipped = append(st.Skipped, *s)
	}
	slices.SortFunc(st.Skipped, func(x, y Skip) int {
		if x.Count != y.Count {
			return y.Count - x.Count
		}
		return strings.Compare(x.Reason, y.Reason)
	})
	return st, nil
}

// lines calls fn with every line of r (without its end) and its number.
// A line longer than event.MaxLineBytes is an error, found without
// holding more of it than that in memory (a file with no line ends).
func lines(r *bufio.Reader, file string, fn func(n int, line string) error) error {
	n := 0
	var long []byte // a line longer than r's buffer, so far
	for {
		chunk, err := r.ReadSlice('\n')
		if len(long)+len(chunk) > event.MaxLineBytes {
			return &FormatError{File: file, Line: n + 1, Err: fmt.Errorf("line longer than %d bytes", event.MaxLineBytes)}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, chunk...)
			continue
		}
		if len(long)+len(chunk) > 0 {
			n++
			s := string(chunk)
			if long != nil {
				s = string(append(long, chunk...))
				long = nil
			}
			if ferr := fn(n, strings.TrimRight(s, "\r\n")); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
}
