package elastic

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

// fleetTemplate is the kind of template Fleet installs for an Elastic
// integration's data stream: priority 200, the dataset's pattern, mappings
// of its own (here deliberately at odds with soclab's, so that a document
// mapped by it is refused).
func fleetTemplate(dataset string, props map[string]any) map[string]any {
	return map[string]any{"index_patterns": []string{"logs-" + dataset + "-*"}, "priority": 200, "data_stream": map[string]any{},
		"template": map[string]any{"mappings": map[string]any{"properties": props}}}
}

// TestTemplatesCoverIntegrationDatasets: soclab-logs maps soclab's own
// datasets in every namespace and nothing else; a namespace's template maps
// exactly that namespace's data streams of the integration datasets, and
// the priority is neither the built-in logs template's nor Fleet's.
func TestTemplatesCoverIntegrationDatasets(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	if got := ts[0].Body["index_patterns"].([]string); len(got) != 1 || got[0] != "logs-soclab.*-*" {
		t.Errorf("soclab-logs patterns %v, want only logs-soclab.*-*", got)
	}
	nt, err := NamespaceTemplate("Class-1")
	if err != nil {
		t.Fatal(err)
	}
	if nt.Name != "soclab-logs-class_1" {
		t.Errorf("namespace template named %q", nt.Name)
	}
	patterns := nt.Body["index_patterns"].([]string)
	for _, ds := range event.Datasets {
		if strings.HasPrefix(ds, "soclab.") {
			continue
		}
		if !slices.Contains(patterns, "logs-"+ds+"-class_1") {
			t.Errorf("%s patterns %v lack logs-%s-class_1", nt.Name, patterns, ds)
		}
	}
	if len(patterns) != 4 {
		t.Errorf("%s patterns %v, want the 4 integration datasets", nt.Name, patterns)
	}
	for _, p := range patterns {
		if strings.Contains(p, "*") {
			t.Errorf("%s pattern %q has a wildcard: it would match another namespace", nt.Name, p)
		}
	}
	if _, ok := nt.Body["data_stream"]; !ok {
		t.Errorf("%s is not a data stream template", nt.Name)
	}
	for _, tp := range append(ts, nt) {
		if p := tp.Body["priority"].(int); p <= 200 {
			t.Errorf("%s: priority %d does not beat Fleet's integration templates (200)", tp.Name, p)
		}
	}
	if _, err := NamespaceTemplate("--"); err == nil {
		t.Error("a namespace without a letter or digit got a template")
	}
}

// TestTemplatesWinOverFleet: on a cluster where Fleet installed the System
// and Zeek integrations' templates (priority 200) and Elasticsearch its
// logs template (100), soclab's templates install (Elasticsearch refuses
// an overlapping template of the same priority) and map soclab's data
// streams: the events land in logs-system.auth-<ns>, logs-zeek.*-<ns>...
// with soclab's mappings, not the integrations'.
func TestTemplatesWinOverFleet(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	ctx := context.Background()
	keyword := map[string]any{"type": "keyword"}
	for name, body := range map[string]map[string]any{
		"logs": {"index_patterns": []string{"logs-*-*"}, "priority": 100, "data_stream": map[string]any{},
			"template": map[string]any{"mappings": map[string]any{"properties": map[string]any{"message": keyword}}}},
		"logs-system.auth": fleetTemplate("system.auth", map[string]any{"process": map[string]any{"properties": map[string]any{"pid": keyword}},
			"source": map[string]any{"properties": map[string]any{"port": map[string]any{"type": "ip"}}}}),
		"logs-zeek.connection": fleetTemplate("zeek.connection", map[string]any{"zeek": map[string]any{"properties": map[string]any{
			"connection": map[string]any{"properties": map[string]any{"local_orig": map[string]any{"type": "long"}}}}}}),
		"logs-zeek.dns": fleetTemplate("zeek.dns", map[string]any{"zeek": map[string]any{"properties": map[string]any{
			"dns": map[string]any{"properties": map[string]any{"rejected": map[string]any{"type": "long"}}}}}}),
	} {
		if err := c.do(ctx, "PUT", "/_index_template/"+name, nil, body, nil); err != nil {
			t.Fatalf("install %s: %v", name, err)
		}
	}
	// The fake refuses what Elasticsearch refuses: soclab's namespace
	// template at Fleet's priority overlaps logs-system.auth.
	nt, _ := NamespaceTemplate("t1")
	clash := map[string]any{}
	for k, v := range nt.Body {
		clash[k] = v
	}
	clash["priority"] = 200
	if err := c.do(ctx, "PUT", "/_index_template/soclab-clash", nil, clash, nil); err == nil || !strings.Contains(err.Error(), "same priority") {
		t.Fatalf("an overlapping template of the same priority was accepted: %v", err)
	}
	events := telemetryEvents()
	ix, err := index(t, c, fastIndexer(t, "t1"), events)
	if err != nil {
		t.Fatal(err)
	}
	accounted(t, fake, ix, len(events))
	if st := ix.Stats(); st.Failed != 0 {
		t.Fatalf("%d documents refused: soclab's mappings did not win (%+v)", st.Failed, st)
	}
	for _, ds := range []string{"system.auth", "system.security", "zeek.connection", "zeek.dns"} {
		if fake.Count("logs-"+ds+"-t1") == 0 {
			t.Errorf("no document in logs-%s-t1: %v", ds, fake.Indices())
		}
	}
}
