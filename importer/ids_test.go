package importer

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var idOpts = Options{Year: 2026, Location: time.UTC}

// importBytes imports files of format f and returns the NDJSON written.
func importBytes(t *testing.T, f Format, opts Options, paths ...string) []byte {
	t.Helper()
	var out bytes.Buffer
	if _, err := Import(f, paths, opts, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// eventIDs returns the event.id of every event of an import's output, and
// fails on an event without one or an id given twice.
func eventIDs(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, e := range decodeAll(t, data) {
		id := e.ID()
		if id == "" || ids[id] {
			t.Fatalf("event.id %q missing or given twice in one import", id)
		}
		ids[id] = true
	}
	if len(ids) == 0 {
		t.Fatal("no events")
	}
	return ids
}

// disjoint fails when two imports share an event.id.
func disjoint(t *testing.T, what string, a, b []byte) {
	t.Helper()
	ia, ib := eventIDs(t, a), eventIDs(t, b)
	for id := range ia {
		if ib[id] {
			t.Errorf("%s: event.id %s in both imports (%d and %d events)", what, id, len(ia), len(ib))
			return
		}
	}
}

// writeFile writes data to dir/name (dir made as needed) and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportIDsDifferByInput imports different recordings one at a time,
// as two `soclab import` runs would, and finds no event.id in two of them:
// two sshd logs, two Zeek logs, an sshd log and a Zeek log, and two sshd
// logs of the same name in different folders.
func TestImportIDsDifferByInput(t *testing.T) {
	auth := filepath.Join("testdata", "auth.log")
	sshdA := importBytes(t, SSHD, idOpts, auth)
	data, err := os.ReadFile(auth)
	if err != nil {
		t.Fatal(err)
	}
	// The same log but for one process id on its third line: the first
	// 64 KiB differ, so the ids do, even of the lines they share.
	other := bytes.Replace(data, []byte("sshd[5000]"), []byte("sshd[5001]"), 1)
	dir := t.TempDir()
	sshdB := importBytes(t, SSHD, idOpts, writeFile(t, filepath.Join(dir, "b"), "auth.log", other))
	disjoint(t, "two sshd logs", sshdA, sshdB)

	sameName := importBytes(t, SSHD, idOpts, writeFile(t, filepath.Join(dir, "a"), "auth.log", other))
	if !bytes.Equal(sameName, sshdB) {
		t.Error("two copies of one log in different folders: different output")
	}
	disjoint(t, "auth.log of two folders", sshdA, sameName)

	conn := importBytes(t, Zeek, idOpts, filepath.Join("testdata", "conn.log"))
	dns := importBytes(t, Zeek, idOpts, filepath.Join("testdata", "dns.log"))
	disjoint(t, "zeek conn.log and dns.log", conn, dns)
	disjoint(t, "sshd and zeek", sshdA, conn)
	disjoint(t, "sshd and zeek dns", sshdA, dns)

	// The same bytes read as another year are other events.
	disjoint(t, "sshd log of two years", sshdA, importBytes(t, SSHD, Options{Year: 2025, Location: time.UTC}, auth))
}

// TestImportIDsSameInputSameBytes imports one recording twice from its
// file, once from a reader (standard input) and once from a gzip copy
// (the content read is what counts), and gets the same bytes each time.
func TestImportIDsSameInputSameBytes(t *testing.T) {
	for _, c := range []struct {
		f    Format
		file string
	}{{SSHD, "auth.log"}, {Zeek, "conn.log"}, {Elastic, "export.ndjson"}} {
		p := filepath.Join("testdata", c.file)
		first := importBytes(t, c.f, idOpts, p)
		if again := importBytes(t, c.f, idOpts, p); !bytes.Equal(first, again) {
			t.Errorf("%s imported twice: different bytes", c.file)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var stdin bytes.Buffer
		if _, err := ImportReader(c.f, c.file, bytes.NewReader(data), idOpts, &stdin); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, stdin.Bytes()) {
			t.Errorf("%s from a reader: different bytes than from its file", c.file)
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if _, err := zw.Write(data); err != nil || zw.Close() != nil {
			t.Fatal(err)
		}
		gzPath := writeFile(t, t.TempDir(), c.file+".gz", gz.Bytes())
		if !bytes.Equal(first, importBytes(t, c.f, idOpts, gzPath)) {
			t.Errorf("%s.gz: different bytes than %s", c.file, c.file)
		}
	}
}

// TestImportIDsInputTwice lists one log twice in one import: its events
// are there twice, with ids of their own.
func TestImportIDsInputTwice(t *testing.T) {
	auth := filepath.Join("testdata", "auth.log")
	once := eventIDs(t, importBytes(t, SSHD, idOpts, auth))
	twice := eventIDs(t, importBytes(t, SSHD, idOpts, auth, auth))
	if len(twice) != 2*len(once) {
		t.Errorf("%d ids for a log listed twice, want %d", len(twice), 2*len(once))
	}
}

// TestImportIDsKeepsExported keeps the event.id a document carries and
// gives one to documents without, different for different exports.
func TestImportIDsKeepsExported(t *testing.T) {
	doc := func(ts, id string) string {
		s := `{"@timestamp":"` + ts + `","event":{"kind":"event","dataset":"system.auth"`
		if id != "" {
			s += `,"id":"` + id + `"`
		}
		return s + `},"host":{"name":"bastion"}}` + "\n"
	}
	a := doc("2026-03-02T10:00:00Z", "kept-0001") + doc("2026-03-02T10:00:01Z", "")
	b := doc("2026-03-02T10:00:00Z", "kept-0002") + doc("2026-03-02T10:00:02Z", "")
	var outA, outB bytes.Buffer
	if _, err := ImportReader(Elastic, "a.ndjson", strings.NewReader(a), idOpts, &outA); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportReader(Elastic, "b.ndjson", strings.NewReader(b), idOpts, &outB); err != nil {
		t.Fatal(err)
	}
	evsA := decodeAll(t, outA.Bytes())
	if evsA[0].ID() != "kept-0001" || len(evsA[1].ID()) != 16 {
		t.Errorf("ids %q, %q: want the exported one kept and a new one", evsA[0].ID(), evsA[1].ID())
	}
	disjoint(t, "two exports", outA.Bytes(), outB.Bytes())
}

// TestImportIDsLongInput imports a log longer than the part that keys its
// ids: every event has an id of its own.
func TestImportIDsLongInput(t *testing.T) {
	data := sshdBenchLog()
	if len(data) <= idPrefix {
		t.Fatalf("bench log of %d bytes: not longer than %d", len(data), idPrefix)
	}
	var out bytes.Buffer
	st, err := ImportReader(SSHD, "auth.log", bytes.NewReader(data), idOpts, &out)
	if err != nil {
		t.Fatal(err)
	}
	if ids := eventIDs(t, out.Bytes()); len(ids) != st.Mapped {
		t.Errorf("%d ids for %d events", len(ids), st.Mapped)
	}
}

// failingReader returns some bytes, then an error.
type failingReader struct{ data []byte }

var errDisk = errors.New("input/output error")

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errDisk
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestImportIDsReadError stops an import whose input fails while its key
// is read, naming the input.
func TestImportIDsReadError(t *testing.T) {
	r := &failingReader{data: []byte("Mar  2 10:00:00 bastion sshd[1]: Server listening on 0.0.0.0 port 22.\n")}
	_, err := ImportReader(SSHD, "auth.log", r, idOpts, io.Discard)
	if !errors.Is(err, errDisk) || !strings.HasPrefix(err.Error(), "auth.log: ") {
		t.Errorf("error %v, want auth.log: %v", err, errDisk)
	}
}
