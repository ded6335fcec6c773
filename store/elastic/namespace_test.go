package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

// fleetCluster returns a fake cluster set up as one that collects real data
// with Elastic Agent: the built-in logs template (priority 100) and Fleet's
// templates of the System and Zeek integrations (priority 200, _meta
// managed_by fleet), whose mappings are at odds with soclab's (source.port
// an ip), so that a soclab document mapped by them is refused.
func fleetCluster(t *testing.T) *fakees.Server {
	t.Helper()
	fake := fakees.New()
	t.Cleanup(fake.Close)
	put := func(name string, body map[string]any) {
		raw, _ := json.Marshal(body)
		if err := fake.PutTemplate(name, raw); err != nil {
			t.Fatalf("install %s: %v", name, err)
		}
	}
	put("logs", map[string]any{"index_patterns": []string{"logs-*-*"}, "priority": 100, "data_stream": map[string]any{},
		"_meta": map[string]any{"description": "default logs template installed by x-pack", "managed": true}})
	for _, ds := range IntegrationDatasets {
		body := fleetTemplate(ds, map[string]any{"source": map[string]any{"properties": map[string]any{"port": map[string]any{"type": "ip"}}}})
		body["_meta"] = map[string]any{"managed_by": "fleet", "managed": true, "package": map[string]any{"name": strings.Split(ds, ".")[0]}}
		put("logs-"+ds, body)
	}
	return fake
}

// agentWrites indexes one document into index as a real agent would, and
// returns the item's status.
func agentWrites(t *testing.T, c *Client, index, doc string) int {
	t.Helper()
	var res struct {
		Items []map[string]struct {
			Status int `json:"status"`
		} `json:"items"`
	}
	body := `{"create":{"_index":"` + index + `"}}` + "\n" + doc + "\n"
	if err := c.do(context.Background(), http.MethodPost, "/_bulk", nil, []byte(body), &res); err != nil {
		t.Fatal(err)
	}
	return res.Items[0]["create"].Status
}

// getDataStream returns what GET _data_stream/name answers about name.
func getDataStream(t *testing.T, c *Client, name string) (dataStreamInfo, error) {
	t.Helper()
	var res struct {
		DataStreams []dataStreamInfo `json:"data_streams"`
	}
	err := c.do(context.Background(), http.MethodGet, "/_data_stream/"+name, nil, nil, &res)
	if err != nil {
		return dataStreamInfo{}, err
	}
	if len(res.DataStreams) != 1 {
		t.Fatalf("GET _data_stream/%s: %+v", name, res)
	}
	return res.DataStreams[0], nil
}

// installedPatterns returns the patterns of each installed template whose
// _meta says managed_by soclab.
func installedPatterns(t *testing.T, fake *fakees.Server) map[string][]string {
	t.Helper()
	fake.Lock()
	defer fake.Unlock()
	out := map[string][]string{}
	for name, raw := range fake.Templates {
		var body struct {
			Patterns []string       `json:"index_patterns"`
			Meta     map[string]any `json:"_meta"`
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatal(err)
		}
		if body.Meta["managed_by"] == ManagedBy {
			out[name] = body.Patterns
		}
	}
	return out
}

// TestNamespaceTemplatesInstall: two namespaces get two templates that
// overlap neither each other nor soclab-logs (the fake, like Elasticsearch,
// refuses overlapping templates of one priority), and installing them again
// changes nothing.
func TestNamespaceTemplatesInstall(t *testing.T) {
	fake := fleetCluster(t)
	c := connect(t, fake)
	ctx := context.Background()
	if err := c.PrepareNamespaces(ctx, "class1", "Class-2"); err != nil {
		t.Fatal(err)
	}
	first := installedPatterns(t, fake)
	want := map[string][]string{
		"soclab-logs":         {"logs-soclab.*-*"},
		"soclab-alerts":       {"soclab-alerts-*"},
		"soclab-logs-class1":  {"logs-system.auth-class1", "logs-system.security-class1", "logs-zeek.connection-class1", "logs-zeek.dns-class1"},
		"soclab-logs-class_2": {"logs-system.auth-class_2", "logs-system.security-class_2", "logs-zeek.connection-class_2", "logs-zeek.dns-class_2"},
	}
	if len(first) != len(want) {
		t.Fatalf("installed %v, want %v", first, want)
	}
	for name, p := range want {
		if !slices.Equal(first[name], p) {
			t.Errorf("%s: patterns %v, want %v", name, first[name], p)
		}
	}
	for a, pa := range first {
		for b, pb := range first {
			if a < b && overlaps(pa, pb) {
				t.Errorf("%s %v and %s %v overlap", a, pa, b, pb)
			}
		}
	}
	fake.Lock()
	before := string(fake.Templates["soclab-logs-class1"])
	fake.Unlock()
	if err := c.PrepareNamespaces(ctx, "class1", "class_2"); err != nil {
		t.Fatalf("installing again: %v", err)
	}
	again := installedPatterns(t, fake)
	fake.Lock()
	after := string(fake.Templates["soclab-logs-class1"])
	fake.Unlock()
	if len(again) != len(first) || before != after {
		t.Errorf("installing again changed the templates: %v", again)
	}
}

