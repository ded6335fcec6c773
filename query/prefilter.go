package query

import "github.com/soclab/soclab/store/columnar"

// strEq is a compiled `column == "text"` (eq) or `column != "text"` whose
// column is source column src.
type strEq struct {
	src  int
	want string
	eq   bool
	// in, when not nil, makes this `column IN ("a", "b", ...)`: the row
	// passes when its text is one of in (eq is then true).
	in map[string]struct{}
}

// prefilter lets stage A skip, with a tight loop over dictionary codes,
// the rows a leading WHERE would drop at its first test: the leftmost
// string comparison of its AND chain. AND evaluates that comparison first
// and stops when it is false, so a skipped row would have evaluated
// nothing else (no warning is lost); when the comparison is the whole
// condition, rows where it is null are skipped too. The WHERE still runs
// on every row that remains.
type prefilter struct {
	strEq
	whole bool
}

// newPrefilter returns the prefilter of a WHERE condition, or nil.
func newPrefilter(cond *cexpr) *prefilter {
	leaf := cond
	for leaf.first != nil {
		leaf = leaf.first
	}
	if leaf.strEq == nil {
		return nil
	}
	return &prefilter{strEq: *leaf.strEq, whole: leaf == cond}
}

// rowTest is a prefilter bound to one row group's column.
type rowTest struct {
	codes    []uint32
	nulls    []uint64
	code     int64
	eq       bool
	keepNull bool
	set      []bool // for IN: which dictionary codes are in the list
}

// bind returns the test for the row group read through acc, or ok false
// when the column is not a single-valued dictionary (the WHERE alone then
// decides); none is true when no row can pass.
func (f *prefilter) bind(acc []accessor) (t rowTest, ok, none bool) {
	a := &acc[f.src]
	c := a.c
	if c == nil {
		// Null everywhere: the comparison is null on every row.
		return rowTest{}, false, f.whole
	}
	if c.Offsets != nil || c.Dict == nil {
		return rowTest{}, false, false
	}
	if f.in != nil {
		return f.bindIn(c)
	}
	t = rowTest{codes: c.Codes, nulls: c.Nulls, code: a.litCode(f.want), eq: f.eq, keepNull: !f.whole}
	return t, true, f.eq && t.code < 0 && f.whole
}

// keep reports whether row i may pass the WHERE.
func (t *rowTest) keep(i int) bool {
	if t.nulls != nil && t.nulls[i>>6]&(1<<(uint(i)&63)) != 0 {
		return t.keepNull
	}
	if t.set != nil {
		return t.set[t.codes[i]]
	}
	return (int64(t.codes[i]) == t.code) == t.eq
}

// indexTest selects the rows of the indices FROM named.
type indexTest struct {
	ix *columnar.Column
	ok []bool
}

// keep reports whether row i belongs to a selected index.
func (t *indexTest) keep(i int) bool { return !t.ix.IsNull(i) && t.ok[t.ix.Codes[i]] }

// bindIn is bind for an IN list: one pass over the dictionary marks the
// codes of the listed texts.
func (f *prefilter) bindIn(c *columnar.Column) (rowTest, bool, bool) {
	set := make([]bool, len(c.Dict))
	any := false
	for j, d := range c.Dict {
		if _, ok := f.in[d]; ok {
			set[j], any = true, true
		}
	}
	return rowTest{codes: c.Codes, nulls: c.Nulls, keepNull: !f.whole, set: set}, true, !any && f.whole
}
