package columnar

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// readAll reads every column of every row group, and every value of each,
// returning the first error.
func readAll(dir string) (err error) {
	s, err := Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, name := range s.Tables() {
		tb, _ := s.Table(name)
		fields := []string{IndexField}
		for _, f := range tb.Fields() {
			fields = append(fields, f.Name)
		}
		for g := 0; g < tb.NumRowGroups(); g++ {
			rg, err := tb.RowGroup(g, fields)
			if err != nil {
				return err
			}
			for _, c := range rg.Columns {
				for j := range c.NumValues() {
					c.Text(j)
				}
			}
		}
	}
	return nil
}

// TestBitFlipsAreDamage flips random bits of the column files: before
// checksums, 18 of 60 flips gave wrong sums with exit 0. Every flip is now
// refused as "store damaged", never a panic, never a silent wrong value.
func TestBitFlipsAreDamage(t *testing.T) {
	dir := t.TempDir()
	writeStore(t, dir, sample, 2)
	root := filepath.Join(dir, StoreDir, "events")
	files, _ := filepath.Glob(filepath.Join(root, "c*.bin"))
	sort.Strings(files)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		f := files[r.IntN(len(files))]
		data, _ := os.ReadFile(f)
		at, bit := r.IntN(len(data)), byte(1)<<r.IntN(8)
		data[at] ^= bit
		os.WriteFile(f, data, 0o644)
		err := readAll(dir)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "store damaged: checksum mismatch") {
			t.Fatalf("flip %d (%s byte %d): err = %v, want a checksum mismatch", i, filepath.Base(f), at, err)
		}
		data[at] ^= bit
		os.WriteFile(f, data, 0o644)
	}
	if err := readAll(dir); err != nil {
		t.Fatalf("restored store: %v", err)
	}
}

// TestManifestTypesMustHoldTheData swaps the manifest's types: an edit
// without the checksum is refused as such; with the checksum recomputed (a
// careful forger, or a bug), the chunk's own type is checked against it.
func TestManifestTypesMustHoldTheData(t *testing.T) {
	dir := t.TempDir()
	writeStore(t, dir, sample, 2)
	path := filepath.Join(dir, StoreDir, "events", manifestName)
	orig, _ := os.ReadFile(path)
	var m manifest
	if err := json.Unmarshal(orig, &m); err != nil {
		t.Fatal(err)
	}
	swaps := 0
	for i, f := range m.Fields {
		for _, to := range []string{"double", "long", "boolean", "date", "keyword", "ip"} {
			if to == f.Type {
				continue
			}
			typ, _ := ParseType(to)
			old, _ := ParseType(f.Type)
			if Unify(typ, old) == typ {
				continue // a wider type holds the data: not damage
			}
			mm := m
			mm.Fields = append([]manifestField(nil), m.Fields...)
			mm.Fields[i].Type = to
			write := func(recompute bool) error {
				mm.Sum = m.Sum
				if recompute {
					mm.Sum, _ = manifestSum(mm)
				}
				b, _ := json.Marshal(mm)
				os.WriteFile(path, b, 0o644)
				return readAll(dir)
			}
			if err := write(false); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "checksum does not match") {
				t.Fatalf("%s as %s, checksum kept: %v", f.Name, to, err)
			}
			if err := write(true); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "the manifest says "+to) {
				t.Fatalf("%s as %s, checksum recomputed: %v", f.Name, to, err)
			}
			swaps++
		}
	}
	if swaps < 10 {
		t.Fatalf("only %d swaps tried", swaps)
	}
	os.WriteFile(path, orig, 0o644)
	if err := readAll(dir); err != nil {
		t.Fatal(err)
	}
}

// FuzzStoreReader feeds the reader a manifest and a chunk it did not write
// (the checksums are recomputed so that the fuzzer reaches the decoder and
// the type checks): Open and reading every value return an error or data,
// never a panic.
func FuzzStoreReader(f *testing.F) {
	dir := f.TempDir()
	writeStore(&testing.T{}, dir, sample, 2)
	root := filepath.Join(dir, StoreDir, "events")
	manifestJSON, _ := os.ReadFile(filepath.Join(root, manifestName))
	chunk, _ := os.ReadFile(filepath.Join(root, "c0000.bin"))
	f.Add(manifestJSON, chunk, true)
	f.Add([]byte(`{"format":2,"table":"events","fields":[{"name":"a","type":"double","file":"c0000.bin"}],"row_groups":[{"rows":2,"chunks":{"a":{"off":0,"len":8}}}]}`), chunk, true)
	f.Fuzz(fz)
}

func fz(t *testing.T, manifestJSON, chunk []byte, fixSums bool) {
	if len(manifestJSON) > 64<<10 || len(chunk) > 1<<20 {
		return
	}
	d, err := os.MkdirTemp("", "fuzzstore")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(d)
	tdir := filepath.Join(d, StoreDir, "events")
	os.MkdirAll(tdir, 0o755)
	var m manifest
	if json.Unmarshal(manifestJSON, &m) == nil {
		for _, g := range m.RowGroups {
			if g.Rows > 1<<16 {
				return // a row group of the writer's size at most: bigger ones only cost time
			}
		}
	}
	if fixSums && json.Unmarshal(manifestJSON, &m) == nil {
		for i := range m.Fields {
			m.Fields[i].File = "c0000.bin" // every column reads the fuzzed chunk file
		}
		for _, g := range m.RowGroups {
			for k, ref := range g.Chunks {
				if ref.Off >= 0 && ref.Len >= 0 && ref.Off+ref.Len <= int64(len(chunk)) && ref.Off+ref.Len >= ref.Off {
					ref.Sum = chunkSum(chunk[ref.Off : ref.Off+ref.Len])
					g.Chunks[k] = ref
				}
			}
		}
		m.Sum, _ = manifestSum(m)
		manifestJSON, _ = json.Marshal(m)
	}
	os.WriteFile(filepath.Join(tdir, manifestName), manifestJSON, 0o644)
	os.WriteFile(filepath.Join(tdir, "c0000.bin"), chunk, 0o644)
	readAll(d)
}
