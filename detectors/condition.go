package detectors

import (
	"fmt"

	"github.com/soclab/soclab/detectors/sigma"
)

// node is a compiled condition: it evaluates against the current event.
type node interface {
	eval(c *evalCtx) bool
}

type andNode []node
type orNode []node
type notNode struct{ arg node }

// searchNode is one search identifier: an OR of groups, each an AND of
// field matchers.
type searchNode struct {
	groups [][]*fieldMatcher
}

func (n andNode) eval(c *evalCtx) bool {
	for _, k := range n {
		if !k.eval(c) {
			return false
		}
	}
	return true
}

func (n orNode) eval(c *evalCtx) bool {
	for _, k := range n {
		if k.eval(c) {
			return true
		}
	}
	return false
}

func (n notNode) eval(c *evalCtx) bool { return !n.arg.eval(c) }

func (n *searchNode) eval(c *evalCtx) bool {
	for _, g := range n.groups {
		ok := true
		for _, m := range g {
			if !m.match(c) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// countOf is "N of pattern": at least n of its searches match.
type countOf struct {
	n    int
	args []node
}

func (n *countOf) eval(c *evalCtx) bool {
	hits := 0
	for _, a := range n.args {
		if a.eval(c) {
			hits++
			if hits >= n.n {
				return true
			}
		}
	}
	return false
}

// compileArgs compiles the operands of an and or an or.
func compileArgs(args []sigma.Expr, searches map[string]node, order []string) ([]node, error) {
	out := make([]node, 0, len(args))
	for _, a := range args {
		n, err := compileExpr(a, searches, order)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// compileExpr turns a condition AST into nodes over the compiled searches.
func compileExpr(e sigma.Expr, searches map[string]node, order []string) (node, error) {
	switch x := e.(type) {
	case *sigma.And:
		args, err := compileArgs(x.Args, searches, order)
		if err != nil {
			return nil, err
		}
		return andNode(args), nil
	case *sigma.Or:
		args, err := compileArgs(x.Args, searches, order)
		if err != nil {
			return nil, err
		}
		return orNode(args), nil
	case *sigma.Not:
		n, err := compileExpr(x.Arg, searches, order)
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	case *sigma.Ident:
		n, ok := searches[x.Name]
		if !ok {
			return nil, fmt.Errorf("unknown search identifier %q", x.Name)
		}
		return n, nil
	case *sigma.Of:
		return compileOf(x, searches, order)
	}
	return nil, fmt.Errorf("unsupported condition node %T", e)
}

func compileOf(x *sigma.Of, searches map[string]node, order []string) (node, error) {
	var args []node
	for _, name := range order {
		if sigma.MatchPattern(x.Pattern, name) {
			args = append(args, searches[name])
		}
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("%q matches no search identifier", x.String())
	}
	switch {
	case x.Count == 0:
		return andNode(args), nil
	case x.Count == 1:
		return orNode(args), nil
	case x.Count > len(args):
		return nil, fmt.Errorf("%q needs %d searches but the pattern matches only %d", x.String(), x.Count, len(args))
	}
	return &countOf{n: x.Count, args: args}, nil
}
