// Package evtxtest writes small, valid Windows XML Event Log (.evtx) files
// for tests, as Windows lays them out: a file header, 64 KiB chunks with
// both CRC32 checksums, records whose Binary XML is a template instance of
// an Event template (System values by substitution), the EventData as a
// nested Binary XML value holding a second template instance, names and
// template definitions stored inline on first use in a chunk and referred
// to by offset after that.
//
// It exists so that the EVTX reader is tested on data made here, never on
// files fetched from elsewhere.
package evtxtest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"strings"
	"time"
)

// Event is one record to write. Empty Provider, ProviderGUID and Channel
// mean the Security log's; RecordID 0 numbers records from 1.
type Event struct {
	Provider     string
	ProviderGUID string
	EventID      uint16
	Version      uint8
	Level        uint8
	Task         uint16
	Opcode       uint8
	Keywords     uint64
	Time         time.Time
	RecordID     uint64
	PID, TID     uint32
	Channel      string
	Computer     string
	Data         []Data
}

// Data is one <Data Name="..."> element of the EventData.
type Data struct {
	Name  string
	Value Value
}

// The Security log's provider and the keywords of its audit records.
const (
	SecurityProvider = "Microsoft-Windows-Security-Auditing"
	SecurityGUID     = "{54849625-5478-4994-A5BA-3E3B0328C30D}"
	AuditSuccess     = 0x8020000000000000
	AuditFailure     = 0x8010000000000000
)

const (
	fileHeaderSize  = 4096
	chunkSize       = 65536
	chunkHeaderSize = 512
)

// Marshal returns the EVTX file holding events, in order, in as many
// chunks as they need.
func Marshal(events []Event) ([]byte, error) {
	var chunks [][]byte
	c := newChunk()
	for i := range events {
		ev := events[i]
		if ev.RecordID == 0 {
			ev.RecordID = uint64(i + 1)
		}
		rec, err := c.record(&ev)
		if err != nil {
			return nil, err
		}
		if rec == nil { // the chunk is full: the record goes in a new one
			chunks = append(chunks, c.finish())
			c = newChunk()
			if rec, err = c.record(&ev); err != nil {
				return nil, err
			}
			if rec == nil {
				return nil, fmt.Errorf("evtxtest: record %d does not fit in an empty chunk", ev.RecordID)
			}
		}
	}
	if c.n > 0 || len(chunks) == 0 {
		chunks = append(chunks, c.finish())
	}
	out := make([]byte, fileHeaderSize, fileHeaderSize+len(chunks)*chunkSize)
	copy(out, "ElfFile\x00")
	le := binary.LittleEndian
	le.PutUint64(out[16:], uint64(len(chunks)-1))
	le.PutUint64(out[24:], uint64(len(events)+1))
	le.PutUint32(out[32:], 128)
	le.PutUint16(out[36:], 1)
	le.PutUint16(out[38:], 3)
	le.PutUint16(out[40:], fileHeaderSize)
	le.PutUint16(out[42:], uint16(len(chunks)))
	for _, ch := range chunks {
		out = append(out, ch...)
	}
	FixChecksums(out)
	return out, nil
}

