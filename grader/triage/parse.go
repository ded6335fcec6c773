package triage

import (
	"fmt"
	"slices"
	"strings"

	"github.com/soclab/soclab/internal/diag"
	"github.com/soclab/soclab/internal/spelling"
	"gopkg.in/yaml.v3"
)

// Options tell Parse the file's name (for errors) and which alert ids
// exist. With KnownIDs nil, ids are not checked.
type Options struct {
	File     string
	KnownIDs []string
}

// parser collects the errors of one file.
type parser struct {
	file    string
	known   map[string]bool
	errs    ErrorList
	ids     int // entries with an id
	unknown int // of which not known
}

// Parse decodes a triage file. It returns every problem at once as an
// ErrorList (matching ErrInvalid), never a partial Triage.
func Parse(data []byte, opts Options) (*Triage, error) {
	p := &parser{file: opts.File}
	if p.file == "" {
		p.file = "triage.yaml"
	}
	if opts.KnownIDs != nil {
		p.known = map[string]bool{}
		for _, id := range opts.KnownIDs {
			p.known[id] = true
		}
	}
	if len(data) > MaxSize {
		return nil, ErrorList{{File: p.file, Msg: fmt.Sprintf("file is %d bytes, larger than the %d allowed", len(data), MaxSize)}}
	}
	if line := diag.InvalidUTF8Line(data); line > 0 {
		return nil, ErrorList{{File: p.file, Line: line, Msg: "file is not valid UTF-8 text"}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{p.yamlError(err)}
	}
	t := &Triage{}
	if len(doc.Content) > 0 {
		p.root(doc.Content[0], t)
	}
	if p.unknown > 3 && p.unknown == p.ids {
		return nil, ErrorList{{File: p.file, Msg: fmt.Sprintf("none of the %d alert ids belong to this lab instance: was the file made for another lab, seed or trainee?", p.ids)}}
	}
	if len(p.errs) > MaxErrors {
		// A hostile file can hold a problem on every one of its lines:
		// name the first few, count the rest.
		more := len(p.errs) - MaxErrors
		p.errs = append(p.errs[:MaxErrors:MaxErrors], &Error{File: p.file, Msg: fmt.Sprintf("and %d more problems", more)})
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	t.index = make(map[string]int, len(t.Alerts))
	for i, a := range t.Alerts {
		t.index[a.ID] = i
	}
	return t, nil
}

// yamlError turns a yaml.v3 syntax error into an Error with its line.
func (p *parser) yamlError(err error) *Error {
	line, msg := diag.YAMLSyntax(err)
	return &Error{File: p.file, Line: line, Msg: "yaml syntax: " + msg}
}

func (p *parser) errorf(n *yaml.Node, field, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: n.Line, Column: n.Column, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// root reads the top-level mapping: analyst and alerts.
func (p *parser) root(n *yaml.Node, t *Triage) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "", "the file must be a mapping with analyst and alerts")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if p.duplicateKey(n, i, "") {
			continue
		}
		switch k.Value {
		case "analyst":
			t.Analyst = p.str(v, "analyst")
		case "alerts":
			p.alerts(v, t)
		default:
			p.errorf(k, k.Value, "unknown field%s; the file has analyst and alerts", spelling.DidYouMean(k.Value, []string{"analyst", "alerts"}))
		}
	}
}

func (p *parser) alerts(n *yaml.Node, t *Triage) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "alerts", "must be a list of alert entries (- id: ...)")
		return
	}
	seen := map[string]int{}
	for i, item := range n.Content {
		field := fmt.Sprintf("alerts[%d]", i)
		a, ok := p.alert(item, field)
		if !ok {
			continue
		}
		if first, dup := seen[a.ID]; dup {
			p.errorf(item, field+".id", "alert %q is triaged twice (first at line %d); keep one entry per alert", a.ID, first)
			continue
		}
		seen[a.ID] = a.Line
		t.Alerts = append(t.Alerts, a)
	}
}

var alertFields = []string{"id", "verdict", "severity", "techniques", "escalate", "note"}

