package fakees

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// checkFields checks a document's values against the flat field types of
// its template, the way Elasticsearch rejects a value its mapping cannot
// parse. It returns "" or the rejection reason.
func checkFields(prefix string, obj map[string]any, fields map[string]string) string {
	for k, v := range obj {
		name := prefix + k
		typ := fields[name]
		if r := checkValue(name, typ, v, fields); r != "" {
			return r
		}
	}
	return ""
}

func checkValue(name, typ string, v any, fields map[string]string) string {
	if arr, ok := v.([]any); ok {
		for _, e := range arr {
			if r := checkValue(name, typ, e, fields); r != "" {
				return r
			}
		}
		return ""
	}
	if obj, ok := v.(map[string]any); ok {
		switch typ {
		case "", "object", "nested", "flattened":
			return checkFields(name+".", obj, fields)
		case "geo_point":
			if _, lat := obj["lat"]; lat {
				return ""
			}
		}
		return fmt.Sprintf("failed to parse field [%s] of type [%s]: an object cannot be indexed as [%s]", name, typ, typ)
	}
	if v == nil || typ == "" {
		return ""
	}
	bad := func() string {
		return fmt.Sprintf("failed to parse field [%s] of type [%s] in document. Preview of field's value: '%v'", name, typ, v)
	}
	switch typ {
	case "object", "nested":
		return fmt.Sprintf("object mapping for [%s] tried to parse field [%s] as object, but found a concrete value", name, name)
	case "long", "integer", "short", "byte", "unsigned_long":
		if n, ok := v.(json.Number); ok {
			if _, err := n.Int64(); err == nil {
				return ""
			}
		}
		if s, ok := v.(string); ok && isInt(s) {
			return ""
		}
		return bad()
	case "float", "double", "half_float", "scaled_float":
		if _, ok := v.(json.Number); ok {
			return ""
		}
		if s, ok := v.(string); ok && json.Valid([]byte(s)) && isNumber(s) {
			return ""
		}
		return bad()
	case "ip":
		if s, ok := v.(string); ok {
			if _, err := netip.ParseAddr(s); err == nil {
				return ""
			}
		}
		return bad()
	case "date":
		if _, ok := v.(json.Number); ok {
			return ""
		}
		if s, ok := v.(string); ok {
			if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return ""
			}
			if _, err := time.Parse("2006-01-02", s); err == nil {
				return ""
			}
		}
		return bad()
	case "boolean":
		if _, ok := v.(bool); ok {
			return ""
		}
		if s, ok := v.(string); ok && (s == "true" || s == "false" || s == "") {
			return ""
		}
		return bad()
	case "geo_point":
		if s, ok := v.(string); ok && strings.Contains(s, ",") {
			return ""
		}
		return bad()
	}
	return "" // keyword, wildcard, text and the like take any scalar
}

func isInt(s string) bool {
	var n json.Number = json.Number(s)
	_, err := n.Int64()
	return err == nil
}

func isNumber(s string) bool {
	var n json.Number = json.Number(s)
	_, err := n.Float64()
	return err == nil
}
