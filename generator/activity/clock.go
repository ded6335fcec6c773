package activity

import "time"

// workClock walks one person's working time, day after day, for one
// source: it yields the times of a Poisson process that runs only while
// they are at work (dipped during lunch). Each source keeps its own clock
// per person; the plans they follow are shared by construction (dayPlan).
type workClock struct {
	p   *person
	day time.Time
	pl  dayPlan
	t   int64
}

// start puts the clock at the first working day that can touch the window.
func (c *workClock) start(s *Source, p *person) {
	c.p = p
	c.day = s.w.firstDay(p)
	c.pl = s.w.plan(p, c.day)
	c.t = c.pl.arrive
}

// nextDay moves the clock to the next day's plan; false once days start
// after the window.
func (c *workClock) nextDay(s *Source) bool {
	c.day = nextDay(c.day)
	if c.day.UnixNano() >= s.w.to+int64(24*time.Hour) {
		return false
	}
	c.pl = s.w.plan(c.p, c.day)
	c.t = max(c.t, c.pl.arrive)
	return true
}

// next returns the next time of a process of perHour events an hour (at
// rate 1) during working hours, keeping a fraction lunch of them in the
// lunch break; false when the window is over.
func (c *workClock) next(s *Source, perHour, lunch float64) (int64, bool) {
	lam := perHour * s.rate
	if lam <= 0 {
		return 0, false
	}
	for {
		if c.pl.mode == modeOff || c.t >= c.pl.leave {
			if !c.nextDay(s) {
				return 0, false
			}
			continue
		}
		c.t += int64(s.r.ExpFloat64() / lam * float64(time.Hour))
		switch {
		case c.t >= s.w.to:
			return 0, false
		case c.t >= c.pl.leave, c.t < s.w.from:
			continue
		case c.pl.atLunch(c.t) && s.r.Float64() >= lunch:
			continue
		}
		return c.t, true
	}
}

// timer is a periodic clock around the hours: every period (scaled by the
// source's rate) with some jitter.
type timer struct {
	t      int64
	period time.Duration
	jitter float64
}

// first places the timer at a random phase of its period inside the window.
func (tm *timer) first(s *Source) int64 {
	tm.t = s.w.from + int64(s.r.Float64()*float64(s.period(tm.period, 0)))
	return tm.t
}

// next advances the timer by one period.
func (tm *timer) next(s *Source) int64 {
	tm.t += s.period(tm.period, tm.jitter)
	return tm.t
}