// Write writes Marshal's file to w.
func Write(w io.Writer, events []Event) error {
	b, err := Marshal(events)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// FixChecksums recomputes the file header's and every chunk's checksums,
// so that a test can change bytes inside a record and reach the record
// parser rather than the checksum check.
func FixChecksums(b []byte) {
	le := binary.LittleEndian
	if len(b) >= fileHeaderSize {
		le.PutUint32(b[124:], crc32.ChecksumIEEE(b[:120]))
	}
	for off := fileHeaderSize; off+chunkSize <= len(b); off += chunkSize {
		c := b[off : off+chunkSize]
		if free := le.Uint32(c[48:]); free >= chunkHeaderSize && free <= chunkSize {
			le.PutUint32(c[52:], crc32.ChecksumIEEE(c[chunkHeaderSize:free]))
		}
		h := crc32.ChecksumIEEE(c[:120])
		le.PutUint32(c[124:], crc32.Update(h, crc32.IEEETable, c[128:chunkHeaderSize]))
	}
}

// chunk is a chunk being filled.
type chunk struct {
	b          []byte
	pos        int
	names      map[string]uint32
	templates  map[string]uint32
	n          int
	first, id  uint64
	lastRecord int
}

func newChunk() *chunk {
	return &chunk{b: make([]byte, chunkSize), pos: chunkHeaderSize, names: map[string]uint32{}, templates: map[string]uint32{}}
}

// record appends ev, or returns nil when it does not fit.
func (c *chunk) record(ev *Event) ([]byte, error) {
	e := &enc{c: c, base: c.pos}
	e.raw([]byte{0x2a, 0x2a, 0, 0})
	e.u32(0)
	e.u64(ev.RecordID)
	e.u64(filetime(ev.Time))
	e.raw([]byte{0x0f, 1, 1, 0})
	if err := e.instance("Event", eventTemplate, systemValues(ev)); err != nil {
		return nil, err
	}
	e.u8(0) // end of file
	size := len(e.buf) + 4
	e.u32(uint32(size))
	binary.LittleEndian.PutUint32(e.buf[4:], uint32(size))
	if c.pos+size > chunkSize {
		return nil, nil
	}
	copy(c.b[c.pos:], e.buf)
	if c.n == 0 {
		c.first = ev.RecordID
	}
	c.n++
	c.id = ev.RecordID
	c.lastRecord = c.pos
	c.pos += size
	return e.buf, nil
}

// finish writes the chunk header.
func (c *chunk) finish() []byte {
	le, b := binary.LittleEndian, c.b
	copy(b, "ElfChnk\x00")
	le.PutUint64(b[8:], c.first)
	le.PutUint64(b[16:], c.id)
	le.PutUint64(b[24:], c.first)
	le.PutUint64(b[32:], c.id)
	le.PutUint32(b[40:], 128)
	le.PutUint32(b[44:], uint32(c.lastRecord))
	le.PutUint32(b[48:], uint32(c.pos))
	return b
}

// tnode is an element of a template definition: literal text or one
// substitution as content, attributes likewise, and children.
type tnode struct {
	name  string
	attrs []tattr
	text  string
	sub   int // substitution id of the content, -1 for none
	opt   bool
	typ   byte
	kids  []*tnode
}

type tattr struct {
	name, text string
	sub        int
	opt        bool
	typ        byte
}

func elem(name string, kids ...*tnode) *tnode { return &tnode{name: name, sub: -1, kids: kids} }

func subElem(name string, id int, typ byte) *tnode {
	return &tnode{name: name, sub: id, typ: typ}
}

func (n *tnode) attr(name string, id int, typ byte, opt bool) *tnode {
	n.attrs = append(n.attrs, tattr{name: name, sub: id, typ: typ, opt: opt})
	return n
}

// eventTemplate is the Event of every record; systemValues fills it.
var eventTemplate = func() *tnode {
	ev := elem("Event",
		elem("System",
			elem("Provider").attr("Name", 0, typeString, false).attr("Guid", 1, typeGUID, false),
			subElem("EventID", 2, typeUInt16),
			subElem("Version", 3, typeUInt8),
			subElem("Level", 4, typeUInt8),
			subElem("Task", 5, typeUInt16),
			subElem("Opcode", 6, typeUInt8),
			subElem("Keywords", 7, typeHex64),
			elem("TimeCreated").attr("SystemTime", 8, typeFileTime, false),
			subElem("EventRecordID", 9, typeUInt64),
			elem("Correlation"),
			elem("Execution").attr("ProcessID", 10, typeUInt32, false).attr("ThreadID", 11, typeUInt32, false),
			subElem("Channel", 12, typeString),
			subElem("Computer", 13, typeString),
			elem("Security").attr("UserID", 14, typeSID, true),
		),
		&tnode{sub: 15, opt: true, typ: typeBinXML}, // the EventData, as nested Binary XML
	)
	ev.attrs = []tattr{{name: "xmlns", text: "http://schemas.microsoft.com/win/2004/08/events/event", sub: -1}}
	return ev
}()

func systemValues(ev *Event) []Value {
	provider, guid, channel := ev.Provider, ev.ProviderGUID, ev.Channel
	if provider == "" {
		provider = SecurityProvider
	}
	if guid == "" {
		guid = SecurityGUID
	}
	if channel == "" {
		channel = "Security"
	}
	data := Null()
	if len(ev.Data) > 0 {
		data = Value{typ: typeBinXML, nested: ev.Data}
	}
	return []Value{String(provider), GUID(guid), UInt16(ev.EventID), UInt8(ev.Version), UInt8(ev.Level), UInt16(ev.Task),
		UInt8(ev.Opcode), HexInt64(ev.Keywords), FileTime(ev.Time), UInt64(ev.RecordID), UInt32(ev.PID), UInt32(ev.TID),
		String(channel), String(ev.Computer), Null(), data}
}

// eventDataTemplate is the EventData template of data's names and types.
func eventDataTemplate(data []Data) (key string, n *tnode) {
	n = elem("EventData")
	var sb strings.Builder
	sb.WriteString("EventData")
	for i, d := range data {
		n.kids = append(n.kids, subElem("Data", i, d.Value.typ))
		n.kids[i].attrs = []tattr{{name: "Name", text: d.Name, sub: -1}}
		fmt.Fprintf(&sb, "|%s:%x", d.Name, d.Value.typ)
	}
	return sb.String(), n
}

// enc encodes Binary XML into buf, which will sit at chunk offset base.
type enc struct {
	c    *chunk
	buf  []byte
	base int
}

func (e *enc) at() int         { return e.base + len(e.buf) }
func (e *enc) raw(b []byte)    { e.buf = append(e.buf, b...) }
func (e *enc) u8(n byte)       { e.buf = append(e.buf, n) }
func (e *enc) u16(n uint16)    { e.buf = binary.LittleEndian.AppendUint16(e.buf, n) }
func (e *enc) u32(n uint32)    { e.buf = binary.LittleEndian.AppendUint32(e.buf, n) }
func (e *enc) u64(n uint64)    { e.buf = binary.LittleEndian.AppendUint64(e.buf, n) }
func (e *enc) put32(at, n int) { binary.LittleEndian.PutUint32(e.buf[at:], uint32(n)) }

// name writes a name reference, storing the name right after it on its
// first use in the chunk.
func (e *enc) name(s string) {
	if off, ok := e.c.names[s]; ok {
		e.u32(off)
		return
	}
	off := uint32(e.at() + 4)
	e.c.names[s] = off
	e.u32(off)
	u := utf16LE(s)
	e.u32(0)
	e.u16(uint16(fnv32(s)))
	e.u16(uint16(len(u) / 2))
	e.raw(u)
	e.u16(0)
}

// content writes literal text or a substitution.
func (e *enc) content(text string, sub int, opt bool, typ byte) {
	switch {
	case sub >= 0:
		tok := byte(0x0d)
		if opt {
			tok = 0x0e
		}
		e.u8(tok)
		e.u16(uint16(sub))
		e.u8(typ)
	case text != "":
		u := utf16LE(text)
		e.u8(0x05)
		e.u8(typeString)
		e.u16(uint16(len(u) / 2))
		e.raw(u)
	}
}

// element writes n: start (with dependency id and data size), attribute
// list, content and end.
func (e *enc) element(n *tnode) {
	tok := byte(0x01)
	if len(n.attrs) > 0 {
		tok = 0x41
	}
	e.u8(tok)
	e.u16(0xffff)
	sizeAt := len(e.buf)
	e.u32(0)
	start := len(e.buf)
	e.name(n.name)
	if len(n.attrs) > 0 {
		listAt := len(e.buf)
		e.u32(0)
		for i, a := range n.attrs {
			t := byte(0x06)
			if i < len(n.attrs)-1 {
				t = 0x46
			}
			e.u8(t)
			e.name(a.name)
			e.content(a.text, a.sub, a.opt, a.typ)
		}
		e.put32(listAt, len(e.buf)-listAt-4)
	}
	if n.text == "" && n.sub < 0 && len(n.kids) == 0 {
		e.u8(0x03)
	} else {
		e.u8(0x02)
		e.content(n.text, n.sub, n.opt, n.typ)
		for _, k := range n.kids {
			if k.name == "" { // a bare substitution among the children
				e.content("", k.sub, k.opt, k.typ)
				continue
			}
			e.element(k)
		}
		e.u8(0x04)
	}
	e.put32(sizeAt, len(e.buf)-start)
}

// instance writes a template instance of tmpl (its definition inline on
// first use in the chunk) and its values; a nested value (the EventData)
// is encoded where it will lie in the chunk.
func (e *enc) instance(key string, tmpl *tnode, vals []Value) error {
	e.u8(0x0c)
	e.u8(1)
	e.u32(fnv32(key))
	if off, ok := e.c.templates[key]; ok {
		e.u32(off)
	} else {
		off := uint32(e.at() + 4)
		e.c.templates[key] = off
		e.u32(off)
		e.u32(0) // next definition
		e.raw(guid(key))
		sizeAt := len(e.buf)
		e.u32(0)
		e.raw([]byte{0x0f, 1, 1, 0})
		e.element(tmpl)
		e.u8(0)
		e.put32(sizeAt, len(e.buf)-sizeAt-4)
	}
	e.u32(uint32(len(vals)))
	descAt := len(e.buf)
	e.buf = append(e.buf, make([]byte, 4*len(vals))...)
	for i, v := range vals {
		b := v.b
		if v.nested != nil {
			sub := &enc{c: e.c, base: e.at()}
			sub.raw([]byte{0x0f, 1, 1, 0})
			key, n := eventDataTemplate(v.nested)
			vs := make([]Value, len(v.nested))
			for j, d := range v.nested {
				vs[j] = d.Value
			}
			if err := sub.instance(key, n, vs); err != nil {
				return err
			}
			sub.u8(0)
			b = sub.buf
		}
		if len(b) > 0xffff {
			return errors.New("evtxtest: a value longer than 65535 bytes")
		}
		binary.LittleEndian.PutUint16(e.buf[descAt+4*i:], uint16(len(b)))
		e.buf[descAt+4*i+2] = v.typ
		e.raw(b)
	}
	return nil
}

func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

func guid(key string) []byte {
	h := fnv.New128a()
	h.Write([]byte(key))
	return h.Sum(nil)
}
