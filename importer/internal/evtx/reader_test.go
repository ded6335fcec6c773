package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/importer/evtxtest"
)

var t0 = time.Date(2026, 3, 2, 9, 14, 7, 250_000_000, time.UTC)

// logon4625 is a failed network logon as Windows writes it.
func logon4625(i int) evtxtest.Event {
	return evtxtest.Event{
		EventID: 4625, Task: 12544, Keywords: evtxtest.AuditFailure, Time: t0.Add(time.Duration(i) * time.Second),
		PID: 652, TID: 3304, Computer: "srv-03.northwind.local",
		Data: []evtxtest.Data{
			d("SubjectUserSid", evtxtest.SID("S-1-0-0")),
			d("SubjectUserName", evtxtest.String("-")),
			d("SubjectDomainName", evtxtest.String("-")),
			d("SubjectLogonId", evtxtest.HexInt64(0)),
			d("TargetUserSid", evtxtest.SID("S-1-0-0")),
			d("TargetUserName", evtxtest.String("admin")),
			d("TargetDomainName", evtxtest.String("NORTHWIND")),
			d("Status", evtxtest.HexInt32(0xc000006d)),
			d("FailureReason", evtxtest.String("%%2313")),
			d("SubStatus", evtxtest.HexInt32(0xc0000064)),
			d("LogonType", evtxtest.UInt32(3)),
			d("LogonProcessName", evtxtest.String("NtLmSsp ")),
			d("AuthenticationPackageName", evtxtest.String("NTLM")),
			d("WorkstationName", evtxtest.String("WS-0077")),
			d("ProcessId", evtxtest.HexInt64(0)),
			d("ProcessName", evtxtest.String("-")),
			d("IpAddress", evtxtest.String("10.10.0.77")),
			d("IpPort", evtxtest.String("61611")),
		},
	}
}

// allTypes is a record with a value of every type the reader renders.
func allTypes() evtxtest.Event {
	return evtxtest.Event{
		EventID: 9999, Time: t0, Channel: "Application", Provider: "soclab-test", ProviderGUID: "{00112233-4455-6677-8899-AABBCCDDEEFF}", Computer: "ws-1",
		Data: []evtxtest.Data{
			d("String", evtxtest.String("héllo wörld ✓")),
			d("Ansi", evtxtest.Ansi("plain")),
			d("Int8", evtxtest.Int8(-5)),
			d("UInt8", evtxtest.UInt8(250)),
			d("Int16", evtxtest.Int16(-300)),
			d("UInt16", evtxtest.UInt16(65000)),
			d("Int32", evtxtest.Int32(-70000)),
			d("UInt32", evtxtest.UInt32(4000000000)),
			d("Int64", evtxtest.Int64(-1<<40)),
			d("UInt64", evtxtest.UInt64(1<<63)),
			d("Real64", evtxtest.Real64(2.5)),
			d("BoolT", evtxtest.Bool(true)),
			d("BoolF", evtxtest.Bool(false)),
			d("Binary", evtxtest.Binary([]byte{0xde, 0xad, 0x01})),
			d("GUID", evtxtest.GUID("{A1B2C3D4-0102-0304-0506-0708090A0B0C}")),
			d("FileTime", evtxtest.FileTime(t0)),
			d("SysTime", evtxtest.SysTime(t0)),
			d("SID", evtxtest.SID("S-1-5-21-1004336348-1177238915-682003330-512")),
			d("Hex32", evtxtest.HexInt32(0x3e7)),
			d("Hex64", evtxtest.HexInt64(0x1f2e3d4c5b)),
			d("Strings", evtxtest.Strings("SeBackupPrivilege", "SeDebugPrivilege")),
			d("Null", evtxtest.Null()),
		},
	}
}

func readAll(t testing.TB, data []byte) []*Record {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	var out []*Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("record %d: %v", len(out)+1, err)
		}
		out = append(out, rec)
	}
}

