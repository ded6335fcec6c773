package columnar

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/soclab/soclab/event"
)

// StoreDir is the folder of a workspace that holds the column store.
const StoreDir = "store.col"

// RowGroupRows is how many rows the writer buffers before it flushes a row
// group's column chunks to disk; it bounds the writer's memory.
const RowGroupRows = 64 << 10

// manifestName is the file of a table folder that lists its row groups and
// chunks. A table folder without it is not a table.
const manifestName = "manifest.json"

// formatVersion is written in every manifest; Open refuses others.
const formatVersion = 2 // 2: chunk and manifest checksums

// Writer writes a workspace's column store: one table per name ("events",
// "alerts"), each an event.Sink. Everything goes to a hidden staging folder
// beside the store; Close writes the manifests and renames the staging
// folder into place in one step, so a reader sees either the previous
// store or the complete new one, never a half-written one. A Writer is not
// safe for concurrent use.
type Writer struct {
	// RowGroupRows is the number of rows per row group; NewWriter sets it
	// to the RowGroupRows constant. Change it before the first Write.
	RowGroupRows int
	// NoSync skips the fsync of column files on Close: faster, for tests
	// and scratch stores that need not survive a power cut.
	NoSync bool

	dir    string
	tmp    string
	tables map[string]*tableWriter
	done   bool
}

// NewWriter starts a store in the workspace folder dir (which must exist).
func NewWriter(dir string) (*Writer, error) {
	tmp, err := os.MkdirTemp(dir, "."+StoreDir+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("create column store in %s: %w", dir, err)
	}
	return &Writer{RowGroupRows: RowGroupRows, dir: dir, tmp: tmp, tables: map[string]*tableWriter{}}, nil
}

// Table returns the sink of the named table, creating it on first use.
// Closing the sink flushes the table; the store is committed by the
// Writer's Close.
func (w *Writer) Table(name string) event.Sink {
	t := w.tables[name]
	if t == nil {
		t = &tableWriter{name: name, groupRows: max(1, w.RowGroupRows), noSync: w.NoSync, dir: filepath.Join(w.tmp, name), b: NewBuilder(),
			files: map[string]*colFile{}, schema: schema{}, indices: indexStats{}}
		t.err = os.Mkdir(t.dir, 0o755)
		w.tables[name] = t
	}
	return t
}

// Write implements event.Sink: alerts (event.kind "alert") go to the
// "alerts" table, every other event to "events".
func (w *Writer) Write(e *event.Event) error {
	if e.Str(event.KeyKind) == "alert" {
		return w.Table("alerts").Write(e)
	}
	return w.Table("events").Write(e)
}

