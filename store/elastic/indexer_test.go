package elastic

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

// index writes events through a new indexer and closes it.
func index(t *testing.T, c *Client, opts IndexerOptions, events []*event.Event) (*Indexer, error) {
	t.Helper()
	ix, err := c.NewIndexer(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := ix.Write(e); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	return ix, ix.Close()
}

// accounted checks the heart of the matter: every document sent is either
// in Elasticsearch or in the dead-letter file, once.
func accounted(t *testing.T, fake *fakees.Server, ix *Indexer, sent int) {
	t.Helper()
	st := ix.Stats()
	if st.Sent != int64(sent) {
		t.Errorf("Sent = %d, want %d", st.Sent, sent)
	}
	if st.Indexed+st.Failed != st.Sent {
		t.Errorf("Indexed %d + Failed %d != Sent %d", st.Indexed, st.Failed, st.Sent)
	}
	if got := int64(fake.Total()); got != st.Indexed {
		t.Errorf("the cluster holds %d documents, Indexed says %d", got, st.Indexed)
	}
	if n := deadLines(t, st.DeadLetterPath); int64(n) != st.Failed {
		t.Errorf("dead-letter file has %d lines, Failed says %d", n, st.Failed)
	}
}

func deadLines(t *testing.T, path string) int {
	t.Helper()
	if path == "" {
		return 0
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Index    string          `json:"index"`
			Reason   string          `json:"reason"`
			Document json.RawMessage `json:"document"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil || line.Reason == "" || line.Index == "" || len(line.Document) == 0 {
			t.Errorf("dead-letter line %q: %v", sc.Text(), err)
		}
		n++
	}
	return n
}

func TestIndexerCleanRun(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	events := append(sampleEvents(1000), alertEvent("alert-1"), alertEvent("alert-2"))
	opts := fastIndexer(t, "Trainee-1")
	ix, err := index(t, c, opts, events)
	if err != nil {
		t.Fatal(err)
	}
	accounted(t, fake, ix, len(events))
	st := ix.Stats()
	if st.Failed != 0 || st.Retried != 0 || st.DeadLetterPath != "" {
		t.Errorf("stats %+v", st)
	}
	if _, err := os.Stat(opts.DeadLetterPath); !os.IsNotExist(err) {
		t.Errorf("a clean run left a dead-letter file: %v", err)
	}
	// Routing: namespace sanitised, one data stream per dataset, alerts apart.
	want := []string{"logs-soclab.firewall-trainee_1", "logs-soclab.proxy-trainee_1", "logs-soclab.sso-trainee_1",
		"logs-soclab.vpn-trainee_1", "logs-system.auth-trainee_1", "logs-system.security-trainee_1",
		"logs-zeek.connection-trainee_1", "logs-zeek.dns-trainee_1", "soclab-alerts-trainee_1"}
	if got := strings.Join(fake.Indices(), " "); got != strings.Join(want, " ") {
		t.Errorf("indices\n got %s\nwant %s", got, strings.Join(want, " "))
	}
	if fake.Count("soclab-alerts-trainee_1") != 2 {
		t.Errorf("alerts: %d", fake.Count("soclab-alerts-trainee_1"))
	}
	if err := c.Verify(context.Background(), "Trainee-1", ix.Counts()); err != nil {
		t.Errorf("verify: %v", err)
	}
	// The templates went in before the first document.
	log := fake.Requests()
	tmpl, bulk := -1, -1
	for i, r := range log {
		if r == "PUT /_index_template/soclab-logs" && tmpl < 0 {
			tmpl = i
		}
		if r == "POST /_bulk" && bulk < 0 {
			bulk = i
		}
	}
	if tmpl < 0 || bulk < 0 || tmpl > bulk {
		t.Errorf("template at request %d, first bulk at %d: %v", tmpl, bulk, log[:min(len(log), 6)])
	}
	// Every stored event kept its fields: the mappings accepted all values.
	var doc map[string]any
	json.Unmarshal(fake.Docs["logs-zeek.dns-trainee_1"][0], &doc)
	if doc["dns"].(map[string]any)["answers"] == nil {
		t.Errorf("dns.answers lost: %v", doc["dns"])
	}
}

func TestIndexerWholeRequest429ThenSuccess(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.FailBulk = []int{429, 429, 503}
	c := connect(t, fake)
	events := sampleEvents(300)
	ix, err := index(t, c, fastIndexer(t, "t1"), events)
	if err != nil {
		t.Fatal(err)
	}
	accounted(t, fake, ix, len(events))
	if fake.Total() != 300 {
		t.Errorf("stored %d", fake.Total())
	}
}

func TestIndexerItem429sAreRetried(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	var rejected atomic.Int64
	fake.ItemFault = func(it fakees.Item) (int, string, string) {
		// Every third document is rejected twice, every fifth once with 503.
		n := len(it.ID)
		switch {
		case strings.HasSuffix(it.ID, "3") && it.Attempt <= 2:
			rejected.Add(1)
			return 429, "es_rejected_execution_exception", "rejected execution of coordinating operation"
		case n%5 == 0 && strings.HasSuffix(it.ID, "5") && it.Attempt == 1:
			rejected.Add(1)
			return 503, "unavailable_shards_exception", "primary shard is not active"
		}
		return 0, "", ""
	}
	c := connect(t, fake)
	events := sampleEvents(1000)
	ix, err := index(t, c, fastIndexer(t, "t1"), events)
	if err != nil {
		t.Fatal(err)
	}
	accounted(t, fake, ix, len(events))
	st := ix.Stats()
	if st.Failed != 0 || fake.Total() != 1000 {
		t.Errorf("stats %+v, stored %d", st, fake.Total())
	}
	if st.Retried != rejected.Load() || st.Retried < 200 {
		t.Errorf("Retried = %d, the server rejected %d", st.Retried, rejected.Load())
	}
}

func TestIndexerItemRetriesRunOut(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.ItemFault = func(it fakees.Item) (int, string, string) {
		if it.ID == "id-7" {
			return 429, "es_rejected_execution_exception", "queue full"
		}
		return 0, "", ""
	}
	c := connect(t, fake)
	opts := fastIndexer(t, "t1")
	opts.MaxItemRetries = 3
	ix, err := index(t, c, opts, sampleEvents(50))
	var ie *IndexError
	if !errors.As(err, &ie) || ie.Failed != 1 {
		t.Fatalf("err = %v", err)
	}
	accounted(t, fake, ix, 50)
	data, _ := os.ReadFile(opts.DeadLetterPath)
	if !strings.Contains(string(data), `"attempts":4`) || !strings.Contains(string(data), "queue full") {
		t.Errorf("dead letter: %s", data)
	}
}

func TestIndexerMappingRejections(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	events := sampleEvents(200)
	bad := 0
	for i, e := range events {
		if i%40 == 0 {
			e.Set("source.port", event.String("not-a-port"))
			bad++
		}
	}
	opts := fastIndexer(t, "t1")
	ix, err := index(t, c, opts, events)
	if !errors.Is(err, ErrDocumentsFailed) {
		t.Fatalf("err = %v, want ErrDocumentsFailed", err)
	}
	if !strings.Contains(err.Error(), "5 of 200 documents failed") || !strings.Contains(err.Error(), opts.DeadLetterPath) {
		t.Errorf("message does not say how many and where: %v", err)
	}
	accounted(t, fake, ix, len(events))
	if st := ix.Stats(); st.Failed != int64(bad) || st.Retried != 0 {
		t.Errorf("stats %+v, want %d failed without retries", st, bad)
	}
	data, _ := os.ReadFile(opts.DeadLetterPath)
	if !strings.Contains(string(data), "source.port") || !strings.Contains(string(data), `"status":400`) {
		t.Errorf("dead letter lacks the reason: %.300s", data)
	}
}

func TestIndexerMissingTimestamp(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	events := sampleEvents(10)
	events[3].Delete("@timestamp")
	ix, err := index(t, c, fastIndexer(t, "t1"), events)
	if !errors.Is(err, ErrDocumentsFailed) || !strings.Contains(err.Error(), "missing @timestamp") {
		t.Fatalf("err = %v", err)
	}
	accounted(t, fake, ix, 10)
}

func TestIndexerServerDisappears(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.DisappearAfter = 700
	c := connect(t, fake)
	opts := fastIndexer(t, "t1")
	opts.FlushBytes = 8 << 10
	events := sampleEvents(3000)
	ix, err := index(t, c, opts, events)
	var ie *IndexError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *IndexError", err)
	}
	accounted(t, fake, ix, len(events))
	st := ix.Stats()
	if st.Indexed == 0 || st.Failed == 0 || st.Indexed > 700 {
		t.Errorf("stats %+v", st)
	}
	if !strings.Contains(err.Error(), "request failed after its retries") {
		t.Errorf("reason: %v", err)
	}
}

func TestIndexerRerunFindsExisting(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	events := sampleEvents(100)
	if _, err := index(t, c, fastIndexer(t, "t1"), events); err != nil {
		t.Fatal(err)
	}
	ix, err := index(t, c, fastIndexer(t, "t1"), events)
	if err != nil {
		t.Fatal(err)
	}
	st := ix.Stats()
	if st.Existing != 100 || st.Indexed != 100 || fake.Total() != 100 {
		t.Errorf("stats %+v, stored %d", st, fake.Total())
	}
	if err := c.Verify(context.Background(), "t1", ix.Counts()); err != nil {
		t.Error(err)
	}
}

func TestIndexerMetrics(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.ItemFault = func(it fakees.Item) (int, string, string) {
		if it.ID == "id-1" && it.Attempt == 1 {
			return 429, "es_rejected_execution_exception", "busy"
		}
		if it.ID == "id-2" {
			return 400, "document_parsing_exception", "bad"
		}
		return 0, "", ""
	}
	c := connect(t, fake)
	reg := prometheus.NewRegistry()
	opts := fastIndexer(t, "t1")
	opts.Registerer = reg
	if _, err := index(t, c, opts, sampleEvents(20)); !errors.Is(err, ErrDocumentsFailed) {
		t.Fatal(err)
	}
	m, err := newMetrics(reg, "t1") // returns the registered collectors
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		c    prometheus.Collector
		want float64
	}{"indexed": {m.indexed, 19}, "retried": {m.retried, 1}, "failed": {m.failed, 1}} {
		if got := testutil.ToFloat64(tc.c); got != tc.want {
			t.Errorf("%s = %v, want %v", name, got, tc.want)
		}
	}
	if n := testutil.ToFloat64(m.requests.WithLabelValues("ok")); n < 2 {
		t.Errorf("bulk requests ok = %v", n)
	}
	if testutil.CollectAndCount(m.latency) != 1 {
		t.Error("no latency histogram")
	}
	// A second indexer on the same registry shares the series.
	opts.Namespace = "t2"
	if _, err := index(t, c, opts, sampleEvents(1)); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyMismatch(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	ix, err := index(t, c, fastIndexer(t, "t1"), sampleEvents(30))
	if err != nil {
		t.Fatal(err)
	}
	want := ix.Counts()
	want["logs-system.auth-t1"]++
	err = c.Verify(context.Background(), "t1", want)
	var ce *CountError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCountMismatch) || len(ce.Mismatches) != 2 {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "logs-system.auth-t1 has") {
		t.Error(err)
	}
}

func TestWriteAfterClose(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	ix, err := index(t, c, fastIndexer(t, "t1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Write(sampleEvents(1)[0]); !errors.Is(err, ErrIndexerClosed) {
		t.Errorf("err = %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

// TestIndexerCancelled checks that a cancelled load still accounts for
// every document.
func TestIndexerCancelled(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.ItemFault = func(it fakees.Item) (int, string, string) {
		return 429, "es_rejected_execution_exception", "always busy"
	}
	c := connect(t, fake)
	ctx, cancel := context.WithCancel(context.Background())
	opts := fastIndexer(t, "t1")
	ix, err := c.NewIndexer(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sampleEvents(300) {
		if err := ix.Write(e); err != nil {
			break
		}
	}
	cancel()
	err = ix.Close()
	if !errors.Is(err, ErrDocumentsFailed) {
		t.Fatalf("err = %v", err)
	}
	st := ix.Stats()
	if st.Indexed+st.Failed != st.Sent || st.Sent == 0 {
		t.Errorf("stats %+v", st)
	}
	if n := deadLines(t, st.DeadLetterPath); int64(n) != st.Failed {
		t.Errorf("dead-letter lines %d, failed %d", n, st.Failed)
	}
}