// alert reads one entry; ok is false when it has no usable id.
func (p *parser) alert(n *yaml.Node, field string) (a Alert, ok bool) {
	a.Line = n.Line
	if n.Kind != yaml.MappingNode {
		p.errorf(n, field, "must be a mapping with id, verdict, severity, techniques, escalate and note")
		return a, false
	}
	var idNode *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f := field + "." + k.Value
		if p.duplicateKey(n, i, field+".") {
			continue
		}
		switch k.Value {
		case "id":
			idNode = v
			a.ID = strings.TrimSpace(p.str(v, f))
		case "verdict":
			a.Verdict = p.enum(v, f, Verdicts, "verdict")
		case "severity":
			a.Severity = p.enum(v, f, Severities, "severity")
		case "techniques":
			a.Techniques = p.techniques(v, f)
		case "escalate":
			a.Escalate = p.boolean(v, f)
		case "note":
			a.Note = p.str(v, f)
		default:
			if !slices.Contains(InfoFields, k.Value) {
				p.errorf(k, f, "unknown field%s; an alert has %s", spelling.DidYouMean(k.Value, alertFields), strings.Join(alertFields, ", "))
			}
		}
	}
	switch {
	case idNode == nil:
		p.errorf(n, field, "has no id; copy the alert id from alerts.ndjson")
		return a, false
	case a.ID == "":
		p.errorf(idNode, field+".id", "is empty; copy the alert id from alerts.ndjson")
		return a, false
	case p.known != nil && !p.known[a.ID]:
		p.ids++
		p.unknown++
		p.errorf(idNode, field+".id", "unknown alert %q; use the ids of this lab's alerts.ndjson", a.ID)
		return a, false
	}
	p.ids++
	return a, true
}

// duplicateKey reports (and records) a key of mapping n at index i that
// an earlier key already used.
func (p *parser) duplicateKey(n *yaml.Node, i int, prefix string) bool {
	k := n.Content[i]
	for j := 0; j < i; j += 2 {
		if n.Content[j].Value == k.Value {
			p.errorf(k, prefix+k.Value, "given twice (first at line %d)", n.Content[j].Line)
			return true
		}
	}
	return false
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || n.Value == "" && n.Style == 0)
}

// scalar returns the value of a scalar node, or reports it and returns false.
func (p *parser) scalar(n *yaml.Node, field string) (string, bool) {
	switch {
	case n.Kind == yaml.AliasNode:
		p.errorf(n, field, "anchors and aliases are not supported")
		return "", false
	case n.Kind != yaml.ScalarNode:
		p.errorf(n, field, "must be a single value, not a list or mapping")
		return "", false
	case isNull(n):
		return "", true
	}
	return n.Value, true
}

func (p *parser) str(n *yaml.Node, field string) string {
	s, _ := p.scalar(n, field)
	return s
}

// enum reads a value that must be one of allowed (after normalizing case,
// spaces and hyphens); empty is allowed and means "not decided".
func (p *parser) enum(n *yaml.Node, field string, allowed []string, what string) string {
	s, ok := p.scalar(n, field)
	if !ok || strings.TrimSpace(s) == "" {
		return ""
	}
	v := normalizeWord(s)
	if !slices.Contains(allowed, v) {
		p.errorf(n, field, "unknown %s %q%s; use one of %s", what, s, spelling.DidYouMean(v, allowed), strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// techniques reads a list of ATT&CK ids.
func (p *parser) techniques(n *yaml.Node, field string) []string {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, field, "must be a list such as [T1110.001, T1078]")
		return nil
	}
	var out []string
	for i, item := range n.Content {
		s, ok := p.scalar(item, fmt.Sprintf("%s[%d]", field, i))
		if !ok || strings.TrimSpace(s) == "" {
			continue
		}
		id := strings.ToUpper(strings.TrimSpace(s))
		if !validTechnique(id) {
			p.errorf(item, fmt.Sprintf("%s[%d]", field, i), "%q is not an ATT&CK technique id (T1234 or T1234.001)", s)
			continue
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// boolean reads true/false (yes/no accepted); empty means undecided.
func (p *parser) boolean(n *yaml.Node, field string) *bool {
	s, ok := p.scalar(n, field)
	if !ok || strings.TrimSpace(s) == "" {
		return nil
	}
	var b bool
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "on":
		b = true
	case "false", "no", "n", "off":
		b = false
	default:
		p.errorf(n, field, "%q is not true or false", s)
		return nil
	}
	return &b
}