func marshal(t testing.TB, evs ...evtxtest.Event) []byte {
	t.Helper()
	b, err := evtxtest.Marshal(evs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func eventData(e *Element) map[string]*Element {
	m := map[string]*Element{}
	for _, d := range e.Child("EventData").Children {
		m[d.Attr("Name")] = d
	}
	return m
}

func TestReadsSystemAndEventData(t *testing.T) {
	recs := readAll(t, marshal(t, logon4625(0), logon4625(1)))
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	r := recs[1]
	if r.ID != 2 || !r.Written.Equal(t0.Add(time.Second)) || r.Offset != FileHeaderSize+ChunkHeaderSize+int64(len(recordBytes(t, recs, 0))) {
		t.Errorf("record header: id %d written %v offset %d", r.ID, r.Written, r.Offset)
	}
	sys := r.Event.Child("System")
	for name, want := range map[string]string{
		"EventID": "4625", "Version": "0", "Level": "0", "Task": "12544", "Opcode": "0", "Keywords": "0x8010000000000000",
		"EventRecordID": "2", "Channel": "Security", "Computer": "srv-03.northwind.local",
	} {
		if got := sys.ChildText(name); got != want {
			t.Errorf("System/%s = %q, want %q", name, got, want)
		}
	}
	for _, c := range []struct{ el, attr, want string }{
		{"Provider", "Name", "Microsoft-Windows-Security-Auditing"},
		{"Provider", "Guid", "{54849625-5478-4994-A5BA-3E3B0328C30D}"},
		{"TimeCreated", "SystemTime", "2026-03-02T09:14:08.2500000Z"},
		{"Execution", "ProcessID", "652"},
		{"Execution", "ThreadID", "3304"},
	} {
		if got := sys.Child(c.el).Attr(c.attr); got != c.want {
			t.Errorf("System/%s@%s = %q, want %q", c.el, c.attr, got, c.want)
		}
	}
	if sec := sys.Child("Security"); sec == nil || len(sec.Attrs) != 0 {
		t.Errorf("Security: want an element without UserID (optional substitution of a NULL value), got %+v", sec)
	}
	if r.Event.Attr("xmlns") != "http://schemas.microsoft.com/win/2004/08/events/event" {
		t.Errorf("xmlns = %q", r.Event.Attr("xmlns"))
	}
	d := eventData(r.Event)
	for name, want := range map[string]string{
		"SubjectUserSid": "S-1-0-0", "SubjectLogonId": "0x0", "TargetUserName": "admin", "Status": "0xc000006d",
		"SubStatus": "0xc0000064", "LogonType": "3", "LogonProcessName": "NtLmSsp ", "IpAddress": "10.10.0.77", "IpPort": "61611",
	} {
		if d[name] == nil || d[name].Text != want {
			t.Errorf("EventData %s = %+v, want %q", name, d[name], want)
		}
	}
	if len(d) != 18 {
		t.Errorf("%d Data elements, want 18", len(d))
	}
}

// recordBytes is the size of record i, from the offsets of the records.
func recordBytes(t *testing.T, recs []*Record, i int) []byte {
	t.Helper()
	return make([]byte, recs[i+1].Offset-recs[i].Offset)
}

func TestRendersEveryValueType(t *testing.T) {
	recs := readAll(t, marshal(t, allTypes()))
	d := eventData(recs[0].Event)
	for name, want := range map[string]string{
		"String": "héllo wörld ✓", "Ansi": "plain", "Int8": "-5", "UInt8": "250", "Int16": "-300", "UInt16": "65000",
		"Int32": "-70000", "UInt32": "4000000000", "Int64": "-1099511627776", "UInt64": "9223372036854775808",
		"Real64": "2.5", "BoolT": "true", "BoolF": "false", "Binary": "DEAD01",
		"GUID": "{A1B2C3D4-0102-0304-0506-0708090A0B0C}", "FileTime": "2026-03-02T09:14:07.2500000Z",
		"SysTime": "2026-03-02T09:14:07.2500000Z", "SID": "S-1-5-21-1004336348-1177238915-682003330-512",
		"Hex32": "0x3e7", "Hex64": "0x1f2e3d4c5b", "Null": "",
	} {
		if d[name] == nil || d[name].Text != want {
			t.Errorf("%s = %+v, want %q", name, d[name], want)
		}
	}
	if got := d["Strings"].List; len(got) != 2 || got[0] != "SeBackupPrivilege" || got[1] != "SeDebugPrivilege" {
		t.Errorf("Strings = %q", got)
	}
	sys := recs[0].Event.Child("System")
	if sys.ChildText("Channel") != "Application" || sys.Child("Provider").Attr("Guid") != "{00112233-4455-6677-8899-AABBCCDDEEFF}" {
		t.Errorf("System: %q %q", sys.ChildText("Channel"), sys.Child("Provider").Attr("Guid"))
	}
}

// TestManyChunks spans several chunks, so later records of a chunk refer to
// names and templates by offset and every chunk starts its own.
func TestManyChunks(t *testing.T) {
	var evs []evtxtest.Event
	for i := range 400 {
		ev := logon4625(i)
		if i%3 == 0 {
			ev = allTypes()
			ev.Time = t0.Add(time.Duration(i) * time.Second)
		}
		evs = append(evs, ev)
	}
	data := marshal(t, evs...)
	if n := (len(data) - FileHeaderSize) / ChunkSize; n < 3 {
		t.Fatalf("%d chunks; the test wants at least 3", n)
	}
	recs := readAll(t, data)
	if len(recs) != len(evs) {
		t.Fatalf("%d records, want %d", len(recs), len(evs))
	}
	for i, r := range recs {
		if r.ID != uint64(i+1) || r.Event.Child("System").ChildText("EventRecordID") != strconv.Itoa(i+1) {
			t.Fatalf("record %d: id %d", i, r.ID)
		}
		if want := map[bool]int{true: 22, false: 18}[i%3 == 0]; len(eventData(r.Event)) != want {
			t.Fatalf("record %d: %d Data, want %d", i, len(eventData(r.Event)), want)
		}
	}
}

// readErr reads data to its end and returns the error, failing the test
// when there is none or it is not an *Error.
func readErr(t *testing.T, data []byte) *Error {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	for {
		_, err := r.Next()
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			t.Fatal("no error")
		}
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrFormat) {
			t.Fatalf("error %v (%T) is not an *Error", err, err)
		}
		return e
	}
}

