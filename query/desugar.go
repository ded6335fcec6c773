package query

import "github.com/soclab/soclab/query/esql"

// desugarEval replaces each command of q that is a T (DISSECT, GROK) with
// the EVAL toEval makes of it, or with nothing when that EVAL has no
// columns; other commands are kept, and q itself is returned when it has
// no T.
func desugarEval[T esql.Command](q *esql.Query, toEval func(T) (*esql.Eval, error)) (*esql.Query, error) {
	var cmds []esql.Command
	changed := false
	for _, c := range q.Commands {
		x, ok := c.(T)
		if !ok {
			cmds = append(cmds, c)
			continue
		}
		changed = true
		ev, err := toEval(x)
		if err != nil {
			return nil, err
		}
		if len(ev.Fields) > 0 {
			cmds = append(cmds, ev)
		}
	}
	if !changed {
		return q, nil
	}
	out := *q
	out.Commands = cmds
	return &out, nil
}

// stringLit is a string literal the desugaring passes to an internal
// function, placed at at for its errors.
func stringLit(at esql.Pos, s string) esql.Expr {
	return &esql.Literal{At: at, Kind: esql.LitString, Str: s}
}
