package columnar

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// ErrNoStore is returned by Open for a folder without a column store.
var ErrNoStore = errNoStore

// Store is an opened column store: its tables, read on demand. It is safe
// for concurrent use.
type Store struct {
	tables map[string]*Table
}

// Open opens the column store of the workspace folder dir (or the store
// folder itself). Only manifests are read; column files are read when a
// query asks for them.
func Open(dir string) (*Store, error) {
	root := filepath.Join(dir, StoreDir)
	if _, err := os.Stat(filepath.Join(root)); err != nil {
		if filepath.Base(dir) != StoreDir {
			return nil, fmt.Errorf("%s: %w (create one with soclab lab start, or query an NDJSON file with --events)", dir, errNoStore)
		}
		root = dir
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("open column store: %w", err)
	}
	s := &Store{tables: map[string]*Table{}}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t, err := openTable(filepath.Join(root, e.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			s.Close()
			return nil, err
		}
		s.tables[t.m.Table] = t
	}
	return s, nil
}

// Tables returns the names of the store's tables, sorted.
func (s *Store) Tables() []string {
	out := make([]string, 0, len(s.tables))
	for n := range s.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Table returns the named table.
func (s *Store) Table(name string) (*Table, bool) {
	t, ok := s.tables[name]
	return t, ok
}

// Close unmaps and closes the open column files: the Columns read from
// the store (and the strings in them) must not be used afterwards.
func (s *Store) Close() error {
	for _, t := range s.tables {
		t.close()
	}
	return nil
}

// Table is one table of a Store. It implements TableReader.
type Table struct {
	dir    string
	m      manifest
	fields []Field
	types  map[string]Type
	files  map[string]string
	mu     sync.Mutex
	open   map[string]*colHandle
}

// colHandle is one open column file: mapped in memory where the platform
// allows it (the file itself is then closed), else read with ReadAt.
type colHandle struct {
	f    *os.File
	data []byte
}

func openTable(dir string) (*Table, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, err
	}
	t := &Table{dir: dir, types: map[string]Type{}, files: map[string]string{}, open: map[string]*colHandle{}}
	if err := json.Unmarshal(data, &t.m); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", filepath.Join(dir, manifestName), ErrCorrupt, err)
	}
	if t.m.Format != formatVersion {
		return nil, fmt.Errorf("%s: unsupported store format %d (this soclab reads %d): rebuild the workspace", dir, t.m.Format, formatVersion)
	}
	if sum, err := manifestSum(t.m); err != nil || sum != t.m.Sum {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, manifestName), damagedf("the manifest's checksum does not match its content: rebuild the workspace (soclab lab start --force)"))
	}
	for _, f := range t.m.Fields {
		typ, ok := ParseType(f.Type)
		if !ok || f.File == "" || filepath.Base(f.File) != f.File {
			return nil, fmt.Errorf("%s: %w: bad field %q", dir, ErrCorrupt, f.Name)
		}
		t.types[f.Name], t.files[f.Name] = typ, f.File
		if f.Name != IndexField {
			t.fields = append(t.fields, Field{Name: f.Name, Type: typ})
		}
	}
	sort.Slice(t.fields, func(i, j int) bool { return t.fields[i].Name < t.fields[j].Name })
	return t, nil
}

// Name implements TableReader.
func (t *Table) Name() string { return t.m.Table }

// Rows returns the number of rows.
func (t *Table) Rows() int64 { return t.m.Rows }

// Fields implements TableReader.
func (t *Table) Fields() []Field { return t.fields }

// Indices implements TableReader.
func (t *Table) Indices() []IndexInfo { return t.m.Indices }

// NumRowGroups implements TableReader.
func (t *Table) NumRowGroups() int { return len(t.m.RowGroups) }

// RowGroup implements TableReader: it reads the named columns' chunks of
// row group i.
func (t *Table) RowGroup(i int, fields []string) (*RowGroup, error) {
	g := t.m.RowGroups[i]
	rg := &RowGroup{Len: g.Rows, Columns: make(map[string]*Column, len(fields))}
	for _, f := range fields {
		ref, ok := g.Chunks[f]
		if !ok {
			continue
		}
		c, err := t.readChunk(f, ref)
		if err != nil {
			return nil, fmt.Errorf("%s: column %s, row group %d: %w", t.dir, f, i, err)
		}
		if !holds(t.types[f], c.Type) {
			return nil, fmt.Errorf("%s: column %s, row group %d: %w", t.dir, f, i,
				damagedf("the manifest says %s but the chunk holds %s", t.types[f], c.Type))
		}
		if c.Len != g.Rows {
			return nil, fmt.Errorf("%s: column %s, row group %d: %w: %d rows, want %d", t.dir, f, i, ErrCorrupt, c.Len, g.Rows)
		}
		rg.Columns[f] = c.Convert(t.types[f])
	}
	return rg, nil
}

func (t *Table) readChunk(field string, ref chunkRef) (*Column, error) {
	h, err := t.file(field)
	if err != nil {
		return nil, err
	}
	if ref.Len < 8 || ref.Len > 1<<31 || ref.Off < 0 {
		return nil, fmt.Errorf("%w: bad chunk reference", ErrCorrupt)
	}
	if h.f == nil {
		if end := ref.Off + ref.Len; end <= int64(len(h.data)) {
			return verifiedChunk(h.data[ref.Off:end:end], ref)
		}
		return nil, fmt.Errorf("%w: chunk at byte %d past the end of the column file (%d bytes)", ErrCorrupt, ref.Off, len(h.data))
	}
	buf := make([]byte, ref.Len)
	if _, err := h.f.ReadAt(buf, ref.Off); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return verifiedChunk(buf, ref)
}

// verifiedChunk decodes a chunk whose checksum matches its reference.
func verifiedChunk(b []byte, ref chunkRef) (*Column, error) {
	if sum := chunkSum(b); sum != ref.Sum {
		return nil, damagedf("checksum mismatch at byte %d (crc32c %08x, manifest says %08x)", ref.Off, sum, ref.Sum)
	}
	return decodeChunk(b)
}

// file opens the column file of field once, mapping it when it can.
func (t *Table) file(field string) (*colHandle, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if h := t.open[field]; h != nil {
		return h, nil
	}
	name, ok := t.files[field]
	if !ok {
		return nil, fmt.Errorf("%w: no file for column %s", ErrCorrupt, field)
	}
	f, err := os.Open(filepath.Join(t.dir, name))
	if err != nil {
		return nil, err
	}
	h := &colHandle{f: f}
	if data, err := mapFile(f); err == nil {
		f.Close()
		h.f, h.data = nil, data
	}
	t.open[field] = h
	return h, nil
}

// close unmaps and closes the column files. Columns read from a mapped
// file must not be used afterwards.
func (t *Table) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, h := range t.open {
		if h.f != nil {
			h.f.Close()
		}
		unmapFile(h.data)
		delete(t.open, k)
	}
}