func TestMalformedFiles(t *testing.T) {
	good := marshal(t, logon4625(0), logon4625(1))
	le := binary.LittleEndian
	rec0 := FileHeaderSize + ChunkHeaderSize
	cases := []struct {
		name  string
		edit  func(b []byte) []byte
		fix   bool // recompute the checksums after the edit
		chunk int
		want  string
	}{
		{"not evtx", func(b []byte) []byte { return []byte("hello, this is not an event log") }, false, -1, "offset 0x0: no ElfFile signature: not an EVTX file"},
		{"empty", func(b []byte) []byte { return nil }, false, -1, "offset 0x0: no ElfFile signature"},
		{"truncated header", func(b []byte) []byte { return b[:100] }, false, -1, "offset 0x64: file ends after 100 of the header's 4096 bytes (truncated)"},
		{"bad signature", func(b []byte) []byte { b[0] = 'X'; return b }, false, -1, "no ElfFile signature"},
		{"header checksum", func(b []byte) []byte { b[42]++; return b }, false, -1, "header checksum"},
		{"version", func(b []byte) []byte { b[38] = 4; return b }, true, -1, "format version 4.1"},
		{"truncated chunk", func(b []byte) []byte { return b[:len(b)-1000] }, false, 0, "file ends 64536 bytes into the chunk (truncated)"},
		{"chunk signature", func(b []byte) []byte { b[FileHeaderSize+1] = 'X'; return b }, false, 0, "no ElfChnk signature"},
		{"chunk header checksum", func(b []byte) []byte { b[FileHeaderSize+200]++; return b }, false, 0, "chunk header checksum"},
		{"records checksum", func(b []byte) []byte { b[rec0+100]++; return b }, false, 0, "event records checksum"},
		{"free space", func(b []byte) []byte { le.PutUint32(b[FileHeaderSize+48:], 70000); return b }, true, 0, "free space offset 0x11170 outside the chunk"},
		{"record size", func(b []byte) []byte { le.PutUint32(b[rec0+4:], 60000); return b }, true, 0, "record size 60000 does not fit"},
		{"record size copy", func(b []byte) []byte {
			size := le.Uint32(b[rec0+4:])
			le.PutUint32(b[rec0+int(size)-4:], 7)
			return b
		}, true, 0, "trailing copy says 7"},
		{"no record signature", func(b []byte) []byte {
			size := le.Uint32(b[rec0+4:])
			b[rec0+int(size)] = 0x55
			return b
		}, true, 0, "no record signature"},
		{"unknown token", func(b []byte) []byte { b[rec0+24+4] = 0x1f; return b }, true, 0, "unexpected token 0x1f in a fragment"},
		{"template offset", func(b []byte) []byte { le.PutUint32(b[rec0+24+10:], 0xfff0); return b }, true, 0, "template definition offset 0xfff0 outside the chunk"},
		{"value count", func(b []byte) []byte {
			size := le.Uint32(b[rec0+4:])
			le.PutUint32(b[rec0+int(size)+24+14:], 0x10000000) // second record: refers to the template, count follows
			return b
		}, true, 0, "substitution values do not fit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.edit(bytes.Clone(good))
			if c.fix {
				evtxtest.FixChecksums(b)
			}
			e := readErr(t, b)
			if e.Chunk != c.chunk || !strings.Contains(e.Error(), c.want) {
				t.Errorf("got %q (chunk %d), want %q in chunk %d", e.Error(), e.Chunk, c.want, c.chunk)
			}
		})
	}
}

