package scenario

import (
	"math/rand/v2"
	"time"
)

// startP returns the scenario's first moment. A lab's start must lie in the
// window; a drawn one leaves span before the window end. def draws a time
// in [lo, hi].
func (g *gen) startP(span time.Duration, def func(r *rand.Rand, lo, hi time.Time) time.Time) time.Time {
	from, to := g.env.From, g.env.To
	if v, ok := g.val("start"); ok {
		t := v.(timeSpec).resolve(from).Truncate(time.Millisecond)
		if t.Before(from) || !t.Before(to) {
			g.fail("start", "%s is outside the window %s to %s", stamp(t), stamp(from), stamp(to))
			return from
		}
		g.given = true
		return t
	}
	lo, hi := from, to.Add(-span-time.Minute)
	if hi.Before(lo) {
		g.fail("", "it needs about %s but the window is only %s: widen the window or lower its durations and counts", span.Round(time.Minute), to.Sub(from))
		return from
	}
	return def(g.dr("start"), lo, hi).Truncate(time.Millisecond)
}

// fitDur shortens a drawn duration to at most three quarters of the
// window, so that long defaults (a day of beaconing) fit short windows.
func (g *gen) fitDur(d time.Duration) time.Duration {
	return min(d, g.env.To.Sub(g.env.From)*3/4)
}

// anyTime draws uniformly in [lo, hi].
func anyTime(r *rand.Rand, lo, hi time.Time) time.Time {
	d := hi.Sub(lo)
	if d <= 0 {
		return lo
	}
	return lo.Add(time.Duration(r.Int64N(int64(d) + 1)))
}

// hoursIn draws a time in [lo, hi] whose local hour in loc is in
// [fromH, toH) (wrapping past midnight when fromH > toH), on a weekday when
// weekdays is set; it falls back to any time when the range has none.
func hoursIn(loc *time.Location, fromH, toH int, weekdays bool) func(r *rand.Rand, lo, hi time.Time) time.Time {
	return func(r *rand.Rand, lo, hi time.Time) time.Time {
		for range 400 {
			t := anyTime(r, lo, hi)
			l := t.In(loc)
			h := l.Hour()
			inHours := h >= fromH && h < toH
			if fromH > toH {
				inHours = h >= fromH || h < toH
			}
			if inHours && (!weekdays || (l.Weekday() != time.Saturday && l.Weekday() != time.Sunday)) {
				return t
			}
		}
		return anyTime(r, lo, hi)
	}
}

// workHours draws a weekday working hour (09–17) in loc.
func workHours(loc *time.Location) func(r *rand.Rand, lo, hi time.Time) time.Time {
	return hoursIn(loc, 9, 17, true)
}

// nightHours draws a time between 00:00 and 05:00 in loc.
func nightHours(loc *time.Location) func(r *rand.Rand, lo, hi time.Time) time.Time {
	return hoursIn(loc, 0, 5, false)
}

// between draws a duration uniformly in [lo, hi].
func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)+1))
}

// intIn draws an integer uniformly in [lo, hi].
func intIn(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// jittered returns d changed by up to ±frac of itself.
func jittered(r *rand.Rand, d time.Duration, frac float64) time.Duration {
	if frac <= 0 {
		return d
	}
	f := 1 + frac*(2*r.Float64()-1)
	return time.Duration(float64(d) * f)
}

// ms draws a whole number of milliseconds in [lo, hi].
func ms(r *rand.Rand, lo, hi int) time.Duration {
	return time.Duration(intIn(r, lo, hi)) * time.Millisecond
}
