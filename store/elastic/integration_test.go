package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// realConfig returns the cluster named by SOCLAB_ES_URL (with the
// SOCLAB_ES_* credentials), or skips: these tests run against a real
// Elasticsearch 8 (the GitHub Actions workflow starts one).
func realConfig(t *testing.T) Config {
	t.Helper()
	url := os.Getenv("SOCLAB_ES_URL")
	if url == "" {
		t.Skip("SOCLAB_ES_URL is not set: no real cluster to test against")
	}
	return Config{URL: url, APIKey: os.Getenv("SOCLAB_ES_API_KEY"), Username: os.Getenv("SOCLAB_ES_USERNAME"),
		Password: os.Getenv("SOCLAB_ES_PASSWORD"), CACertFile: os.Getenv("SOCLAB_ES_CA_CERT"),
		CAFingerprint: os.Getenv("SOCLAB_ES_CA_FINGERPRINT")}
}

// uniqueNamespace keeps runs apart on a shared cluster.
func uniqueNamespace(prefix string) string {
	return fmt.Sprintf("%s%d", prefix, time.Now().UnixNano())
}

func TestIntegrationLoadVerifyQuery(t *testing.T) {
	cfg := realConfig(t)
	ctx := context.Background()
	c, err := Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Elasticsearch %s", c.Info().Version)
	ns := uniqueNamespace("it")
	events := append(sampleEvents(2000), alertEvent("alert-"+ns))
	opts := IndexerOptions{Namespace: ns, DeadLetterPath: t.TempDir() + "/dead.ndjson"}
	ix, err := c.NewIndexer(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := ix.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		dead, _ := os.ReadFile(opts.DeadLetterPath)
		t.Fatalf("%v\n%.2000s", err, dead)
	}
	if st := ix.Stats(); st.Indexed != int64(len(events)) {
		t.Fatalf("stats %+v", st)
	}
	if err := c.Verify(ctx, ns, ix.Counts()); err != nil {
		t.Fatal(err)
	}
	// A rejected document is dead-lettered by the real mapping too.
	bad := sampleEvents(1)[0]
	bad.Set("event.id", event.String("bad-"+ns))
	bad.Set("source.port", event.String("not-a-port"))
	ix, err = c.NewIndexer(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	ix.Write(bad)
	if err := ix.Close(); !errors.Is(err, ErrDocumentsFailed) {
		t.Errorf("a bad source.port was not rejected: %v", err)
	}
	if c.Info().Major == 8 && c.Info().Minor < 11 {
		return
	}
	res, err := esql(ctx, c, "FROM logs-*-"+ns+" | STATS n = COUNT(*) BY event.dataset | SORT event.dataset")
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, row := range res.Values {
		total += int64(row[0].(float64))
	}
	if total != int64(len(events)-1) || len(res.Values) != 8 {
		t.Errorf("ES|QL counted %d events in %d datasets: %v", total, len(res.Values), res.Values)
	}
	res, err = esql(ctx, c, "FROM logs-zeek.dns-"+ns+" | WHERE dns.answers.data IS NOT NULL | KEEP source.ip, dns.question.name | LIMIT 1")
	if err != nil || len(res.Values) != 1 || res.Columns[0].Type != "ip" {
		t.Errorf("dns query: %+v, %v", res, err)
	}
}

func TestIntegrationProvisionConfines(t *testing.T) {
	cfg := realConfig(t)
	ctx := context.Background()
	admin, err := Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, b := uniqueNamespace("ita"), uniqueNamespace("itb")
	creds, err := admin.Provision(ctx, []Trainee{{ID: a}, {ID: b}}, "integration")
	if err != nil {
		if errors.Is(err, ErrForbidden) {
			t.Skipf("the test user may not manage security: %v", err)
		}
		t.Fatal(err)
	}
	for _, ns := range []string{a, b} {
		ix, err := admin.NewIndexer(ctx, IndexerOptions{Namespace: ns, DeadLetterPath: t.TempDir() + "/d.ndjson"})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range append(sampleEvents(10), alertEvent("x")) {
			ix.Write(e)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		if err := admin.Verify(ctx, ns, ix.Counts()); err != nil {
			t.Fatal(err)
		}
	}
	tc := cfg
	tc.APIKey, tc.Username, tc.Password = "", creds[0].Username, creds[0].Password
	trainee, err := Connect(ctx, tc)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := trainee.count(ctx, AlertsIndex(a), nil); err != nil || n != 1 {
		t.Errorf("own alerts: %d, %v", n, err)
	}
	if _, err := trainee.count(ctx, AlertsIndex(b), nil); !errors.Is(err, ErrForbidden) {
		t.Errorf("read another trainee's alerts: %v", err)
	}
	n, err := trainee.count(ctx, "logs-*-*,soclab-alerts-*", nil)
	if err != nil || n != 11 {
		t.Errorf("wildcard count %d (%v), want only the trainee's 11", n, err)
	}
	if err := trainee.InstallTemplates(ctx); !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "hint") {
		t.Errorf("a trainee installed templates: %v", err)
	}
}

// esql runs an ES|QL query and decodes the response plainly.
func esql(ctx context.Context, c *Client, q string) (*esqlResponse, error) {
	body, err := c.ESQL(ctx, q)
	if err != nil {
		return nil, err
	}
	var res esqlResponse
	return &res, json.Unmarshal(body, &res)
}

// TestIntegrationForeignNamespace: on a real cluster, a data stream another
// writer created (here from a template of the test's, as Fleet's would) in
// a namespace makes soclab refuse that namespace before it installs
// anything; --es-share-namespace (ShareNamespaces) lets it in; and the data
// stream stays foreign by the _meta it was created with even once
// Elasticsearch names soclab's template for it.
func TestIntegrationForeignNamespace(t *testing.T) {
	cfg := realConfig(t)
	ctx := context.Background()
	c, err := Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ns := uniqueNamespace("itf")
	name := DataStream("system.auth", ns)
	foreign := "it-foreign-" + ns
	t.Cleanup(func() {
		c.do(ctx, "DELETE", "/_data_stream/logs-*-"+ns, nil, nil, nil)
		c.do(ctx, "DELETE", "/_index_template/"+NamespaceTemplateName(ns), nil, nil, nil)
		c.do(ctx, "DELETE", "/_index_template/"+foreign, nil, nil, nil)
	})
	// Priority 201: above Fleet's 200, so that it installs beside Fleet's
	// own templates on a cluster that has them.
	body := map[string]any{"index_patterns": []string{name}, "priority": 201, "data_stream": map[string]any{},
		"_meta": map[string]any{"managed_by": "it-agent"}}
	if err := c.do(ctx, "PUT", "/_index_template/"+foreign, nil, body, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.do(ctx, "PUT", "/_data_stream/"+name, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.NewIndexer(ctx, IndexerOptions{Namespace: ns, DeadLetterPath: t.TempDir() + "/d.ndjson"})
	var fe *ForeignNamespaceError
	if !errors.As(err, &fe) || len(fe.Streams) != 1 || fe.Streams[0].Name != name || fe.Streams[0].ManagedBy != "it-agent" {
		t.Fatalf("writing over another writer's data stream: %v", err)
	}
	if err := c.do(ctx, "GET", "/_index_template/"+NamespaceTemplateName(ns), nil, nil, nil); !isStatus(err, 404) {
		t.Errorf("a refused namespace got its template: %v", err)
	}
	shared := cfg
	shared.ShareNamespaces = true
	sc, err := Connect(ctx, shared)
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.PrepareNamespaces(ctx, ns); err != nil {
		t.Fatalf("sharing the namespace on purpose: %v", err)
	}
	if err := c.CheckNamespace(ctx, ns); !errors.Is(err, ErrForeignDataStream) {
		t.Errorf("the data stream counted as soclab's once soclab's template was installed: %v", err)
	}
}
