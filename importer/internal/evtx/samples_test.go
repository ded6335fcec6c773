package evtx

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSamplesByHand reads every .evtx file under $EVTX_SAMPLES (real logs
// kept outside the repository) and reports records read and failures.
func TestSamplesByHand(t *testing.T) {
	dir := os.Getenv("EVTX_SAMPLES")
	if dir == "" {
		t.Skip("set EVTX_SAMPLES to a folder of real .evtx files")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.evtx"))
	total, failed := 0, 0
	start := time.Now()
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		r := NewReader(fh)
		n := 0
		for {
			_, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				failed++
				t.Logf("%s: after %d records: %v", filepath.Base(f), n, err)
				break
			}
			n++
		}
		fh.Close()
		total += n
	}
	el := time.Since(start)
	t.Logf("%d files, %d records, %d failed, %.0f records/s", len(files), total, failed, float64(total)/el.Seconds())
}