// overlaps reports whether a pattern of a matches one of b or the reverse.
func overlaps(a, b []string) bool {
	for _, p := range a {
		for _, q := range b {
			m1, _ := path.Match(p, q)
			m2, _ := path.Match(q, p)
			if m1 || m2 {
				return true
			}
		}
	}
	return false
}

// TestFleetKeepsOtherNamespaces: after soclab wrote namespace class1 on a
// cluster with Fleet's templates, a real agent's document in
// logs-system.auth-default still gets Fleet's template (its mappings, so a
// soclab-typed value is refused there), while class1's data stream is
// soclab's.
func TestFleetKeepsOtherNamespaces(t *testing.T) {
	fake := fleetCluster(t)
	c := connect(t, fake)
	events := telemetryEvents()
	ix, err := index(t, c, fastIndexer(t, "class1"), events)
	if err != nil {
		t.Fatal(err)
	}
	if st := ix.Stats(); st.Failed != 0 || st.Indexed != int64(len(events)) {
		t.Fatalf("class1: %+v", st)
	}
	for _, ds := range IntegrationDatasets {
		info, err := getDataStream(t, c, "logs-"+ds+"-class1")
		if err != nil || info.Template != "soclab-logs-class1" || info.Meta.ManagedBy != ManagedBy {
			t.Errorf("logs-%s-class1: %+v, %v", ds, info, err)
		}
	}
	if st := agentWrites(t, c, "logs-system.auth-default", `{"@timestamp":"2026-03-02T09:00:00Z","source":{"port":"10.0.0.1"}}`); st != 201 {
		t.Errorf("an agent's document in Fleet's mapping: status %d", st)
	}
	if st := agentWrites(t, c, "logs-system.auth-default", `{"@timestamp":"2026-03-02T09:00:00Z","source":{"port":40222}}`); st != 400 {
		t.Errorf("a port number in Fleet's ip mapping: status %d, want 400 (soclab's mapping leaked into namespace default)", st)
	}
	for _, ds := range IntegrationDatasets {
		name := "logs-" + ds + "-default"
		if ds != "system.auth" {
			if st := agentWrites(t, c, name, `{"@timestamp":"2026-03-02T09:00:00Z","message":"real"}`); st != 201 {
				t.Fatalf("%s: status %d", name, st)
			}
		}
		info, err := getDataStream(t, c, name)
		if err != nil || info.Template != "logs-"+ds || info.Meta.ManagedBy != "fleet" {
			t.Errorf("%s resolves to %+v (%v), want Fleet's logs-%s", name, info, err, ds)
		}
	}
	// GET _data_stream of a missing data stream is a 404, as Elasticsearch answers.
	if _, err := getDataStream(t, c, "logs-system.auth-nobody"); !isStatus(err, 404) {
		t.Errorf("missing data stream: %v", err)
	}
}

