package generator

import (
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

var update = flag.Bool("update", false, "regenerate testdata from the shared ECS reference")

// ecsRef is the subset of the ECS flat field reference the generator's
// events are checked against (testdata/ecs_fields.json).
type ecsRef struct {
	Version string              `json:"ecs_version"`
	Note    string              `json:"note"`
	Fields  map[string]ecsField `json:"fields"`
}

type ecsField struct {
	Type    string   `json:"type"`
	Allowed []string `json:"allowed,omitempty"`
}

// ecsFieldSets are the ECS field sets whose fields the reference subset
// keeps.
var ecsFieldSets = []string{"@timestamp", "message", "labels", "tags", "ecs", "event", "data_stream", "host", "observer", "source", "destination", "network", "user", "related", "process", "dns", "url", "http", "user_agent", "rule", "group", "client", "server", "tls", "file", "email", "service"}

const ecsRefPath = "testdata/ecs_fields.json"

// TestUpdateECSReference regenerates testdata/ecs_fields.json from the
// shared ECS reference with -update (the repository's ../shared/ecs).
func TestUpdateECSReference(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate " + ecsRefPath)
	}
	src := filepath.Join("..", "..", "shared", "ecs", "ecs_flat.yml")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var flat map[string]struct {
		Type    string `yaml:"type"`
		Allowed []struct {
			Name string `yaml:"name"`
		} `yaml:"allowed_values"`
	}
	if err := yaml.Unmarshal(data, &flat); err != nil {
		t.Fatal(err)
	}
	ref := ecsRef{Version: telemetry.ECSVersion, Note: "subset of ecs_flat.yml (ECS " + telemetry.ECSVersion + "): the field sets soclab emits; regenerate with go test ./generator -run TestUpdateECSReference -update", Fields: map[string]ecsField{}}
	for name, f := range flat {
		set, _, _ := strings.Cut(name, ".")
		if !containsStr(ecsFieldSets, set) {
			continue
		}
		ef := ecsField{Type: f.Type}
		for _, a := range f.Allowed {
			ef.Allowed = append(ef.Allowed, a.Name)
		}
		ref.Fields[name] = ef
	}
	out, _ := json.MarshalIndent(ref, "", " ")
	if err := os.WriteFile(ecsRefPath, append(out, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadECS(t testing.TB) *ecsRef {
	t.Helper()
	data, err := os.ReadFile(ecsRefPath)
	if err != nil {
		t.Fatal(err)
	}
	var ref ecsRef
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if ref.Version != telemetry.ECSVersion {
		t.Fatalf("%s is ECS %s, events claim %s", ecsRefPath, ref.Version, telemetry.ECSVersion)
	}
	return &ref
}

// ecsChecker remembers which key and kind it has checked, so that a long
// stream costs one check per distinct shape.
type ecsChecker struct {
	ref   *ecsRef
	doc   string // docs/telemetry.md, where soclab.* fields are documented
	seen  map[string]bool
	probs map[string]bool
	// integ are the Elastic integration fields soclab writes beside ECS
	// (winlog.*, system.auth.*), with their types.
	integ map[string]string
}

// integrationFieldsPath lists the Elastic System integration fields
// (winlog.*, system.auth.*) the generator may write beside ECS.
const integrationFieldsPath = "testdata/integration_fields.json"

func newECSChecker(t testing.TB) *ecsChecker {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "telemetry.md"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(integrationFieldsPath)
	if err != nil {
		t.Fatal(err)
	}
	var integ struct {
		Fields map[string]string `json:"fields"`
	}
	if err := json.Unmarshal(data, &integ); err != nil {
		t.Fatal(err)
	}
	return &ecsChecker{ref: loadECS(t), doc: string(doc), seen: map[string]bool{}, probs: map[string]bool{}, integ: integ.Fields}
}

func (c *ecsChecker) check(e *event.Event) {
	c.walk("", e.Fields)
}

func (c *ecsChecker) walk(prefix string, fs []event.Field) {
	for _, f := range fs {
		key := prefix + f.Key
		v := f.Val
		switch {
		case v.Kind() == event.KindObjects:
			if ft, ok := c.ref.Fields[key]; !ok || ft.Type != "object" && ft.Type != "nested" {
				c.fail(key, "array of objects where ECS has no object field")
			}
			for _, o := range v.ObjectsVal() {
				c.walk(key+".", o)
			}
			continue
		case strings.HasSuffix(key, ".geo.location.lat") || strings.HasSuffix(key, ".geo.location.lon"):
			loc := key[:strings.LastIndexByte(key, '.')]
			if ft := c.ref.Fields[loc]; ft.Type != "geo_point" || v.Kind() != event.KindFloat {
				c.fail(key, "not a geo_point {lat, lon} of numbers")
			}
			continue
		}
		c.leaf(key, v)
	}
}

func (c *ecsChecker) leaf(key string, v event.Value) {
	vals := []event.Value{v}
	if v.Kind() == event.KindList {
		vals = v.ListVal()
	}
	if strings.HasPrefix(key, "soclab.") {
		if !strings.Contains(c.doc, "`"+key+"`") {
			c.fail(key, "soclab field not documented in docs/telemetry.md")
		}
		return
	}
	if strings.HasPrefix(key, "labels.") {
		return
	}
	if typ, ok := c.integ[key]; ok {
		for _, x := range vals {
			if msg := typeProblem(typ, x); msg != "" {
				c.fail(key, msg)
			}
		}
		return
	}
	ft, ok := c.ref.Fields[key]
	if !ok {
		c.fail(key, "not an ECS field (nor an Elastic integration field of "+integrationFieldsPath+")")
		return
	}
	for _, x := range vals {
		sig := key + "|" + string(rune('0'+x.Kind()))
		if len(ft.Allowed) > 0 {
			sig += "|" + x.Str()
		}
		if c.seen[sig] {
			continue
		}
		c.seen[sig] = true
		if msg := typeProblem(ft.Type, x); msg != "" {
			c.fail(key, msg)
		}
		if len(ft.Allowed) > 0 && !containsStr(ft.Allowed, x.Str()) {
			c.fail(key, "value "+x.Str()+" not among ECS allowed values")
		}
	}
}

// typeProblem says what is wrong with a value of ECS type typ, or "".
func typeProblem(typ string, v event.Value) string {
	k := v.Kind()
	switch typ {
	case "keyword", "wildcard", "text", "match_only_text", "constant_keyword":
		if k != event.KindString {
			return "want a string for " + typ
		}
	case "long", "integer", "short", "byte", "unsigned_long":
		if k != event.KindInt {
			return "want an integer for " + typ
		}
	case "float", "double", "half_float", "scaled_float":
		if k != event.KindFloat && k != event.KindInt {
			return "want a number for " + typ
		}
	case "boolean":
		if k != event.KindBool {
			return "want a boolean"
		}
	case "date":
		if k != event.KindTime {
			return "want a date"
		}
	case "ip":
		if _, err := netip.ParseAddr(v.Str()); k != event.KindString || err != nil {
			return "want an IP address"
		}
	default:
		return "ECS type " + typ + " is not a leaf the generator should write"
	}
	return ""
}

func (c *ecsChecker) fail(key, msg string) { c.probs[key+": "+msg] = true }

func (c *ecsChecker) problems() []string {
	var out []string
	for p := range c.probs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func containsStr(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
