package iofile

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// bomb writes a compressed file of size bytes of short NDJSON lines.
func bomb(t *testing.T, name string, size int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var w io.WriteCloser
	if strings.HasSuffix(name, ".zst") {
		w, _ = zstd.NewWriter(f, zstd.WithEncoderLevel(zstd.SpeedFastest))
	} else {
		w, _ = gzip.NewWriterLevel(f, gzip.BestCompression)
	}
	chunk := bytes.Repeat([]byte("{}\n"), 1<<20)
	for written := 0; written < size; written += len(chunk) {
		w.Write(chunk)
	}
	w.Close()
	f.Close()
	return path
}

func TestOpenStopsDecompressionBombs(t *testing.T) {
	for _, name := range []string{"bomb.ndjson.zst", "bomb.ndjson.gz"} {
		path := bomb(t, name, 4*RatioSlack)
		st, _ := os.Stat(path)
		r, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, r)
		r.Close()
		if !errors.Is(err, ErrRatio) || !strings.HasPrefix(err.Error(), "expands more than a real log would") {
			t.Fatalf("%s (%d bytes): read %d bytes, err %v; want ErrRatio", name, st.Size(), n, err)
		}
		if n > RatioSlack+MaxRatio*st.Size()+1<<20 {
			t.Fatalf("%s: read %d bytes before stopping", name, n)
		}
	}
}

func TestOpenKeepsSmallRepetitiveFiles(t *testing.T) {
	// Far more compressible than MaxRatio, but small: read in full.
	path := bomb(t, "small.ndjson.zst", 16<<20)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, err := io.Copy(io.Discard, r)
	if err != nil || n < 16<<20 {
		t.Fatalf("read %d bytes, err %v", n, err)
	}
}
