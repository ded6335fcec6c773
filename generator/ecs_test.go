package generator

import (
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/internal/ecs"
)

// ecsChecker remembers which key and kind it has checked, so that a long
// stream costs one check per distinct shape. It reads the one ECS table
// and its integration fields (internal/ecs).
type ecsChecker struct {
	doc   string // docs/telemetry.md, where soclab.* fields are documented
	seen  map[string]bool
	probs map[string]bool
}

func newECSChecker(t testing.TB) *ecsChecker {
	if telemetry.ECSVersion != ecs.Version {
		t.Fatalf("the ECS table is ECS %s, events claim %s", ecs.Version, telemetry.ECSVersion)
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "telemetry.md"))
	if err != nil {
		t.Fatal(err)
	}
	return &ecsChecker{doc: string(doc), seen: map[string]bool{}, probs: map[string]bool{}}
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
			if ft, ok := ecs.Lookup(key); !ok || ft.Type != "object" && ft.Type != "nested" {
				c.fail(key, "array of objects where ECS has no object field")
			}
			for _, o := range v.ObjectsVal() {
				c.walk(key+".", o)
			}
			continue
		case strings.HasSuffix(key, ".geo.location.lat") || strings.HasSuffix(key, ".geo.location.lon"):
			loc := key[:strings.LastIndexByte(key, '.')]
			if ft, _ := ecs.Lookup(loc); ft.Type != "geo_point" || v.Kind() != event.KindFloat {
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
	if f, ok := ecs.LookupIntegration(key); ok {
		for _, x := range vals {
			if msg := typeProblem(f.Type, x); msg != "" {
				c.fail(key, msg)
			}
		}
		return
	}
	ft, ok := ecs.Lookup(key)
	if !ok {
		c.fail(key, "not an ECS field (nor an Elastic integration field of internal/ecs)")
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