// Close flushes every table and commits the store, replacing a previous
// one. On error nothing is committed and the staging folder is removed.
func (w *Writer) Close() error {
	if w.done {
		return nil
	}
	names := make([]string, 0, len(w.tables))
	for n := range w.tables {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := w.tables[n].Close(); err != nil {
			w.Abort()
			return err
		}
	}
	w.done = true
	final := filepath.Join(w.dir, StoreDir)
	old := ""
	if _, err := os.Stat(final); err == nil {
		old = w.tmp + ".old"
		if err := os.Rename(final, old); err != nil {
			os.RemoveAll(w.tmp)
			return fmt.Errorf("replace column store: %w", err)
		}
	}
	if err := os.Rename(w.tmp, final); err != nil {
		if old != "" {
			os.Rename(old, final)
		}
		os.RemoveAll(w.tmp)
		return fmt.Errorf("commit column store: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// Abort discards everything written. It does nothing after Close.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	for _, t := range w.tables {
		t.closeFiles()
	}
	os.RemoveAll(w.tmp)
}

// tableWriter streams one table's events into row groups.
type tableWriter struct {
	groupRows int
	noSync    bool
	name      string
	dir       string
	b         *Builder
	files     map[string]*colFile
	groups    []manifestGroup
	schema    schema
	indices   indexStats
	rows      int64
	buf       []byte
	closed    bool
	err       error
}

type colFile struct {
	name string
	f    *os.File
	w    *bufio.Writer
	size int64
}

// manifest is a table's manifest.json.
type manifest struct {
	Format    int             `json:"format"`
	Table     string          `json:"table"`
	Rows      int64           `json:"rows"`
	Fields    []manifestField `json:"fields"`
	Indices   []IndexInfo     `json:"indices"`
	RowGroups []manifestGroup `json:"row_groups"`
	// Sum is manifestSum of the rest.
	Sum uint32 `json:"crc32c"`
}

type manifestField struct {
	Name string `json:"name"`
	Type string `json:"type"`
	File string `json:"file"`
}

type manifestGroup struct {
	Rows   int                 `json:"rows"`
	Chunks map[string]chunkRef `json:"chunks"`
}

type chunkRef struct {
	Off int64  `json:"off"`
	Len int64  `json:"len"`
	Sum uint32 `json:"crc32c"` // chunkSum of the chunk's bytes
}

// Write implements event.Sink.
func (t *tableWriter) Write(e *event.Event) error {
	if t.err != nil {
		return t.err
	}
	if t.closed {
		return fmt.Errorf("write to closed table %q", t.name)
	}
	t.b.Add(e)
	if t.b.Len() >= t.groupRows {
		t.err = t.flush()
	}
	return t.err
}

// flush writes the builder's rows as one row group.
func (t *tableWriter) flush() error {
	if t.b.Len() == 0 {
		return nil
	}
	rg := t.b.Finish()
	t.indices.add(rg)
	names := make([]string, 0, len(rg.Columns))
	for n := range rg.Columns {
		names = append(names, n)
	}
	sort.Strings(names)
	g := manifestGroup{Rows: rg.Len, Chunks: map[string]chunkRef{}}
	for _, n := range names {
		c := rg.Columns[n]
		cf, err := t.file(n)
		if err != nil {
			return err
		}
		t.buf = appendChunk(t.buf[:0], c)
		if _, err := cf.w.Write(t.buf); err != nil {
			return fmt.Errorf("write column %s of table %s: %w", n, t.name, err)
		}
		g.Chunks[n] = chunkRef{Off: cf.size, Len: int64(len(t.buf)), Sum: chunkSum(t.buf)}
		cf.size += int64(len(t.buf))
		t.schema.add(n, c.Type)
	}
	t.groups = append(t.groups, g)
	t.rows += int64(rg.Len)
	return nil
}

func (t *tableWriter) file(field string) (*colFile, error) {
	if cf := t.files[field]; cf != nil {
		return cf, nil
	}
	name := fmt.Sprintf("c%04d.bin", len(t.files))
	f, err := os.Create(filepath.Join(t.dir, name))
	if err != nil {
		return nil, fmt.Errorf("create column file: %w", err)
	}
	cf := &colFile{name: name, f: f, w: bufio.NewWriterSize(f, 64<<10)}
	t.files[field] = cf
	return cf, nil
}

// Close flushes the last row group, closes the column files and writes the
// manifest.
func (t *tableWriter) Close() error {
	if t.closed {
		return t.err
	}
	t.closed = true
	if t.err == nil {
		t.err = t.flush()
	}
	for _, cf := range t.files {
		if err := cf.w.Flush(); err != nil && t.err == nil {
			t.err = err
		}
		if t.noSync {
			continue
		}
		if err := cf.f.Sync(); err != nil && t.err == nil {
			t.err = err
		}
	}
	t.closeFiles()
	if t.err == nil {
		t.err = t.writeManifest()
	}
	return t.err
}

func (t *tableWriter) closeFiles() {
	for _, cf := range t.files {
		cf.f.Close()
	}
}

func (t *tableWriter) writeManifest() error {
	m := manifest{Format: formatVersion, Table: t.name, Rows: t.rows, Indices: t.indices.list(), RowGroups: t.groups}
	all := append(t.schema.fields(), Field{Name: IndexField, Type: Keyword})
	for _, f := range all {
		if cf := t.files[f.Name]; cf != nil {
			m.Fields = append(m.Fields, manifestField{Name: f.Name, Type: f.Type.String(), File: cf.name})
		}
	}
	if m.RowGroups == nil {
		m.RowGroups = []manifestGroup{}
	}
	sum, err := manifestSum(m)
	if err != nil {
		return err
	}
	m.Sum = sum
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(t.dir, manifestName), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write manifest of table %s: %w", t.name, err)
	}
	return nil
}

var errNoStore = errors.New("no column store")
