package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/soclab/soclab/internal/diag"
	"gopkg.in/yaml.v3"
)

// MaxFileBytes is the largest rule file Decode accepts.
const MaxFileBytes = 4 << 20

// Decode parses every YAML document of one rule file and validates each
// rule. It returns the rules that decoded cleanly and, as an ErrorList,
// every problem found (a broken rule does not stop the others).
func Decode(file string, data []byte) ([]*Rule, error) {
	if len(data) > MaxFileBytes {
		return nil, ErrorList{{File: file, Msg: fmt.Sprintf("file is larger than %d bytes", MaxFileBytes)}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var rules []*Rule
	var errs ErrorList
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, yamlError(file, err))
			break
		}
		if len(doc.Content) == 0 || isNullNode(doc.Content[0]) {
			continue
		}
		d := &decoder{rule: &Rule{File: file, Pos: pos(doc.Content[0]), KeyPos: map[string]Pos{}}}
		d.document(doc.Content[0])
		if len(d.errs) == 0 {
			rules = append(rules, d.rule)
		}
		errs = append(errs, d.errs...)
	}
	return rules, errs.Err()
}

func yamlError(file string, err error) *Error {
	line, msg := diag.YAMLSyntax(err)
	return &Error{File: file, Pos: Pos{Line: line, Col: min(line, 1)}, Msg: "invalid YAML: " + msg}
}

func pos(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func isNullNode(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// decoder collects the errors of one document.
type decoder struct {
	rule        *Rule
	errs        ErrorList
	topGenerate *bool // Sigma 2.0.0 put "generate" beside the correlation section
}

func (d *decoder) errorf(n *yaml.Node, construct, format string, args ...any) {
	p := Pos{}
	if n != nil {
		p = pos(n)
	}
	d.errs = append(d.errs, d.rule.Errorf(p, construct, format, args...))
}

// pairs returns a mapping's key/value pairs, reporting duplicate keys.
func (d *decoder) pairs(n *yaml.Node, construct string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, construct, "must be a map, got %s", kindName(n))
		return nil
	}
	seen := map[string]bool{}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, construct, "keys must be plain strings")
			continue
		}
		if seen[k.Value] {
			d.errorf(k, join2(construct, k.Value), "duplicate key")
			continue
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

func join2(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if isNullNode(n) {
		return "nothing"
	}
	return "a " + strings.TrimPrefix(n.Tag, "!!")
}

// str decodes a scalar attribute.
func (d *decoder) str(n *yaml.Node, construct string) string {
	if n.Kind != yaml.ScalarNode || isNullNode(n) {
		d.errorf(n, construct, "must be a string, got %s", kindName(n))
		return ""
	}
	return n.Value
}

// strList decodes a list of scalars, or one scalar as a list of one.
func (d *decoder) strList(n *yaml.Node, construct string) []string {
	if n.Kind == yaml.ScalarNode && !isNullNode(n) {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, construct, "must be a list of strings, got %s", kindName(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, it := range n.Content {
		if it.Kind != yaml.ScalarNode || isNullNode(it) {
			d.errorf(it, construct, "must be a list of strings, found %s", kindName(it))
			continue
		}
		out = append(out, it.Value)
	}
	return out
}

// tolerated are attributes of SigmaHQ rules this package keeps no field for.
var tolerated = map[string]bool{"license": true, "scope": true, "taxonomy": true, "regression_tests_path": true, "simulation": true}

func (d *decoder) document(root *yaml.Node) {
	r := d.rule
	var detection, correlation *yaml.Node
	hasLogsource := false
	for _, kv := range d.pairs(root, "") {
		k, v := kv[0], kv[1]
		r.KeyPos[k.Value] = pos(v)
		switch k.Value {
		case "title":
			r.Title = d.str(v, "title")
		case "id":
			r.ID = d.str(v, "id")
		case "name":
			r.Name = d.str(v, "name")
		case "status":
			r.Status = d.str(v, "status")
		case "description":
			r.Description = d.str(v, "description")
		case "author":
			r.Author = d.str(v, "author")
		case "date":
			r.Date = d.str(v, "date")
		case "modified":
			r.Modified = d.str(v, "modified")
		case "level":
			r.Level = d.str(v, "level")
		case "references":
			r.References = d.strList(v, "references")
		case "tags":
			r.Tags = d.strList(v, "tags")
		case "falsepositives":
			r.FalsePositives = d.strList(v, "falsepositives")
		case "fields":
			r.Fields = d.strList(v, "fields")
		case "related":
			r.Related = d.related(v)
		case "logsource":
			hasLogsource = true
			r.Logsource = d.logsource(v)
		case "detection":
			detection = v
		case "correlation":
			correlation = v
		case "generate":
			d.topGenerate = d.boolean(v, "generate")
		case "action":
			d.errorf(k, "action", "rule collections (action: %s) are not supported; write one complete rule per YAML document", v.Value)
		case "filter":
			d.errorf(k, "filter", "Sigma filter documents are not supported")
		default:
			// The specification allows custom attributes: teams tag rules
			// with their own metadata. They are kept by name.
			if !tolerated[k.Value] {
				r.Custom = append(r.Custom, k.Value)
			}
		}
	}
	switch {
	case detection != nil && correlation != nil:
		d.errorf(root, "", "a rule has either a detection or a correlation section, not both")
	case detection != nil:
		if !hasLogsource {
			d.errorf(root, "logsource", "a detection rule needs a logsource")
		}
		r.Detection = d.detection(detection)
	case correlation != nil:
		r.Correlation = d.correlation(correlation)
		if d.topGenerate != nil && r.Correlation != nil {
			r.Correlation.Generate = *d.topGenerate
		}
	default:
		d.errorf(root, "", "a rule needs a detection or a correlation section")
	}
	d.validateMeta(root)
}

// boolean decodes true or false.
func (d *decoder) boolean(v *yaml.Node, construct string) *bool {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		d.errorf(v, construct, "must be true or false")
		return nil
	}
	b := v.Value == "true" || v.Value == "True" || v.Value == "TRUE"
	return &b
}

func (d *decoder) related(n *yaml.Node) []Related {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "related", "must be a list of {id, type}")
		return nil
	}
	var out []Related
	for _, it := range n.Content {
		var rel Related
		for _, kv := range d.pairs(it, "related") {
			switch kv[0].Value {
			case "id":
				rel.ID = d.str(kv[1], "related.id")
			case "type":
				rel.Type = d.str(kv[1], "related.type")
			default:
				d.errorf(kv[0], "related", "unknown attribute %q", kv[0].Value)
			}
		}
		out = append(out, rel)
	}
	return out
}

func (d *decoder) logsource(n *yaml.Node) Logsource {
	ls := Logsource{Pos: pos(n)}
	for _, kv := range d.pairs(n, "logsource") {
		v := d.str(kv[1], "logsource."+kv[0].Value)
		switch kv[0].Value {
		case "category":
			ls.Category = v
		case "product":
			ls.Product = v
		case "service":
			ls.Service = v
		case "definition":
			ls.Definition = v
		default:
			d.errorf(kv[0], "logsource", "unknown attribute %q (use category, product, service or definition)", kv[0].Value)
		}
	}
	return ls
}
