package labs

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/soclab/soclab/internal/diag"
)

// yamlKind is a kind of YAML file a lab is made of, as yamlRoot's
// messages name it.
type yamlKind struct {
	name  string // "lab file"
	noun  string // what the size limit is of: "a lab may be"
	shape string // an example of the mapping's fields, "" for none
	limit int    // the largest size in bytes
}

var (
	labFileKind   = yamlKind{name: "lab file", noun: "lab", shape: " (id: ..., title: ...)", limit: MaxFileSize}
	truthFileKind = yamlKind{name: "truth file", noun: "truth file", limit: MaxTruthFileSize}
)

// yamlRoot parses one YAML document of at most k.limit bytes and returns
// its top mapping, or the problem as a one-entry ErrorList.
func yamlRoot(data []byte, file string, k yamlKind) (*yaml.Node, ErrorList) {
	fail := func(line, col int, format string, args ...any) ErrorList {
		return ErrorList{{File: file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(data) > k.limit {
		return nil, fail(0, 0, "file is %d bytes, larger than the %d a %s may be", len(data), k.limit, k.noun)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fail(0, 0, "empty %s", k.name)
		}
		line, msg := diag.YAMLSyntax(err)
		return nil, fail(line, 1, "YAML syntax: %s", msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fail(extra.Line, extra.Column, "a %s holds one YAML document; found a second", k.name)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == yaml.AliasNode && root.Alias != nil {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		return nil, fail(root.Line, root.Column, "a %s is a mapping of fields%s, got %s", k.name, k.shape, describe(root))
	}
	return root, nil
}
