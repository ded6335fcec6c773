package elastic

import (
	"strings"
	"testing"

	"github.com/soclab/soclab/internal/ecs"
)

// TestMappingsCoverEveryGeneratorField builds an event with every
// generator/telemetry builder and checks that each of its leaf keys has a
// mapping with the ECS type (not left to dynamic mapping).
func TestMappingsCoverEveryGeneratorField(t *testing.T) {
	fields, _, err := Fields()
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, f := range fields {
		types[f.Name] = f.Type
		if f.ObjectType != "" {
			types[f.Name] = "object_type"
		}
	}
	seen := 0
	for _, e := range telemetryEvents() {
		for _, k := range e.Keys() {
			seen++
			if _, ok := types[k]; ok {
				continue
			}
			// lat/lon of a geo_point, children of an object with object_type.
			if i := strings.LastIndexByte(k, '.'); i > 0 && (types[k[:i]] == "geo_point" || types[k[:i]] == "object_type") {
				continue
			}
			t.Errorf("%s: field %s has no mapping", e.Dataset(), k)
		}
	}
	if seen < 300 {
		t.Fatalf("only %d keys seen: the builders did not run", seen)
	}
	// Spot checks of the ECS types that matter for queries.
	for name, want := range map[string]string{
		"@timestamp": "date", "source.ip": "ip", "source.port": "long", "event.duration": "long",
		"source.geo.location": "geo_point", "url.full": "wildcard", "message": "match_only_text",
		"dns.answers": "object", "dns.answers.data": "keyword", "network.bytes": "long",
		"soclab.windows.logon_type": "long", "event.code": "keyword", "data_stream.dataset": "keyword",
	} {
		if types[name] != want {
			t.Errorf("%s maps as %q, want %q", name, types[name], want)
		}
	}
}

// TestTemplatesShape checks what Elasticsearch relies on: priority above
// the built-in logs template, data streams for events only, no component
// templates, nested properties.
func TestTemplatesShape(t *testing.T) {
	ts, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Name != "soclab-logs" || ts[1].Name != "soclab-alerts" {
		t.Fatalf("templates %v", ts)
	}
	for _, tp := range ts {
		if tp.Body["priority"].(int) <= 100 {
			t.Errorf("%s: priority %v must beat the built-in logs template (100)", tp.Name, tp.Body["priority"])
		}
		if _, ok := tp.Body["composed_of"]; ok {
			t.Errorf("%s uses component templates", tp.Name)
		}
		props := tp.Body["template"].(map[string]any)["mappings"].(map[string]any)["properties"].(map[string]any)
		src := props["source"].(map[string]any)["properties"].(map[string]any)
		if src["ip"].(map[string]any)["type"] != "ip" {
			t.Errorf("%s: source.ip not nested as ip: %v", tp.Name, src["ip"])
		}
	}
	if _, ok := ts[0].Body["data_stream"]; !ok {
		t.Error("soclab-logs is not a data stream template")
	}
	if _, ok := ts[1].Body["data_stream"]; ok {
		t.Error("soclab-alerts must be a plain index template")
	}
}

// TestMappingsFollowECSTable checks that the mapped ECS fields take their
// types from the one ECS table (internal/ecs) except the overrides, that
// the excluded field sets stay out, and that the integration fields are
// mapped as that table lists them.
func TestMappingsFollowECSTable(t *testing.T) {
	fields, version, err := Fields()
	if err != nil {
		t.Fatal(err)
	}
	if version != ecs.Version {
		t.Errorf("version %q, want %q", version, ecs.Version)
	}
	byName := map[string]Field{}
	for _, f := range fields {
		byName[f.Name] = f
	}
	for _, name := range []string{"source.ip", "event.original", "url.full", "labels", "@timestamp"} {
		ef, _ := ecs.Lookup(name)
		f, ok := byName[name]
		if !ok || f.Type != ef.Type || f.IgnoreAbove != ef.IgnoreAbove || (f.Index != nil) != ef.NotIndexed || len(f.MultiFields) != len(ef.MultiFields) {
			t.Errorf("%s: mapped %+v, ECS table %+v", name, f, ef)
		}
	}
	if f := byName["data_stream.dataset"]; f.Type != "keyword" {
		t.Errorf("data_stream.dataset: type %q, want the keyword override", f.Type)
	}
	for _, name := range []string{"host.cpu.usage", "user.changes.name", "process.parent.entity_id"} {
		if _, ok := byName[name]; ok {
			t.Errorf("%s is mapped, want it left to dynamic mapping", name)
		}
	}
	for _, f := range ecs.Integration() {
		if byName[f.Name].Type != f.Type {
			t.Errorf("integration field %s: mapped %+v", f.Name, byName[f.Name])
		}
	}
}
