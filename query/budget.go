package query

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/dustin/go-humanize"
)

// A query's input is bounded by its tables, but what it builds is not: a
// few nested CONCATs double a string at each step, and STATS over a
// computed key or a long collected result holds every value. These limits
// stop such a query with a clear error (exit 1 in the CLI) before it
// exhausts memory.
const (
	// MaxString is the longest string a query may build (Elasticsearch's
	// CONCAT limit: 1 MiB).
	MaxString = 1 << 20
	// MemoryBudget is how many bytes of collected rows, sort buffers and
	// group keys one query may hold.
	MemoryBudget = 1 << 30
)

// ErrBudget matches every *BudgetError.
var ErrBudget = errors.New("query over its memory budget")

// BudgetError says which limit a query went over.
type BudgetError struct {
	What  string // what was being built
	Size  int64  // bytes it needed
	Limit int64
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("%v: %s needs %s, more than the %s allowed", ErrBudget, e.What, sizeText(e.Size), sizeText(e.Limit))
}

// Is makes a BudgetError match ErrBudget.
func (e *BudgetError) Is(target error) bool { return target == ErrBudget }

func sizeText(n int64) string { return humanize.IBytes(uint64(max(n, 0))) }

// overBudget stops evaluation: evaluation functions return no error, so a
// limit panics with its *BudgetError, and Run and the workers turn it back
// into the query's error.
func overBudget(e *BudgetError) { panic(e) }

// memBudget counts the bytes a query holds, across its workers.
type memBudget struct {
	used  atomic.Int64
	limit int64
}

// charge adds n bytes (negative to give back) and stops the query past
// the limit.
func (m *memBudget) charge(n int64, what string) {
	if m == nil {
		return
	}
	if used := m.used.Add(n); n > 0 && used > m.limit {
		overBudget(&BudgetError{What: what, Size: used, Limit: m.limit})
	}
}

// valBytes estimates the memory of one value.
func valBytes(v Val) int64 {
	n := int64(48 + len(v.S))
	for _, x := range v.L {
		n += valBytes(x)
	}
	return n
}

// rowBytes estimates the memory of one row.
func rowBytes(row []Val) int64 {
	n := int64(24)
	for _, v := range row {
		n += valBytes(v)
	}
	return n
}

// recoverBudget turns a panic of the evaluation into an error: a
// *BudgetError as itself, anything else as an internal error of the query
// (so that a bug in one worker cannot crash the process).
func recoverBudget(r any, query string) error {
	if e, ok := r.(*BudgetError); ok {
		return e
	}
	return fmt.Errorf("internal error running query %q: %v", query, r)
}
