package console

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/soclab/soclab/grader/triage"
	"github.com/soclab/soclab/iofile"
)

// TriageFile is the workspace's triage file, the single source of truth of
// the trainee's decisions.
const TriageFile = "triage.yaml"

// ErrUnknownAlert is returned for a triage write naming no alert of the
// workspace.
var ErrUnknownAlert = errors.New("no such alert in this workspace")

// Decision is the trainee's triage of one alert, as the API carries it.
type Decision struct {
	Verdict    string   `json:"verdict"`
	Severity   string   `json:"severity"`
	Techniques []string `json:"techniques"`
	Escalate   *bool    `json:"escalate"`
	Note       string   `json:"note"`
}

func decisionOf(a *triage.Alert) *Decision {
	d := &Decision{Verdict: a.Verdict, Severity: a.Severity, Techniques: a.Techniques, Escalate: a.Escalate, Note: a.Note}
	if d.Techniques == nil {
		d.Techniques = []string{}
	}
	return d
}

// state is the queue's triage state of an entry.
func state(a *triage.Alert) string {
	switch {
	case a == nil || a.Empty():
		return "new"
	case a.Verdict != "" && a.Severity != "":
		return "done"
	}
	return "partial"
}

// readTriage parses triage.yaml against the workspace's alert ids.
func readTriage(path string, ids []string) (*triage.Triage, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("triage: %w", err)
	}
	return triage.Parse(data, triage.Options{File: path, KnownIDs: ids})
}

// setDecision returns the triage file data with alert id's entry set to d,
// keeping every comment and every other entry as written. An alert the
// file lacks gets a new entry at the end.
func setDecision(data []byte, id string, d Decision) ([]byte, error) {
	doc, err := triageDoc(data)
	if err != nil {
		return nil, err
	}
	alerts := mapValue(doc.Content[0], "alerts")
	if alerts == nil {
		alerts = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		doc.Content[0].Content = append(doc.Content[0].Content, str("alerts"), alerts)
	}
	if alerts.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("triage.yaml: alerts: want a list")
	}
	entry := findEntry(alerts, id)
	if entry == nil {
		entry = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		setKey(entry, "id", quoted(id))
		alerts.Content = append(alerts.Content, entry)
	}
	fillEntry(entry, d)
	return encodeYAML(doc)
}

// setAnalyst returns the triage file data with its analyst set, keeping
// everything else as written.
func setAnalyst(data []byte, name string) ([]byte, error) {
	doc, err := triageDoc(data)
	if err != nil {
		return nil, err
	}
	setKey(doc.Content[0], "analyst", quoted(name))
	return encodeYAML(doc)
}

// triageDoc parses triage file data as a YAML node tree (comments kept)
// whose root is a mapping.
func triageDoc(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("triage.yaml: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("triage.yaml: want a mapping with analyst and alerts")
	}
	return &doc, nil
}

func encodeYAML(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("triage.yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("triage.yaml: %w", err)
	}
	return buf.Bytes(), nil
}

func fillEntry(entry *yaml.Node, d Decision) {
	setKey(entry, "verdict", plainOrNull(d.Verdict))
	setKey(entry, "severity", plainOrNull(d.Severity))
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, t := range d.Techniques {
		seq.Content = append(seq.Content, str(t))
	}
	setKey(entry, "techniques", seq)
	esc := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	if d.Escalate != nil {
		esc = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(*d.Escalate)}
	}
	setKey(entry, "escalate", esc)
	setKey(entry, "note", quoted(d.Note))
}

func findEntry(alerts *yaml.Node, id string) *yaml.Node {
	for _, e := range alerts.Content {
		if e.Kind != yaml.MappingNode {
			continue
		}
		if v := mapValue(e, "id"); v != nil && v.Kind == yaml.ScalarNode && v.Value == id {
			return e
		}
	}
	return nil
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setKey replaces the value of key in mapping m (keeping the key's
// comments), or appends the pair.
func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			old := m.Content[i+1]
			v.LineComment, v.HeadComment, v.FootComment = old.LineComment, old.HeadComment, old.FootComment
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, str(key), v)
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func quoted(s string) *yaml.Node {
	n := str(s)
	n.Style = yaml.DoubleQuotedStyle
	return n
}

func plainOrNull(s string) *yaml.Node {
	if s == "" {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return str(s)
}

// writeAtomic replaces path with data through iofile (a temporary file in
// the same folder, synced, then renamed over it), so a reader never sees
// half a file and a killed server's debris is swept as every command's is.
func writeAtomic(path string, data []byte) error {
	f, err := iofile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return f.Commit()
}