// TestErrorNamesRecordAndOffset checks the message a user sees for a
// damaged record: chunk, record id and file offset.
func TestErrorNamesRecordAndOffset(t *testing.T) {
	b := marshal(t, logon4625(0))
	rec0 := FileHeaderSize + ChunkHeaderSize
	b[rec0+24+4] = 0x1f
	evtxtest.FixChecksums(b)
	e := readErr(t, b)
	if want := "chunk 0, record 1, offset 0x121c: unexpected token 0x1f in a fragment"; e.Error() != want {
		t.Errorf("got %q, want %q", e.Error(), want)
	}
}

// TestBadValueSize: a value whose size does not fit its type is an error,
// not a short read.
func TestBadValueSize(t *testing.T) {
	ev := logon4625(0)
	ev.Data = append(ev.Data, evtxtest.Data{Name: "Broken", Value: evtxtest.Raw(0x08, []byte{1, 2, 3})})
	e := readErr(t, marshal(t, ev))
	if !strings.Contains(e.Error(), "value of type 0x08 has 3 bytes, want 4") || e.Record != 1 {
		t.Errorf("got %q", e.Error())
	}
}

// TestUnusedChunksAreSkipped: a file preallocated with zeroed chunks reads
// as its used chunks.
func TestUnusedChunksAreSkipped(t *testing.T) {
	b := append(marshal(t, logon4625(0)), make([]byte, 2*ChunkSize)...)
	if n := len(readAll(t, b)); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
}

func BenchmarkRead(b *testing.B) {
	var evs []evtxtest.Event
	for i := range 2000 {
		evs = append(evs, logon4625(i))
	}
	data := marshal(b, evs...)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if n := len(readAll(b, data)); n != len(evs) {
			b.Fatalf("%d records", n)
		}
	}
	b.ReportMetric(float64(len(evs)*b.N)/b.Elapsed().Seconds(), "records/s")
}

func d(name string, v evtxtest.Value) evtxtest.Data { return evtxtest.Data{Name: name, Value: v} }
