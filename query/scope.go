package query

import (
	"fmt"
	"github.com/soclab/soclab/internal/spelling"
	"sort"
	"strings"
	"sync"

	"github.com/soclab/soclab/query/esql"
)

// Row is the evaluation context of one row: the source columns of the
// current row group (acc, row i) and the computed slots (vals). After a
// pipeline breaker (STATS, SORT, LIMIT) every column is a slot.
type Row struct {
	acc  []accessor
	i    int
	vals []Val
}

// evalFn computes an expression for one row. It is stateless and safe for
// concurrent use with distinct Rows.
type evalFn func(r *Row) Val

// colRef is a named column of the current layout: a source column
// (src >= 0) or a slot.
type colRef struct {
	name string
	typ  Type
	src  int
	slot int
}

func (c colRef) read() evalFn {
	if c.src >= 0 {
		k := c.src
		return func(r *Row) Val { return r.acc[k].get(r.i) }
	}
	k := c.slot
	return func(r *Row) Val { return r.vals[k] }
}

// scope is the ordered list of columns visible at a point of the query.
type scope struct {
	cols []colRef
}

func (s *scope) find(name string) (colRef, bool) {
	for _, c := range s.cols {
		if c.name == name {
			return c, true
		}
	}
	return colRef{}, false
}

// set adds or replaces a column; a replaced column moves to the end, as
// EVAL does in Elasticsearch.
func (s *scope) set(c colRef) {
	s.remove(c.name)
	s.cols = append(s.cols, c)
}

func (s *scope) remove(name string) {
	for i, c := range s.cols {
		if c.name == name {
			s.cols = append(s.cols[:i:i], s.cols[i+1:]...)
			return
		}
	}
}

func (s *scope) names() []string {
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.name
	}
	return out
}

// matchPattern reports whether name matches a KEEP/DROP pattern where '*'
// stands for any run of characters.
func matchPattern(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(name, p)
		if i < 0 {
			return false
		}
		name = name[i+len(p):]
	}
	return strings.HasSuffix(name, parts[len(parts)-1])
}

// didYouMean suggests the known name an unknown one is a plausible typo of
// (spelling.Suggest: one threshold for soclab), in Elasticsearch's words.
func didYouMean(name string, known []string) string {
	if s := spelling.Suggest(name, known); s != "" {
		return fmt.Sprintf(", did you mean [%s]?", s)
	}
	return ""
}

// warnings collects evaluation warnings (such as a multi-valued field in a
// single-value comparison), each expression at most once, as Elasticsearch
// reports them in its Warning headers.
type warnings struct {
	query string
	mu    sync.Mutex
	seen  map[esql.Pos]bool
	list  []warning
}

type warning struct {
	pos esql.Pos
	msg string
}

func (w *warnings) add(pos esql.Pos, expr, msg string) { w.record(pos, expr, msg) }

// note records a warning that is not an evaluation failure, once per
// position, as "line L:C: msg".
func (w *warnings) note(pos esql.Pos, msg string) { w.record(pos, "", msg) }

// record keeps the first warning at each position, up to 20; expr is the
// expression whose evaluation failed, "" for a note. The message is only
// formatted when it is kept, since a failing row repeats its warning.
func (w *warnings) record(pos esql.Pos, expr, msg string) {
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
	if expr != "" {
		msg = fmt.Sprintf("evaluation of [%s] failed, treating result as null: %s", expr, msg)
	}
	w.list = append(w.list, warning{pos, fmt.Sprintf("line %d:%d: %s", line, col, msg)})
}

func (w *warnings) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	sort.Slice(w.list, func(i, j int) bool { return w.list[i].pos < w.list[j].pos })
	out := make([]string, len(w.list))
	for i, x := range w.list {
		out[i] = x.msg
	}
	return out
}
