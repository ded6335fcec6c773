package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/soclab/soclab/internal/diag"
	"gopkg.in/yaml.v3"
)

// MaxFileBytes is the largest pipeline file Decode accepts.
const MaxFileBytes = 1 << 20

var (
	nameRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9_.\-]*$`)
	fieldRE = regexp.MustCompile(`^[A-Za-z0-9_@][A-Za-z0-9_.\-@]*$`)
)

// Decode parses one pipeline file (a single YAML document) and validates
// it, reporting every problem at once as an ErrorList.
func Decode(file string, data []byte) (*Pipeline, error) {
	if len(data) > MaxFileBytes {
		return nil, ErrorList{errorf(file, Pos{}, "", "file is larger than %d bytes", MaxFileBytes)}
	}
	var doc yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	if errors.Is(err, io.EOF) {
		return nil, ErrorList{errorf(file, Pos{}, "", "empty file: a pipeline needs a name and transformations or logsources")}
	}
	if err != nil {
		line, msg := diag.YAMLSyntax(err)
		e := errorf(file, Pos{Line: line, Col: min(line, 1)}, "", "invalid YAML: %s", msg)
		return nil, ErrorList{e}
	}
	d := &decoder{file: file, p: &Pipeline{File: file}}
	d.document(doc.Content[0])
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	return d.p, nil
}

type decoder struct {
	file string
	p    *Pipeline
	errs ErrorList
}

func pos(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func (d *decoder) errorf(n *yaml.Node, field, format string, args ...any) {
	d.errs = append(d.errs, errorf(d.file, pos(n), field, format, args...))
}

// pairs returns a map's key/value nodes, reporting duplicate keys.
func (d *decoder) pairs(n *yaml.Node, field string) [][2]*yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, field, "must be a map")
		return nil
	}
	seen := map[string]bool{}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || seen[k.Value] {
			d.errorf(k, field, "keys must be unique plain strings")
			continue
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, n.Content[i+1]})
	}
	return out
}

func (d *decoder) str(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, field, "must be a string")
		return ""
	}
	return n.Value
}

// strList decodes a list of strings, or one string as a list of one.
func (d *decoder) strList(n *yaml.Node, field string) []string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, field, "must be a string or a non-empty list of strings")
		return nil
	}
	var out []string
	for _, it := range n.Content {
		if s := d.str(it, field); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) document(root *yaml.Node) {
	p := d.p
	for _, kv := range d.pairs(root, "") {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "name":
			p.Name = d.str(v, "name")
			if p.Name != "" && !nameRE.MatchString(p.Name) {
				d.errorf(v, "name", "%q: a pipeline name is lower-case letters, digits, \"_\", \"-\" and \".\"", p.Name)
			}
		case "description":
			p.Description = d.str(v, "description")
		case "priority":
			// pySigma orders pipelines by priority; soclab applies them in
			// the order given, so the value is accepted and not used.
		case "logsources":
			d.logsources(v)
		case "transformations":
			d.transforms(v)
		case "custom_fields":
			for _, f := range d.strList(v, "custom_fields") {
				if !fieldRE.MatchString(strings.TrimSuffix(f, ".*")) {
					d.errorf(v, "custom_fields", "%q is not a field name or a namespace such as winlog.*", f)
					continue
				}
				p.Custom = append(p.Custom, f)
			}
		default:
			d.errorf(k, k.Value, "unknown key (use name, description, logsources, transformations, custom_fields)")
		}
	}
	if p.Name == "" {
		d.errorf(root, "name", "missing: every pipeline needs a name")
	}
}

func (d *decoder) logsources(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "logsources", "must be a list of {category|product|service: value, datasets: [...]}")
		return
	}
	for i, it := range n.Content {
		field := fmt.Sprintf("logsources[%d]", i+1)
		m := LogsourceMap{Pos: pos(it)}
		for _, kv := range d.pairs(it, field) {
			switch k := kv[0].Value; k {
			case "category", "product", "service":
				if m.Attr != "" {
					d.errorf(kv[0], field, "give one of category, product or service per entry")
				}
				m.Attr, m.Value = k, strings.ToLower(d.str(kv[1], field+"."+k))
			case "datasets":
				m.Datasets = d.strList(kv[1], field+".datasets")
			default:
				d.errorf(kv[0], field, "unknown key %q (use category, product or service, and datasets)", k)
			}
		}
		if m.Attr == "" || m.Value == "" || len(m.Datasets) == 0 {
			d.errorf(it, field, "an entry needs one of category, product or service, and datasets")
			continue
		}
		d.p.Logsources = append(d.p.Logsources, m)
	}
}

func (d *decoder) transforms(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "transformations", "must be a list")
		return
	}
	ids := map[string]bool{}
	for i, it := range n.Content {
		field := fmt.Sprintf("transformations[%d]", i+1)
		t := d.transform(it, field)
		if t == nil {
			continue
		}
		if ids[t.ID] {
			d.errorf(it, field+".id", "%q is used twice in this pipeline", t.ID)
		}
		ids[t.ID] = true
		d.p.Transforms = append(d.p.Transforms, t)
	}
}

func (d *decoder) transform(n *yaml.Node, field string) *Transform {
	t := &Transform{Pos: pos(n)}
	typeNode := n
	before := len(d.errs)
	for _, kv := range d.pairs(n, field) {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "id":
			t.ID = d.str(v, field+".id")
		case "type":
			t.Type, typeNode = d.str(v, field+".type"), v
		case "logsource":
			t.Logsource = d.condition(v, field+".logsource")
		case "mapping":
			t.Mapping = d.mapping(v, field+".mapping")
		case "prefix":
			t.Prefix = d.str(v, field+".prefix")
		case "field":
			t.Field = d.str(v, field+".field")
		case "values":
			t.Values = map[string]string{}
			for _, p := range d.pairs(v, field+".values") {
				t.Values[strings.ToLower(p[0].Value)] = d.str(p[1], field+".values."+p[0].Value)
			}
		default:
			d.errorf(k, field, "unknown key %q (use id, type, logsource, mapping, prefix, field, values)", k.Value)
		}
	}
	if t.ID == "" {
		d.errorf(n, field+".id", "missing: every transformation needs an id (it is shown in rules list --json and in alerts)")
	}
	d.checkTransform(n, typeNode, field, t)
	if len(d.errs) > before {
		return nil
	}
	return t
}

func (d *decoder) checkTransform(n, typeNode *yaml.Node, field string, t *Transform) {
	need := func(ok bool, what string) {
		if !ok {
			d.errorf(n, field, "a %s transformation needs %s", t.Type, what)
		}
	}
	switch t.Type {
	case FieldNameMapping:
		need(len(t.Mapping) > 0, "a mapping of field names")
	case FieldNamePrefix:
		need(t.Prefix != "" && strings.HasSuffix(t.Prefix, "."), "a prefix ending in \".\"")
	case ValueMapping:
		need(t.Field != "" && len(t.Values) > 0, "a field and its values")
	case "":
		d.errorf(n, field+".type", "missing (use %s, %s or %s)", FieldNameMapping, FieldNamePrefix, ValueMapping)
	default:
		d.errorf(typeNode, field+".type", "unknown transformation type %q (use %s, %s or %s)", t.Type, FieldNameMapping, FieldNamePrefix, ValueMapping)
	}
}

func (d *decoder) condition(n *yaml.Node, field string) Condition {
	var c Condition
	for _, kv := range d.pairs(n, field) {
		v := strings.ToLower(d.str(kv[1], field+"."+kv[0].Value))
		switch kv[0].Value {
		case "category":
			c.Category = v
		case "product":
			c.Product = v
		case "service":
			c.Service = v
		default:
			d.errorf(kv[0], field, "unknown key %q (use category, product, service)", kv[0].Value)
		}
	}
	return c
}

func (d *decoder) mapping(n *yaml.Node, field string) map[string][]string {
	out := map[string][]string{}
	for _, kv := range d.pairs(n, field) {
		from := kv[0].Value
		to := d.strList(kv[1], field+"."+from)
		for _, f := range to {
			if !fieldRE.MatchString(f) {
				d.errorf(kv[1], field+"."+from, "%q is not a field name", f)
			}
		}
		out[from] = to
	}
	return out
}