// TestForeignNamespaceRefused: soclab refuses a namespace whose
// integration data streams a real agent created, before it installs or
// sends anything; --es-share-namespace (Config.ShareNamespaces) lets it
// write there; and once its template matches such a data stream (GET
// _data_stream then names soclab's template), the data stream is still
// known as foreign by the _meta it was created with.
func TestForeignNamespaceRefused(t *testing.T) {
	fake := fleetCluster(t)
	c := connect(t, fake)
	ctx := context.Background()
	if st := agentWrites(t, c, "logs-system.auth-default", `{"@timestamp":"2026-03-02T09:00:00Z","message":"real"}`); st != 201 {
		t.Fatalf("agent: %d", st)
	}
	if err := fake.CreateDataStream("logs-zeek.dns-default"); err != nil {
		t.Fatal(err)
	}
	nreq := len(fake.Requests())
	_, err := c.NewIndexer(ctx, fastIndexer(t, "default"))
	var fe *ForeignNamespaceError
	if !errors.Is(err, ErrForeignDataStream) || !errors.As(err, &fe) {
		t.Fatalf("writing namespace default over Fleet's data streams: %v", err)
	}
	if fe.Namespace != "default" || len(fe.Streams) != 2 || fe.Streams[0].Name != "logs-system.auth-default" ||
		fe.Streams[0].ManagedBy != "fleet" || fe.Streams[1].Name != "logs-zeek.dns-default" {
		t.Errorf("refusal %+v", fe)
	}
	for _, want := range []string{"logs-system.auth-default (managed by fleet)", "logs-zeek.dns-default", "choose another namespace", "--es-share-namespace", "ingest pipeline"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	for _, r := range fake.Requests()[nreq:] {
		if !strings.HasPrefix(r, "GET /_data_stream/") {
			t.Errorf("a refused namespace still got %s", r)
		}
	}
	// The same refusal from PrepareNamespaces (soclab es provision and
	// templates), before any namespace of the class is touched.
	if err := c.PrepareNamespaces(ctx, "class1", "default"); !errors.Is(err, ErrForeignDataStream) {
		t.Errorf("provisioning a class with namespace default: %v", err)
	}
	if _, ok := installedPatterns(t, fake)["soclab-logs-class1"]; ok {
		t.Error("a refused class got a namespace template")
	}

	// Shared on purpose: soclab writes there and its template takes over.
	cfg := fastConfig(fake)
	cfg.ShareNamespaces = true
	shared, err := Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	events := sampleEvents(20)
	ix, err := index(t, shared, fastIndexer(t, "default"), events)
	if err != nil {
		t.Fatal(err)
	}
	if st := ix.Stats(); st.Failed != 0 {
		t.Fatalf("shared namespace: %+v", st)
	}
	info, err := getDataStream(t, c, "logs-system.auth-default")
	if err != nil || info.Template != "soclab-logs-default" {
		t.Fatalf("after sharing: %+v, %v", info, err)
	}
	// Elasticsearch names soclab's template for it now, but the data
	// stream was Fleet's: without the flag, still refused.
	if err := c.CheckNamespace(ctx, "default"); !errors.Is(err, ErrForeignDataStream) {
		t.Errorf("a Fleet data stream matched by soclab's template counted as soclab's: %v", err)
	}
	// A namespace soclab created is soclab's to write again.
	if err := c.CheckNamespace(ctx, "class1"); err != nil {
		t.Errorf("an empty namespace: %v", err)
	}
	if _, err := index(t, c, fastIndexer(t, "class1"), events); err != nil {
		t.Fatal(err)
	}
	if _, err := index(t, c, fastIndexer(t, "class1"), events); err != nil {
		t.Errorf("soclab's own namespace refused on the second load: %v", err)
	}
}

// oldWideTemplate is the soclab-logs of soclab before namespace templates:
// the integration datasets of every namespace, at TemplatePriority.
func oldWideTemplate(t *testing.T, fake *fakees.Server) {
	t.Helper()
	old := map[string]any{"index_patterns": []string{"logs-soclab.*-*", "logs-system.auth-*", "logs-system.security-*", "logs-zeek.connection-*", "logs-zeek.dns-*"},
		"priority": TemplatePriority, "data_stream": map[string]any{}, "_meta": map[string]any{"managed_by": "soclab", "template_version": 2}}
	raw, _ := json.Marshal(old)
	if err := fake.PutTemplate("soclab-logs", raw); err != nil {
		t.Fatal(err)
	}
}

// TestTemplatesReplaceOldWideTemplate: a cluster where an earlier soclab
// installed soclab-logs over the integration datasets of every namespace
// takes the new templates. The namespace template goes in first, at a
// priority of its own, so that it neither overlaps the old soclab-logs nor
// leaves the namespace's data streams without a data stream template when
// soclab-logs is narrowed (both of which Elasticsearch, and the fake,
// refuse); afterwards no soclab template matches namespace default, whose
// data streams fall back to Fleet's.
func TestTemplatesReplaceOldWideTemplate(t *testing.T) {
	t.Run("fleet", func(t *testing.T) {
		fake := fleetCluster(t)
		oldWideTemplate(t, fake)
		c := connect(t, fake)
		if st := agentWrites(t, c, "logs-system.auth-default", `{"@timestamp":"2026-03-02T09:00:00Z","message":"real"}`); st != 201 {
			t.Fatalf("agent: %d", st)
		}
		if err := c.PrepareNamespaces(context.Background(), "class1"); err != nil {
			t.Fatalf("upgrading over the old soclab-logs: %v", err)
		}
		for name, patterns := range installedPatterns(t, fake) {
			if overlaps(patterns, []string{"logs-system.auth-default", "logs-zeek.dns-default"}) {
				t.Errorf("%s %v still matches namespace default", name, patterns)
			}
		}
		if info, err := getDataStream(t, c, "logs-system.auth-default"); err != nil || info.Template != "logs-system.auth" {
			t.Errorf("logs-system.auth-default after the upgrade: %+v, %v", info, err)
		}
	})
	t.Run("no other template", func(t *testing.T) {
		// Without the built-in logs template (stack templates disabled) or
		// Fleet's, narrowing soclab-logs before class1 has its own template
		// would orphan class1's data streams.
		fake := fakees.New()
		t.Cleanup(fake.Close)
		oldWideTemplate(t, fake)
		for _, name := range []string{"logs-system.auth-class1", "logs-zeek.dns-class1", "logs-soclab.vpn-class1"} {
			if err := fake.CreateDataStream(name); err != nil {
				t.Fatal(err)
			}
		}
		c := connect(t, fake)
		if _, err := index(t, c, fastIndexer(t, "class1"), sampleEvents(20)); err != nil {
			t.Fatalf("writing class1 again after the upgrade: %v", err)
		}
		if info, err := getDataStream(t, c, "logs-system.auth-class1"); err != nil || info.Template != "soclab-logs-class1" {
			t.Errorf("logs-system.auth-class1 after the upgrade: %+v, %v", info, err)
		}
	})
}
