package elastic

import (
	"sort"
	"strings"

	"github.com/soclab/soclab/internal/ecs"
)

// Field is the Elasticsearch mapping of one flat field name, as the ECS
// reference gives it.
type Field struct {
	Name          string       `json:"name"`
	Type          string       `json:"type"`
	IgnoreAbove   int          `json:"ignore_above,omitempty"`
	Index         *bool        `json:"index,omitempty"`
	DocValues     *bool        `json:"doc_values,omitempty"`
	ScalingFactor float64      `json:"scaling_factor,omitempty"`
	ObjectType    string       `json:"object_type,omitempty"`
	MultiFields   []MultiField `json:"multi_fields,omitempty"`
}

// MultiField is a sub-field indexed another way, such as url.full.text.
type MultiField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// soclabFields are the fields outside ECS, all under "soclab.", as the
// doc comments of generator/telemetry define them.
var soclabFields = []Field{
	{Name: "soclab.windows.logon_type", Type: "long"},
	{Name: "soclab.windows.logon_type_name", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.windows.logon_id", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.sso.application", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.sso.mfa.method", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.sso.mfa.result", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.flow.tcp_flags", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.flow.state", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.proxy.category", Type: "keyword", IgnoreAbove: 1024},
}

// Fields returns every mapped field, ECS's, the integration's and soclab's,
// sorted by name.
func Fields() ([]Field, string, error) {
	fs := append([]Field(nil), ecsFields()...)
	fs = append(fs, soclabFields...)
	for _, f := range ecs.Integration() {
		fs = append(fs, fromECS(f))
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	return fs, ecs.Version, nil
}

// mappingTree builds the nested "properties" of a mapping from flat fields,
// and the dynamic templates that objects with an object_type (labels) need.
func mappingTree(fields []Field) (props map[string]any, dynamic []map[string]any) {
	props = map[string]any{}
	for _, f := range fields {
		parts := strings.Split(f.Name, ".")
		node := props
		for _, p := range parts[:len(parts)-1] {
			node = child(node, p)
		}
		leaf := parts[len(parts)-1]
		if f.Type == "object" {
			child(node, leaf)
			node[leaf].(map[string]any)["type"] = "object"
			if f.ObjectType != "" {
				dynamic = append(dynamic, map[string]any{f.Name: map[string]any{
					"path_match": f.Name + ".*", "match_mapping_type": "string",
					"mapping": map[string]any{"type": f.ObjectType}}})
			}
			continue
		}
		node[leaf] = leafMapping(f)
	}
	return props, dynamic
}

// child returns the properties of object name inside node, creating it.
func child(node map[string]any, name string) map[string]any {
	m, ok := node[name].(map[string]any)
	if !ok {
		m = map[string]any{}
		node[name] = m
	}
	p, ok := m["properties"].(map[string]any)
	if !ok {
		p = map[string]any{}
		m["properties"] = p
	}
	return p
}

func leafMapping(f Field) map[string]any {
	m := map[string]any{"type": f.Type}
	if f.IgnoreAbove > 0 {
		m["ignore_above"] = f.IgnoreAbove
	}
	if f.Index != nil {
		m["index"] = *f.Index
	}
	if f.DocValues != nil {
		m["doc_values"] = *f.DocValues
	}
	if f.ScalingFactor != 0 {
		m["scaling_factor"] = f.ScalingFactor
	}
	if len(f.MultiFields) > 0 {
		sub := map[string]any{}
		for _, mf := range f.MultiFields {
			sub[mf.Name] = map[string]any{"type": mf.Type}
		}
		m["fields"] = sub
	}
	return m
}
