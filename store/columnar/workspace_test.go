package columnar

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
)

var sample = []string{
	`{"@timestamp":"2026-03-02T10:00:00.123Z","event":{"id":"a","dataset":"system.auth","category":["authentication"]},"source":{"ip":"10.0.0.1","port":22},"user":{"name":"root"},"labels":{"n":1}}`,
	`{"@timestamp":"2026-03-02T10:00:01Z","event":{"id":"b","dataset":"zeek.dns","type":["b","a","b"]},"dns":{"answers":[{"data":"2.2.2.2","ttl":5},{"data":"1.1.1.1","ttl":7}]},"related":{"ip":["::ffff:10.0.0.9","10.0.0.10","10.0.0.9"]},"labels":{"n":2.5}}`,
	`{"@timestamp":"2026-03-02T10:00:02Z","event":{"id":"c","dataset":"zeek.connection","duration":12},"source":{"ip":"10.0.0.3","bytes":"300"},"message":"free text","labels":{"n":"three","ok":true}}`,
	`{"@timestamp":"2026-03-02T10:00:03Z","event":{"id":"d","kind":"alert","severity":73},"rule":{"name":"R"}}`,
}

// dump renders every cell of a table, row by row, field by field.
func dump(t *testing.T, tr TableReader) string {
	var names []string
	for _, f := range tr.Fields() {
		names = append(names, f.Name)
	}
	names = append(names, IndexField)
	var b strings.Builder
	for _, f := range tr.Fields() {
		fmt.Fprintf(&b, "%s:%s ", f.Name, f.Type)
	}
	b.WriteString("\n")
	for g := 0; g < tr.NumRowGroups(); g++ {
		rg, err := tr.RowGroup(g, names)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < rg.Len; i++ {
			for _, n := range names {
				c := rg.Columns[n]
				if c == nil || c.IsNull(i) {
					continue
				}
				lo, hi := c.Range(i)
				var vs []string
				for j := lo; j < hi; j++ {
					vs = append(vs, c.Text(j))
				}
				fmt.Fprintf(&b, "%s=%s ", n, strings.Join(vs, ","))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func writeStore(t *testing.T, dir string, lines []string, groupRows int) {
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.RowGroupRows, w.NoSync = groupRows, true
	for _, l := range lines {
		e, err := event.Unmarshal([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTrip(t *testing.T) {
	mem, err := LoadNDJSON(strings.NewReader(strings.Join(sample, "\n")), "sample", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"@timestamp:date dns.answers.data:keyword dns.answers.ttl:long event.category:keyword event.dataset:keyword event.duration:long event.id:keyword event.kind:keyword event.severity:long event.type:keyword labels.n:keyword labels.ok:boolean message:text related.ip:ip rule.name:keyword source.bytes:long source.ip:ip source.port:long user.name:keyword ",
		"@timestamp=2026-03-02T10:00:00.123Z event.category=authentication event.dataset=system.auth event.id=a labels.n=1 source.ip=10.0.0.1 source.port=22 user.name=root _index=logs-system.auth-default ",
		"@timestamp=2026-03-02T10:00:01.000Z dns.answers.data=1.1.1.1,2.2.2.2 dns.answers.ttl=5,7 event.dataset=zeek.dns event.id=b event.type=a,b labels.n=2.5 related.ip=10.0.0.9,10.0.0.10 _index=logs-zeek.dns-default ",
		"@timestamp=2026-03-02T10:00:02.000Z event.dataset=zeek.connection event.duration=12 event.id=c labels.n=three labels.ok=true message=free text source.bytes=300 source.ip=10.0.0.3 _index=logs-zeek.connection-default ",
		"@timestamp=2026-03-02T10:00:03.000Z event.id=d event.kind=alert event.severity=73 rule.name=R _index=soclab-alerts-default ",
		"",
	}, "\n")
	if got := dump(t, mem); got != want {
		t.Errorf("memory table:\n%s\nwant:\n%s", got, want)
	}
	// The store, one row per group, so that labels.n is long, double and
	// keyword in three chunks and is unified on read.
	dir := t.TempDir()
	writeStore(t, dir, sample, 1)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.Tables(); strings.Join(got, ",") != "alerts,events" {
		t.Fatalf("tables %v", got)
	}
	ev, _ := s.Table("events")
	al, _ := s.Table("alerts")
	got := dump(t, ev) + dump(t, al)
	lines := strings.Split(want, "\n")
	wantStore := strings.Join([]string{
		strings.Replace(strings.Replace(strings.Replace(lines[0], "event.kind:keyword event.severity:long ", "", 1), "rule.name:keyword ", "", 1), "", "", 1),
		lines[1], lines[2], lines[3],
		"@timestamp:date event.id:keyword event.kind:keyword event.severity:long rule.name:keyword ",
		lines[4], "",
	}, "\n")
	if got != wantStore {
		t.Errorf("store:\n%s\nwant:\n%s", got, wantStore)
	}
	infos := ev.Indices()
	if len(infos) != 3 || infos[0].Name != "logs-system.auth-default" || infos[0].Rows != 1 ||
		strings.Join(infos[0].Fields, ",") != "@timestamp,event.category,event.dataset,event.id,labels.n,source.ip,source.port,user.name" {
		t.Errorf("indices: %+v", infos)
	}
}

func TestWriterIsAtomic(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := event.Unmarshal([]byte(sample[0]))
	w.Write(e)
	if _, err := Open(dir); !errors.Is(err, ErrNoStore) {
		t.Fatalf("a store being written is visible: %v", err)
	}
	w.Abort()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("Abort left %v", entries)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close after Abort: %v", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrNoStore) {
		t.Fatalf("an aborted store is visible: %v", err)
	}
}

func TestCorruptStore(t *testing.T) {
	dir := t.TempDir()
	writeStore(t, dir, sample, 2)
	root := filepath.Join(dir, StoreDir, "events")
	files, _ := filepath.Glob(filepath.Join(root, "c*.bin"))
	sort.Strings(files)
	data, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], data[:len(data)/2], 0o644)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ev, _ := s.Table("events")
	var all []string
	for _, f := range ev.Fields() {
		all = append(all, f.Name)
	}
	var rerr error
	for g := 0; g < ev.NumRowGroups() && rerr == nil; g++ {
		_, rerr = ev.RowGroup(g, all)
	}
	if !errors.Is(rerr, ErrCorrupt) {
		t.Fatalf("truncated column file: %v, want ErrCorrupt", rerr)
	}

	os.WriteFile(filepath.Join(root, manifestName), []byte(`{"format":1,`), 0o644)
	if _, err := Open(dir); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("bad manifest: %v", err)
	}
	os.WriteFile(filepath.Join(root, manifestName), []byte(`{"format":99,"table":"events"}`), 0o644)
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "unsupported store format 99") {
		t.Fatalf("future format: %v", err)
	}
}

func TestDecodeChunkRejectsGarbage(t *testing.T) {
	c := &Column{Type: Keyword, Len: 3, Dict: []string{"a", "bc"}, Codes: []uint32{0, 1, 1}, Offsets: []uint32{0, 1, 1, 3}}
	good := appendChunk(nil, c)
	if _, err := decodeChunk(good); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(good); i++ {
		for _, flip := range []byte{0xff, 0x80, 0x01} {
			bad := bytes.Clone(good)
			bad[i] ^= flip
			decodeChunk(bad) // must not panic
		}
		if _, err := decodeChunk(good[:i]); err == nil {
			t.Fatalf("truncated chunk of %d bytes decoded", i)
		}
	}
}

func TestLoadNDJSONBlocksAndErrors(t *testing.T) {
	var b strings.Builder
	pad := strings.Repeat("x", 400)
	for i := 1; i <= 30000; i++ {
		fmt.Fprintf(&b, `{"@timestamp":"2026-03-02T10:00:00Z","event":{"id":"%d","dataset":"system.auth"},"message":"%s"}`+"\n", i, pad)
	}
	m, err := LoadNDJSON(strings.NewReader(b.String()), "big.ndjson", []string{"event.id"})
	if err != nil {
		t.Fatal(err)
	}
	if m.NumRowGroups() < 2 {
		t.Fatalf("%d row groups, want several blocks", m.NumRowGroups())
	}
	n := 0
	for g := 0; g < m.NumRowGroups(); g++ {
		rg, _ := m.RowGroup(g, []string{"event.id", "message"})
		if rg.Columns["message"] != nil {
			t.Fatal("message decoded although not asked for")
		}
		for i := 0; i < rg.Len; i++ {
			n++
			if got := rg.Columns["event.id"].Str(i); got != fmt.Sprint(n) {
				t.Fatalf("row %d has id %s: order lost", n, got)
			}
		}
	}
	bad := b.String() + "{broken\n"
	_, err = LoadNDJSON(strings.NewReader(bad), "big.ndjson", nil)
	var le *event.LineError
	if !errors.As(err, &le) || le.Line != 30001 || le.Name != "big.ndjson" {
		t.Fatalf("error %v, want big.ndjson:30001", err)
	}
}
