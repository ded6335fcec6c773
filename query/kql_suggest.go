package query

import (
	"fmt"
	"strings"

	"github.com/soclab/soclab/query/esql"
	"github.com/soclab/soclab/query/kql"
)

// kqlUnknownFields warns about each field a KQL query names (without a
// wildcard) that no column of the searched indices has, with the nearest
// name: Kibana matches nothing there without a word, which leaves a
// misspelt field looking like an empty result.
func (c *compiler) kqlUnknownFields(n kql.Node) {
	known := make([]string, 0, len(c.sc.cols))
	have := map[string]bool{}
	for _, ref := range c.sc.cols {
		known = append(known, ref.name)
		have[ref.name] = true
	}
	kqlWalk(n, func(field string, at kql.Pos) {
		if field == "" || strings.Contains(field, "*") || have[field] {
			return
		}
		for _, k := range known {
			if strings.HasPrefix(k, field+".") {
				return // an object: its leaves exist
			}
		}
		c.warn.note(at, fmt.Sprintf("unknown field [%s] matches no event%s", field, didYouMean(field, known)))
	})
}

// kqlWalk calls fn with each field a KQL tree names, and where.
func kqlWalk(n kql.Node, fn func(field string, at kql.Pos)) {
	switch x := n.(type) {
	case *kql.Or:
		kqlWalk(x.X, fn)
		kqlWalk(x.Y, fn)
	case *kql.And:
		kqlWalk(x.X, fn)
		kqlWalk(x.Y, fn)
	case *kql.Not:
		kqlWalk(x.X, fn)
	case *kql.Match:
		fn(x.Field, x.At)
	case *kql.Exists:
		fn(x.Field, x.At)
	case *kql.Range:
		fn(x.Field, x.At)
	}
}

// note records a warning that is not an evaluation failure, once per
// position, as "line L:C: msg".
func (w *warnings) note(pos esql.Pos, msg string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen[pos] || len(w.list) >= 20 {
		return
	}
	if w.seen == nil {
		w.seen = map[esql.Pos]bool{}
	}
	w.seen[pos] = true
	line, col := esql.LineCol(w.query, pos)
	w.list = append(w.list, warning{pos, fmt.Sprintf("line %d:%d: %s", line, col, msg)})
}
