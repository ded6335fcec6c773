package query

import (
	"fmt"
	"maps"
	"net/netip"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/soclab/soclab/query/esql"
)

// scalarFunc is one scalar function: its arity and its compiler.
type scalarFunc struct {
	min, max int // max -1: variadic
	compile  func(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error)
}

// scalars is the table of scalar functions, by upper-case name. It is
// made here, empty, and filled by init functions (this file's and those of
// the functions_*.go files), so that their order does not matter.
var scalars = map[string]scalarFunc{}

func init() {
	maps.Copy(scalars, map[string]scalarFunc{
		"CIDR_MATCH":   {2, -1, compileCIDRMatch},
		"TO_LOWER":     {1, 1, stringMap(strings.ToLower)},
		"TO_UPPER":     {1, 1, stringMap(strings.ToUpper)},
		"LENGTH":       {1, 1, compileLength},
		"SUBSTRING":    {2, 3, compileSubstring},
		"CONCAT":       {2, -1, compileConcat},
		"STARTS_WITH":  {2, 2, stringTest(strings.HasPrefix)},
		"ENDS_WITH":    {2, 2, stringTest(strings.HasSuffix)},
		"DATE_EXTRACT": {2, 2, compileDateExtract},
		"DATE_DIFF":    {3, 3, compileDateDiff},
		"DATE_TRUNC":   {2, 2, compileDateTrunc},
		"BUCKET":       {2, 4, compileBucket},
		"NOW":          {0, 0, compileNow},
		"TO_STRING":    {1, 1, conversion(TKeyword)},
		"TO_IP":        {1, 1, conversion(TIP)},
		"TO_LONG":      {1, 1, conversion(TLong)},
		"TO_INTEGER":   {1, 1, conversion(TInteger)},
		"TO_DOUBLE":    {1, 1, conversion(TDouble)},
		"TO_DATETIME":  {1, 1, conversion(TDate)},
		"TO_BOOLEAN":   {1, 1, conversion(TBoolean)},
		"CASE":         {2, -1, compileCase},
		"COALESCE":     {1, -1, compileCoalesce},
		"MV_COUNT":     {1, 1, compileMvCount},
	})
}

