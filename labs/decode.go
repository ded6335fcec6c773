package labs

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// pos is a line and column in a lab file (1-based).
type pos struct{ line, col int }

// decoder fills a Go value from a yaml.Node tree field by field, so that
// every problem (unknown key, wrong type) is reported with its position and
// field path, and all of them are reported at once. It records where each
// field path was written for the checks that follow.
type decoder struct {
	file string
	errs ErrorList
	at   map[string]pos  // field path → position of its value
	keys map[string]pos  // field path → position of its key
	bad  map[string]bool // field paths that failed to decode
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, at: map[string]pos{}, keys: map[string]pos{}, bad: map[string]bool{}}
}

// errorf records an error at node n.
func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.bad[path] = true
	d.errs = append(d.errs, &FieldError{File: d.file, Line: n.Line, Column: n.Column, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// failed reports whether path, or a field it is part of, failed to decode:
// checks on it would only repeat the problem.
func (d *decoder) failed(path string) bool {
	for p := path; ; {
		if d.bad[p] {
			return true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// posOf returns the recorded position of path, or of its closest recorded
// parent, so that a check on a missing field points at its parent.
func (d *decoder) posOf(path string) pos {
	for p := path; ; {
		if at, ok := d.at[p]; ok {
			return at
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return d.at[""]
		}
		p = p[:i]
	}
}

var (
	timeType        = reflect.TypeOf(time.Time{})
	unmarshalerType = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()
)

// decode fills v from n; path names v in error messages.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	d.at[path] = pos{n.Line, n.Column}
	if isNull(n) {
		return
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
		return
	}
	if reflect.PointerTo(v.Type()).Implements(unmarshalerType) || v.Type() == timeType {
		d.scalar(n, v, path)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.structure(n, v, path)
	case reflect.Slice:
		d.sequence(n, v, path)
	case reflect.Map:
		d.mapping(n, v, path)
	default:
		d.scalar(n, v, path)
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// yamlName is the key yaml.v3 uses for a struct field ("-" for none).
func yamlName(f reflect.StructField) string {
	if !f.IsExported() {
		return "-"
	}
	tag := f.Tag.Get("yaml")
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name
	}
	return strings.ToLower(f.Name)
}

// fieldsOf maps a struct type's yaml keys to field indexes.
func fieldsOf(t reflect.Type) (map[string]int, []string) {
	m := map[string]int{}
	var names []string
	for i := range t.NumField() {
		if name := yamlName(t.Field(i)); name != "-" {
			m[name] = i
			names = append(names, name)
		}
	}
	return m, names
}

func (d *decoder) structure(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping of fields, got %s", describe(n))
		return
	}
	fields, names := fieldsOf(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		sub := join(path, k.Value)
		d.keys[sub] = pos{k.Line, k.Column}
		idx, ok := fields[k.Value]
		switch {
		case !ok:
			d.errorf(k, sub, "unknown field %q%s", k.Value, didYouMean(k.Value, names))
		case seen[k.Value]:
			d.errorf(k, sub, "field %q given twice", k.Value)
		default:
			seen[k.Value] = true
			d.decode(val, v.Field(idx), sub)
		}
	}
}

func (d *decoder) sequence(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "want a list, got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping, got %s", describe(n))
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		panic("labs: decoder supports string-keyed maps only")
	}
	m := reflect.MakeMap(v.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		sub := join(path, k.Value)
		d.keys[sub] = pos{k.Line, k.Column}
		if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.errorf(k, sub, "key %q given twice", k.Value)
			continue
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, elem, sub)
		m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), elem)
	}
	v.Set(m)
}

// scalar decodes a leaf with yaml.v3 and rewrites its error into a
// positioned one.
func (d *decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	if v.Kind() == reflect.Interface {
		var x any
		if err := n.Decode(&x); err != nil {
			d.errorf(n, path, "%s", cleanYAMLError(err))
			return
		}
		v.Set(reflect.ValueOf(&x).Elem())
		return
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "want %s, got %s", typeWord(v.Type()), describe(n))
		return
	}
	if v.Kind() == reflect.String && n.Tag != "!!str" && !isPlainText(n) {
		d.errorf(n, path, "want %s, got %s", typeWord(v.Type()), describe(n))
		return
	}
	ptr := reflect.New(v.Type())
	if err := n.Decode(ptr.Interface()); err != nil {
		if v.Type() == timeType || strings.Contains(err.Error(), "cannot unmarshal") {
			d.errorf(n, path, "want %s, got %q", typeWord(v.Type()), n.Value)
		} else {
			d.errorf(n, path, "%s", cleanYAMLError(err))
		}
		return
	}
	v.Set(ptr.Elem())
}

// isPlainText reports whether a scalar that yaml resolved to a non-string
// tag still reads naturally as text (a number or date in a title).
func isPlainText(n *yaml.Node) bool {
	return slices.Contains([]string{"!!int", "!!float", "!!timestamp"}, n.Tag)
}

// cleanYAMLError drops yaml.v3's "yaml: " prefix and line numbers, which
// the FieldError already carries.
func cleanYAMLError(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: unmarshal errors:\n")
	msg = strings.TrimPrefix(strings.TrimSpace(msg), "yaml: ")
	if strings.HasPrefix(msg, "line ") {
		if _, rest, ok := strings.Cut(msg, ": "); ok {
			msg = rest
		}
	}
	return msg
}

// describe names a node's kind for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!bool" {
			return "a boolean " + strconv.Quote(n.Value)
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

// typeWord names a Go type the way a lab author thinks of it.
func typeWord(t reflect.Type) string {
	switch {
	case t == timeType:
		return "an RFC 3339 time (2026-03-02T00:00:00Z)"
	case t == reflect.TypeOf(Duration(0)):
		return "a duration (e.g. 6h)"
	case t == reflect.TypeOf(At{}):
		return "+DURATION or an RFC 3339 time"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return t.String()
}

// join appends a key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
