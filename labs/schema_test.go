package labs

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/truth"
)

// TestSchemaAgreesWithTypes walks the Lab type's yaml keys and the schema's
// properties together: every key of one must be in the other, at every
// level, and every object with fixed keys must refuse others.
func TestSchemaAgreesWithTypes(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["$defs"].(map[string]any)
	compareSchema(t, "", reflect.TypeOf(Lab{}), schema, defs)
}

func compareSchema(t *testing.T, path string, typ reflect.Type, node map[string]any, defs map[string]any) {
	t.Helper()
	node = resolveRef(node, defs)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch {
	case typ == reflect.TypeOf(time.Time{}) || typ == reflect.TypeOf(Duration(0)) || typ == reflect.TypeOf(At{}):
		if node["type"] != "string" {
			t.Errorf("%s: schema type %v, want string", path, node["type"])
		}
	case typ.Kind() == reflect.Struct:
		props, _ := node["properties"].(map[string]any)
		if node["additionalProperties"] != false {
			t.Errorf("%s: schema object must set additionalProperties: false", path)
		}
		fields, names := fieldsOf(typ)
		for _, name := range names {
			sub, ok := props[name].(map[string]any)
			if !ok {
				t.Errorf("%s: field %q is in the Go type but not in the schema", path, name)
				continue
			}
			compareSchema(t, join(path, name), typ.Field(fields[name]).Type, sub, defs)
		}
		for name := range props {
			if !slices.Contains(names, name) {
				t.Errorf("%s: schema property %q is not a field of %s", path, name, typ)
			}
		}
	case typ.Kind() == reflect.Slice:
		items, _ := node["items"].(map[string]any)
		if node["type"] != "array" || items == nil {
			t.Errorf("%s: want an array schema with items", path)
			return
		}
		compareSchema(t, path+"[]", typ.Elem(), items, defs)
	case typ.Kind() == reflect.Map:
		if node["type"] != "object" {
			t.Errorf("%s: want an object schema", path)
		}
		if path == "rubric.criteria" {
			props, _ := node["properties"].(map[string]any)
			if got := keys(props); !slices.Equal(got, sortedCopy(Criteria)) {
				t.Errorf("%s: schema criteria %v, Go criteria %v", path, got, sortedCopy(Criteria))
			}
		}
		if path == "rates" {
			names, _ := node["propertyNames"].(map[string]any)["enum"].([]any)
			var got []string
			for _, n := range names {
				got = append(got, n.(string))
			}
			var accepted []string
			for _, n := range event.DatasetSpellings() {
				if _, err := event.ResolveDataset(n); err == nil {
					accepted = append(accepted, n)
				}
			}
			if !slices.Equal(sortedCopy(got), sortedCopy(accepted)) {
				t.Errorf("rates: schema datasets %v, the names event.ResolveDataset accepts %v", got, accepted)
			}
		}
	default:
		want := map[reflect.Kind]string{reflect.String: "string", reflect.Int: "integer", reflect.Float64: "number", reflect.Bool: "boolean"}[typ.Kind()]
		if got, _ := node["type"].(string); got != want && node["enum"] == nil {
			t.Errorf("%s: schema type %q, Go kind %s", path, got, typ.Kind())
		}
	}
}

func resolveRef(node map[string]any, defs map[string]any) map[string]any {
	if ref, ok := node["$ref"].(string); ok {
		return defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
	return node
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

// TestSchemaEnumsAgree checks the schema's enums against the Go lists.
func TestSchemaEnumsAgree(t *testing.T) {
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Defs       map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	enum := func(raw json.RawMessage) []string {
		var v struct{ Enum []string }
		json.Unmarshal(raw, &v)
		return v.Enum
	}
	var report struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	json.Unmarshal(schema.Properties["report"], &report)
	for name, pair := range map[string][2][]string{
		"difficulty": {enum(schema.Properties["difficulty"]), Difficulties},
		"verdict":    {enum(schema.Defs["verdict"]), Verdicts},
		"severity":   {enum(schema.Defs["severity"]), Severities},
		"category":   {enum(report.Properties["category"]), Categories},
	} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s: schema %v, Go %v", name, pair[0], pair[1])
		}
	}
}

// TestTruthSchemaAgreesWithTypes keeps truth.schema.json in step with the
// TruthFile type, and its enums with the Go lists and the catalogue.
func TestTruthSchemaAgreesWithTypes(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(TruthSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["$defs"].(map[string]any)
	compareSchema(t, "", reflect.TypeOf(TruthFile{}), schema, defs)
	enum := func(node any) []string {
		var out []string
		for _, v := range node.(map[string]any)["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	indicator := defs["indicator"].(map[string]any)["properties"].(map[string]any)
	alert := schema["properties"].(map[string]any)["alerts"].(map[string]any)["items"].(map[string]any)["properties"].(map[string]any)
	all := append(scenarioIDs(truth.KindAttack), scenarioIDs(truth.KindDecoy)...)
	for name, pair := range map[string][2][]string{
		"roles":    {enum(defs["role"]), IndicatorRoles()},
		"types":    {enum(indicator["type"]), IndicatorTypes},
		"attacks":  {enum(defs["attack"]), scenarioIDs(truth.KindAttack)},
		"stages":   {enum(defs["scenario"]), sortedCopy(all)},
		"verdict":  {enum(alert["verdict"]), Verdicts},
		"severity": {enum(alert["severity"]), Severities},
	} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s: schema %v, Go %v", name, pair[0], pair[1])
		}
	}
}
