package query

import (
	"sync"
	"sync/atomic"
)

// patternCache keeps compiled patterns (GROK's, DISSECT's) by their text,
// so that a query's pattern is compiled once however many columns and
// rows it has. It holds at most 256, starting afresh when full.
type patternCache[T any] struct {
	mu sync.Mutex
	m  map[string]patternCached[T]
}

type patternCached[T any] struct {
	v   T
	err error
}

// get returns the compiled key, from the cache when it can.
func (c *patternCache[T]) get(key string, compile func() (T, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		return e.v, e.err
	}
	if c.m == nil || len(c.m) >= 256 {
		c.m = map[string]patternCached[T]{}
	}
	v, err := compile()
	c.m[key] = patternCached[T]{v, err}
	return v, err
}

// lastMatch keeps a pattern's most recent match, so that the columns of
// one row share one run of the pattern. Any goroutine may replace it; an
// entry is never changed and is used only for the very same input, so a
// stale or foreign one costs a new match, never a wrong answer.
type lastMatch[T any] struct {
	p atomic.Pointer[memoEntry[T]]
}

type memoEntry[T any] struct {
	in string
	m  T
}

// get returns match(s), or the last run's result when it was on s.
func (l *lastMatch[T]) get(s string, match func(string) T) T {
	if e := l.p.Load(); e != nil && e.in == s {
		return e.m
	}
	m := match(s)
	l.p.Store(&memoEntry[T]{in: s, m: m})
	return m
}