// FunctionNames lists the scalar and aggregate functions, sorted.
func FunctionNames() []string {
	var out []string
	for n := range scalars {
		if !strings.HasPrefix(n, "$") { // internal, such as DISSECT's $DISSECT
			out = append(out, n)
		}
	}
	for n := range aggregates {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (c *compiler) call(x *esql.Call) (*cexpr, error) {
	if _, ok := aggregates[x.Name]; ok {
		return nil, c.errorf(x.At, "aggregate function [%s] not allowed outside STATS command", x)
	}
	f, ok := scalars[x.Name]
	if !ok {
		return nil, c.errorf(x.At, "Unknown function [%s]%s", x.Name, didYouMean(x.Name, FunctionNames()))
	}
	if x.Star {
		return nil, c.errorf(x.At, "[*] is only valid in COUNT(*)")
	}
	if len(x.Args) < f.min || f.max >= 0 && len(x.Args) > f.max {
		return nil, c.errorf(x.At, "function [%s] expects %s, found %d", x.Name, arity(f.min, f.max), len(x.Args))
	}
	args := make([]*cexpr, len(x.Args))
	for i, a := range x.Args {
		ca, err := c.expr(a)
		if err != nil {
			return nil, err
		}
		args[i] = ca
	}
	return f.compile(c, x, args)
}

func arity(lo, hi int) string {
	switch {
	case hi < 0:
		return fmt.Sprintf("at least %d arguments", lo)
	case lo == hi && lo == 1:
		return "exactly one argument"
	case lo == hi:
		return fmt.Sprintf("exactly %d arguments", lo)
	}
	return fmt.Sprintf("%d to %d arguments", lo, hi)
}

// checkArg fails unless arg has one of the allowed types (null always
// passes).
func (c *compiler) checkArg(x *esql.Call, i int, arg *cexpr, allowed ...Type) error {
	if arg.typ == TNull {
		return nil
	}
	for _, t := range allowed {
		if arg.typ == t {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for j, t := range allowed {
		names[j] = typeName(t)
	}
	return c.errorf(arg.node.Start(), "%s argument of [%s] must be [%s], found value [%s] type [%s]",
		ordinal(i), x, strings.Join(names, " or "), arg.node, typeName(arg.typ))
}

// single wraps a function of non-null single values: a null argument gives
// null, a multi-valued one null with a warning.
func (c *compiler) single(x *esql.Call, t Type, args []*cexpr, fn func(vs []Val) Val) *cexpr {
	fns := make([]evalFn, len(args))
	for i, a := range args {
		fns[i] = a.fn
	}
	e := &cexpr{typ: t, node: x, fn: func(r *Row) Val {
		var buf [4]Val
		vs := buf[:0]
		for _, f := range fns {
			v := f(r)
			if v.K == KNull {
				return null
			}
			if v.K == KMulti {
				return c.warnNull(x, multiValueMsg)
			}
			vs = append(vs, v)
		}
		return fn(vs)
	}}
	return foldConst(e, args)
}

func stringMap(f func(string) string) func(*compiler, *esql.Call, []*cexpr) (*cexpr, error) {
	return func(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
		if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
			return nil, err
		}
		t := args[0].typ
		if t == TNull {
			t = TKeyword
		}
		return c.single(x, t, args, func(vs []Val) Val { return strVal(f(vs[0].S)) }), nil
	}
}

func stringTest(f func(s, p string) bool) func(*compiler, *esql.Call, []*cexpr) (*cexpr, error) {
	return func(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
		for i, a := range args {
			if err := c.checkArg(x, i, a, TKeyword, TText); err != nil {
				return nil, err
			}
		}
		return c.single(x, TBoolean, args, func(vs []Val) Val { return boolVal(f(vs[0].S, vs[1].S)) }), nil
	}
}

func compileLength(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
		return nil, err
	}
	return c.single(x, TInteger, args, func(vs []Val) Val { return intVal(int64(utf8.RuneCountInString(vs[0].S))) }), nil
}

// compileSubstring: SUBSTRING(s, start[, length]), start 1-based, a
// negative start counts from the end.
func compileSubstring(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	if err := c.checkArg(x, 0, args[0], TKeyword, TText); err != nil {
		return nil, err
	}
	for i := 1; i < len(args); i++ {
		if err := c.checkArg(x, i, args[i], TInteger, TLong); err != nil {
			return nil, err
		}
	}
	return c.single(x, TKeyword, args, func(vs []Val) Val {
		rs := []rune(vs[0].S)
		n := int64(len(rs))
		start := vs[1].I
		switch {
		case start < 0:
			start = max(n+start, 0)
		case start > 0:
			start--
		}
		start = min(start, n)
		end := n
		if len(vs) > 2 {
			if vs[2].I < 0 {
				return c.warnNull(x, "Length parameter cannot be negative")
			}
			end = min(start+vs[2].I, n)
		}
		return strVal(string(rs[start:end]))
	}), nil
}

func compileConcat(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	for i, a := range args {
		if err := c.checkArg(x, i, a, TKeyword, TText); err != nil {
			return nil, err
		}
	}
	return c.single(x, TKeyword, args, func(vs []Val) Val {
		n := 0
		for _, v := range vs {
			n += len(v.S)
		}
		if n > MaxString {
			overBudget(&BudgetError{What: "a CONCAT result", Size: int64(n), Limit: MaxString})
		}
		var b strings.Builder
		b.Grow(n)
		for _, v := range vs {
			b.WriteString(v.S)
		}
		return strVal(b.String())
	}), nil
}

// compileCIDRMatch: CIDR_MATCH(ip, block, ...) is true when ip is in any
// block. Constant blocks are parsed once.
func compileCIDRMatch(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	ip := args[0]
	if err := c.checkArg(x, 0, ip, TIP, TKeyword); err != nil {
		return nil, err
	}
	var fixed []netip.Prefix
	allConst := true
	for i, a := range args[1:] {
		if err := c.checkArg(x, i+1, a, TKeyword, TText); err != nil {
			return nil, err
		}
		if !a.konst {
			allConst = false
			continue
		}
		if a.val.K != KStr {
			continue
		}
		p, err := parseCIDR(a.val.S)
		if err != nil {
			return nil, c.errorf(a.node.Start(), "invalid CIDR block [%s] in [%s]: %v", a.val.S, x, err)
		}
		fixed = append(fixed, p)
	}
	fip := ip.fn
	blocks := args[1:]
	return &cexpr{typ: TBoolean, node: x, fn: func(r *Row) Val {
		v := fip(r)
		if v.K == KNull {
			return null
		}
		if v.K == KMulti {
			return c.warnNull(x, multiValueMsg)
		}
		a, err := netip.ParseAddr(v.S)
		if err != nil {
			return c.warnNull(x, fmt.Sprintf("'%s' is not an IP string literal", v.S))
		}
		a = a.Unmap()
		ps := fixed
		if !allConst {
			ps = nil
			for _, b := range blocks {
				bv := b.fn(r)
				if bv.K != KStr {
					continue
				}
				if p, err := parseCIDR(bv.S); err == nil {
					ps = append(ps, p)
				}
			}
		}
		for _, p := range ps {
			if p.Contains(a) {
				return boolVal(true)
			}
		}
		return boolVal(false)
	}}, nil
}

func parseCIDR(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return p, err
	}
	return p.Masked(), nil
}

func compileNow(c *compiler, x *esql.Call, _ []*cexpr) (*cexpr, error) {
	return constant(x, TDate, timeVal(c.now)), nil
}

func conversion(t Type) func(*compiler, *esql.Call, []*cexpr) (*cexpr, error) {
	return func(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
		if args[0].typ == TSpan {
			return nil, c.errorf(args[0].node.Start(), "cannot convert a time span to [%s]", typeName(t))
		}
		return c.convert(x, args[0], t), nil
	}
}

// compileCase: CASE(cond, value, ..., [else]). A null condition counts as
// false. Every value must have the same type (or be null).
func compileCase(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	t := TNull
	for i, a := range args {
		isCond := i%2 == 0 && i < len(args)-1
		if isCond {
			if err := c.checkArg(x, i, a, TBoolean); err != nil {
				return nil, err
			}
			continue
		}
		nt, err := c.sameType(x, t, a)
		if err != nil {
			return nil, err
		}
		t = nt
	}
	if t.IsNumeric() {
		args = widenAll(args, t)
	}
	return &cexpr{typ: t, node: x, fn: func(r *Row) Val {
		i := 0
		for ; i+1 < len(args); i += 2 {
			if args[i].fn(r).truth() {
				return args[i+1].fn(r)
			}
		}
		if i < len(args) {
			return args[i].fn(r)
		}
		return null
	}}, nil
}

// sameType folds a value's type into the common type t of CASE branches
// or COALESCE arguments: equal types, numbers widening to the wider type.
func (c *compiler) sameType(x *esql.Call, t Type, a *cexpr) (Type, error) {
	switch {
	case a.typ == TNull || a.typ == t:
		return t, nil
	case t == TNull:
		return a.typ, nil
	case t.IsNumeric() && a.typ.IsNumeric():
		if t == TDouble || a.typ == TDouble {
			return TDouble, nil
		}
		return TLong, nil
	case isString(t) && isString(a.typ):
		return TKeyword, nil
	}
	return 0, c.errorf(a.node.Start(), "all values of [%s] must have the same type, found [%s] and [%s]", x, typeName(t), typeName(a.typ))
}

func widenAll(args []*cexpr, t Type) []*cexpr {
	out := make([]*cexpr, len(args))
	for i, a := range args {
		out[i] = a
		if t == TDouble && a.typ.IsNumeric() {
			out[i] = toDouble(a)
		}
	}
	return out
}

func compileCoalesce(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	t := TNull
	for _, a := range args {
		nt, err := c.sameType(x, t, a)
		if err != nil {
			return nil, err
		}
		t = nt
	}
	if t.IsNumeric() {
		args = widenAll(args, t)
	}
	return &cexpr{typ: t, node: x, fn: func(r *Row) Val {
		for _, a := range args {
			if v := a.fn(r); v.K != KNull {
				return v
			}
		}
		return null
	}}, nil
}

func compileMvCount(c *compiler, x *esql.Call, args []*cexpr) (*cexpr, error) {
	f := args[0].fn
	return &cexpr{typ: TInteger, node: x, fn: func(r *Row) Val {
		v := f(r)
		if v.K == KNull {
			return null
		}
		return intVal(int64(len(v.values())))
	}}, nil
}
