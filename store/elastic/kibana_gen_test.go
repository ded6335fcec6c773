package elastic

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated and golden files")

// Fixed ids, so that re-importing overwrites instead of duplicating.
const (
	eventsViewID = "soclab-events"
	alertsViewID = "soclab-alerts"
	dashboardID  = "soclab-triage"
)

// kibanaSearch is one saved search of the triage dashboard.
type kibanaSearch struct {
	id, title, view, kql string
	columns              []string
}

var kibanaSearches = []kibanaSearch{
	{"soclab-search-alerts", "soclab: alerts to triage", alertsViewID, "", []string{"rule.name", "event.severity", "host.name", "user.name", "source.ip", "message"}},
	{"soclab-search-auth-failures", "soclab: failed authentications", eventsViewID, "event.category:authentication and event.outcome:failure", []string{"event.dataset", "user.name", "source.ip", "host.name", "event.reason"}},
	{"soclab-search-dns", "soclab: DNS queries", eventsViewID, `event.dataset:"zeek.dns"`, []string{"source.ip", "dns.question.name", "dns.question.type", "dns.response_code"}},
	{"soclab-search-proxy", "soclab: web proxy", eventsViewID, `event.dataset:"soclab.proxy"`, []string{"user.name", "url.domain", "http.request.method", "http.response.status_code", "http.response.mime_type"}},
	{"soclab-search-flows", "soclab: network flows", eventsViewID, `event.dataset:"zeek.connection"`, []string{"source.ip", "destination.ip", "destination.port", "network.protocol", "zeek.connection.state", "network.bytes"}},
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// generateSavedObjects builds the NDJSON in Kibana 7.17's export format,
// which every Kibana 8 imports and migrates.
func generateSavedObjects() []byte {
	var objs []map[string]any
	view := func(id, title, name string) map[string]any {
		return map[string]any{"id": id, "type": "index-pattern", "migrationVersion": map[string]string{"index-pattern": "7.11.0"},
			"attributes": map[string]any{"title": title, "name": name, "timeFieldName": "@timestamp"}, "references": []any{}}
	}
	objs = append(objs, view(eventsViewID, "logs-*", "soclab events"), view(alertsViewID, AlertsPattern, "soclab alerts"))
	var panels []map[string]any
	var refs []map[string]string
	for i, s := range kibanaSearches {
		source := map[string]any{"query": map[string]string{"query": s.kql, "language": "kuery"}, "filter": []any{},
			"indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
		objs = append(objs, map[string]any{"id": s.id, "type": "search", "migrationVersion": map[string]string{"search": "7.9.3"},
			"attributes": map[string]any{"title": s.title, "description": "", "columns": s.columns, "sort": [][]string{{"@timestamp", "desc"}},
				"kibanaSavedObjectMeta": map[string]string{"searchSourceJSON": mustJSON(source)}},
			"references": []map[string]string{{"name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern", "id": s.view}}})
		ref := fmt.Sprintf("panel_%d", i)
		w, h := 24, 15
		x, y := (i%2)*24, (i/2)*15
		if i == 0 {
			w = 48
		} else {
			x, y = ((i-1)%2)*24, 15+((i-1)/2)*15
		}
		panels = append(panels, map[string]any{"version": "7.17.0", "type": "search", "panelIndex": fmt.Sprint(i + 1),
			"gridData":         map[string]any{"x": x, "y": y, "w": w, "h": h, "i": fmt.Sprint(i + 1)},
			"embeddableConfig": map[string]any{}, "panelRefName": ref})
		refs = append(refs, map[string]string{"name": ref, "type": "search", "id": s.id})
	}
	objs = append(objs, map[string]any{"id": dashboardID, "type": "dashboard", "migrationVersion": map[string]string{"dashboard": "7.17.3"},
		"attributes": map[string]any{"title": "soclab: SOC triage", "description": "Alerts to triage and the event views an L1 analyst starts from.",
			"panelsJSON": mustJSON(panels), "optionsJSON": mustJSON(map[string]bool{"useMargins": true, "hidePanelTitles": false}),
			"timeRestore": false, "version": 1,
			"kibanaSavedObjectMeta": map[string]string{"searchSourceJSON": mustJSON(map[string]any{"query": map[string]string{"query": "", "language": "kuery"}, "filter": []any{}})}},
		"references": refs})
	var b bytes.Buffer
	for _, o := range objs {
		b.WriteString(mustJSON(o))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// deployCopy is the copy of the saved objects shipped in deploy/.
var deployCopy = filepath.Join("..", "..", "deploy", "kibana", "soclab-saved-objects.ndjson")

// TestSavedObjectsUpToDate checks the embedded NDJSON and its copy in
// deploy/ against the generator (-update rewrites both).
func TestSavedObjectsUpToDate(t *testing.T) {
	want := generateSavedObjects()
	if *update {
		for _, p := range []string{"kibana/saved_objects.ndjson", deployCopy} {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if !bytes.Equal(SavedObjects, want) {
		t.Error("kibana/saved_objects.ndjson is stale: run go test ./store/elastic -run TestSavedObjectsUpToDate -update")
	}
	got, err := os.ReadFile(deployCopy)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s differs from the embedded saved objects (%v): run with -update", deployCopy, err)
	}
}

// TestSavedObjectsReferences checks that every reference points at an
// object of the file with the right type, and that the data views cover
// the patterns the indexer writes to.
func TestSavedObjectsReferences(t *testing.T) {
	type ref struct{ Name, Type, ID string }
	type obj struct {
		ID, Type   string
		Attributes map[string]any
		References []ref
	}
	have := map[string]string{}
	var objs []obj
	for i, line := range strings.Split(strings.TrimSpace(string(SavedObjects)), "\n") {
		var o obj
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		have[o.ID] = o.Type
		objs = append(objs, o)
	}
	for _, o := range objs {
		for _, r := range o.References {
			if have[r.ID] != r.Type {
				t.Errorf("%s %s: reference %s to %s %s, which the file does not hold", o.Type, o.ID, r.Name, r.Type, r.ID)
			}
		}
		if o.Type == "dashboard" {
			var panels []map[string]any
			if err := json.Unmarshal([]byte(o.Attributes["panelsJSON"].(string)), &panels); err != nil {
				t.Fatal(err)
			}
			if len(panels) != len(o.References) || len(panels) != len(kibanaSearches) {
				t.Errorf("dashboard has %d panels and %d references", len(panels), len(o.References))
			}
		}
	}
	if have[eventsViewID] != "index-pattern" || have[alertsViewID] != "index-pattern" || have[dashboardID] != "dashboard" {
		t.Errorf("missing data views or dashboard: %v", have)
	}
}
