package labs

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"text/template"
	tparse "text/template/parse"
)

// A briefing is a template written by whoever wrote the lab, and rendered
// on every trainee's start: it must not be able to loop for ever
// ({{range 2000000000}}), recurse ({{define}} calling itself twice), print
// gigabytes, or read files outside the lab's folder. These limits are far
// above what a ticket-like briefing needs.
const (
	// MaxBriefingSize is the largest briefing template, in bytes.
	MaxBriefingSize = 256 << 10
	// MaxBriefingOutput is the largest rendered briefing, in bytes.
	MaxBriefingOutput = 1 << 20
	// maxRangeDepth is how deeply ranges may nest.
	maxRangeDepth = 2
)

// rangeable are the fields a briefing may range over: the short lists of
// BriefingData.
var rangeable = map[string]bool{"Datasets": true, "Objectives": true}

// limitBriefing refuses the template constructs that could run without
// bound: define, template and block (recursion), range over anything but
// .Datasets or .Objectives (range over a number loops that many times), and
// ranges nested more than maxRangeDepth deep.
func limitBriefing(t *template.Template) error {
	for _, tt := range t.Templates() {
		if tt.Name() != t.Name() {
			return fmt.Errorf("{{define}} and {{block}} are not allowed in a briefing (template %q)", tt.Name())
		}
	}
	if t.Tree == nil {
		return nil
	}
	return limitNode(t.Tree.Root, 0, t.Tree)
}

func limitNode(n tparse.Node, depth int, tree *tparse.Tree) error {
	switch n := n.(type) {
	case *tparse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := limitNode(c, depth, tree); err != nil {
				return err
			}
		}
	case *tparse.TemplateNode:
		return briefingErr(tree, n, "{{template}} is not allowed in a briefing")
	case *tparse.IfNode:
		return limitBranch(&n.BranchNode, depth, tree)
	case *tparse.WithNode:
		return limitBranch(&n.BranchNode, depth, tree)
	case *tparse.RangeNode:
		if depth >= maxRangeDepth {
			return briefingErr(tree, n, fmt.Sprintf("ranges nest at most %d deep in a briefing", maxRangeDepth))
		}
		if !rangesOverList(n.Pipe) {
			return briefingErr(tree, n, "a briefing may range only over .Datasets or .Objectives")
		}
		return limitBranch(&n.BranchNode, depth+1, tree)
	}
	return nil
}

func limitBranch(b *tparse.BranchNode, depth int, tree *tparse.Tree) error {
	if err := limitNode(b.List, depth, tree); err != nil {
		return err
	}
	if b.ElseList != nil {
		return limitNode(b.ElseList, depth, tree)
	}
	return nil
}

// rangesOverList reports whether a range's pipeline is one of the
// rangeable fields (.Datasets, $.Objectives).
func rangesOverList(p *tparse.PipeNode) bool {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	var ident []string
	switch a := p.Cmds[0].Args[0].(type) {
	case *tparse.FieldNode:
		ident = a.Ident
	case *tparse.VariableNode:
		if len(a.Ident) == 2 && a.Ident[0] == "$" {
			ident = a.Ident[1:]
		}
	}
	return len(ident) == 1 && rangeable[ident[0]]
}

func briefingErr(tree *tparse.Tree, n tparse.Node, msg string) error {
	loc, _ := tree.ErrorContext(n) // name:line:col
	return fmt.Errorf("line %s: %s", strings.TrimPrefix(loc, tree.ParseName+":"), msg)
}

// cappedWriter collects a rendered briefing and fails past max bytes, which
// stops the template's execution.
type cappedWriter struct {
	buf bytes.Buffer
	max int
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.max {
		return 0, fmt.Errorf("the rendered briefing is longer than %d bytes", w.max)
	}
	return w.buf.Write(p)
}

// briefingNameProblem says why a lab's briefing: field cannot name its
// briefing file, or "": it must be a file inside the lab's folder (no
// absolute path, no ..), so that a lab cannot show a trainee another file.
func briefingNameProblem(name string) string {
	if name == "" || filepath.IsLocal(name) {
		return ""
	}
	return fmt.Sprintf("%q is outside the lab's folder: name a file next to the lab file (or in a folder below it)", name)
}
