package query

import (
	"fmt"
	"strings"

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
