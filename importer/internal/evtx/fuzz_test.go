package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"

	"github.com/soclab/soclab/importer/evtxtest"
)

// FuzzRecords feeds arbitrary chunk contents to the record and Binary XML
// parser. The chunk signature and both checksums are made right, so that
// the fuzzer reaches records rather than stopping at a checksum; seeds are
// chunks written by evtxtest (4625s, every value type, nested EventData).
func FuzzRecords(f *testing.F) {
	for _, evs := range [][]evtxtest.Event{{logon4625(0), logon4625(1)}, {allTypes()}, {allTypes(), logon4625(2), allTypes()}} {
		b, err := evtxtest.Marshal(evs)
		if err != nil {
			f.Fatal(err)
		}
		chunk := b[FileHeaderSize : FileHeaderSize+ChunkSize]
		f.Add(chunk[:binary.LittleEndian.Uint32(chunk[48:])])
	}
	header, err := evtxtest.Marshal(nil)
	if err != nil {
		f.Fatal(err)
	}
	header = header[:FileHeaderSize]
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > ChunkSize {
			return
		}
		chunk := make([]byte, ChunkSize)
		copy(chunk, data)
		copy(chunk, "ElfChnk\x00")
		if len(data) < 52 {
			binary.LittleEndian.PutUint32(chunk[48:], uint32(max(len(data), ChunkHeaderSize)))
		}
		file := append(bytes.Clone(header), chunk...)
		evtxtest.FixChecksums(file)
		r := NewReader(bytes.NewReader(file))
		for n := 0; ; n++ {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if !errors.Is(err, ErrFormat) {
					t.Fatalf("error %v is not a format error", err)
				}
				return
			}
			if rec.Event == nil {
				t.Fatal("record without an element")
			}
			if n > ChunkSize/28 {
				t.Fatal("more records than fit in a chunk")
			}
		}
	})
}
