package detectors

import "github.com/soclab/soclab/event"

// litSet is the fast form of a field matcher whose tests are all plain
// patterns (exact, prefix, suffix, contains or any) with ASCII literals,
// the common case of Sigma rules. It decides most values without rendering
// or lower-casing them: a literal found in the value's raw bytes, folding
// ASCII letters, is found in the lower-cased value too, and a value that is
// all ASCII lower-cases byte by byte. What it cannot decide (a non-ASCII
// value no literal matched, a value of another kind) goes to the general
// matcher.
type litSet struct {
	pats []*pattern
	ints []int64 // every test compares integer values as integers: these
	// are their numbers (nil when some test does not)
}

// newLitSet returns the fast form of tests, or nil when some test is not a
// plain pattern.
func newLitSet(tests []valueTest) *litSet {
	if len(tests) == 0 {
		return nil
	}
	l := &litSet{}
	allInts := true
	for _, t := range tests {
		pt, ok := t.(*patTest)
		if !ok {
			return nil
		}
		for _, p := range pt.pats {
			if p.kind == patGlob || !p.cased && !p.ascii {
				return nil
			}
			l.pats = append(l.pats, p)
		}
		if pt.isInt {
			l.ints = append(l.ints, pt.intVal)
		} else {
			allInts = false
		}
	}
	if !allInts {
		l.ints = nil
	}
	return l
}

// match reports whether any test passes for v (any element of a list), and
// false for decided when the general matcher must answer.
func (l *litSet) match(v *event.Value) (matched, decided bool) {
	if v.Kind() != event.KindList {
		return l.scalar(v)
	}
	decided = true
	for i := range v.ListVal() {
		m, ok := l.scalar(&v.ListVal()[i])
		if m {
			return true, true
		}
		decided = decided && ok
	}
	return false, decided
}

func (l *litSet) scalar(v *event.Value) (matched, decided bool) {
	switch v.Kind() {
	case event.KindString:
		s := v.Str()
		for _, p := range l.pats {
			if p.matchRaw(s) {
				return true, true
			}
		}
		return false, isASCII(s)
	case event.KindInt:
		if l.ints != nil {
			n := v.IntVal()
			for _, x := range l.ints {
				if n == x {
					return true, true
				}
			}
			return false, true
		}
	}
	return false, false
}

// matchRaw is match without lower-casing s first: literals are compared
// with s's ASCII letters folded (unless cased). A match found so is a
// match; a miss is one only when s is all ASCII.
func (p *pattern) matchRaw(s string) bool {
	fold := !p.cased
	switch p.kind {
	case patExact:
		return len(s) == len(p.lit) && equalFold(s, p.lit, fold)
	case patPrefix:
		return len(s) >= len(p.lit) && equalFold(s[:len(p.lit)], p.lit, fold)
	case patSuffix:
		return len(s) >= len(p.lit) && equalFold(s[len(s)-len(p.lit):], p.lit, fold)
	case patContains:
		return indexFold(s, p.lit, fold) >= 0
	case patAny:
		return true
	}
	return false
}
