package elastic

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/soclab/soclab/event"
)

// sink is the fastest Elasticsearch answer there is: it counts a bulk
// request's lines without keeping them and says every item was created.
func sink() *httptest.Server {
	var answers sync.Map // item count -> response body
	var scratch sync.Pool
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/_bulk" {
			io.Copy(io.Discard, r.Body)
			io.WriteString(w, `{"version":{"number":"8.19.7"},"cluster_name":"sink","acknowledged":true}`)
			return
		}
		p, _ := scratch.Get().(*[]byte)
		if p == nil {
			b := make([]byte, 256<<10)
			p = &b
		}
		lines := 0
		for {
			n, err := r.Body.Read(*p)
			lines += bytes.Count((*p)[:n], []byte{'\n'})
			if err != nil {
				break
			}
		}
		scratch.Put(p)
		n := lines / 2
		body, ok := answers.Load(n)
		if !ok {
			var buf bytes.Buffer
			buf.WriteString(`{"took":1,"errors":false,"items":[`)
			for i := 0; i < n; i++ {
				if i > 0 {
					buf.WriteByte(',')
				}
				buf.WriteString(`{"create":{"status":201}}`)
			}
			buf.WriteString("]}")
			body, _ = answers.LoadOrStore(n, buf.Bytes())
		}
		w.Write(body.([]byte))
	}))
}

// cpuTime returns the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIndexer measures documents per second through the whole bulk
// path (encode, route, bulk indexer, HTTP, response decoding, accounting)
// into a local sink.
func BenchmarkIndexer(b *testing.B) {
	srv := sink()
	defer srv.Close()
	c, err := Connect(context.Background(), Config{URL: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	events := sampleEvents(4096)
	var size int
	for _, e := range events[:256] {
		size += len(event.Marshal(e))
	}
	b.SetBytes(int64(size / 256))
	ix, err := c.NewIndexer(context.Background(), IndexerOptions{Namespace: "bench", DeadLetter: io.Discard, SkipTemplates: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	for i := 0; i < b.N; i++ {
		if err := ix.Write(events[i%len(events)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if st := ix.Stats(); st.Indexed != int64(b.N) {
		b.Fatalf("indexed %d of %d", st.Indexed, b.N)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
	// On a shared machine wall time depends on the neighbours; CPU time
	// (of the indexer and the sink together) does not.
	b.ReportMetric(float64(b.N)/(cpuTime()-cpu).Seconds(), "docs/cpu-s")
}

// BenchmarkBulkDecoder measures decoding a clean 5,000-item response.
func BenchmarkBulkDecoder(b *testing.B) {
	body := `{"took":1,"errors":false,"items":[` + strings.Repeat(`{"create":{"status":201}},`, 4999) + `{"create":{"status":201}}]}`
	d := &bulkDecoder{}
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		var blk esutil.BulkIndexerResponse
		if err := d.UnmarshalFromReader(strings.NewReader(body), &blk); err != nil {
			b.Fatal(err)
		}
	}
}
