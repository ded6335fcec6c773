package activity

import (
	"math/rand/v2"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/seedkey"
	"github.com/soclab/soclab/generator/stream"
	"github.com/soclab/soclab/generator/telemetry"
)

// Dataset indexes, in the order of event.Datasets.
const (
	dsSSH = iota
	dsWindows
	dsVPN
	dsSSO
	dsFlow
	dsDNS
	dsProxy
	dsFirewall
	numDatasets
	dsNone = -1
)

// proc is one piece of pending work of a source: an actor (a person's day, a
// machine's timer) or a session in flight. fire runs the step that is due,
// builds at most one event into e and returns its dataset index (dsNone when
// the step built nothing); a proc that continues reschedules itself with
// Source.at before returning.
type proc interface {
	fire(s *Source, now int64, e *event.Event) int
}

// pending is a proc waiting in a source's heap. seq breaks ties in the order
// the work was scheduled, so the order never depends on anything but the
// seed.
type pending struct {
	t   int64 // Unix nanoseconds, whole milliseconds
	seq uint64
	p   proc
}

// Source is one benign activity source: a time-ordered stream.Source over
// the events its procs build. It is not safe for concurrent use.
type Source struct {
	name    string
	primary int // the dataset whose rate scales this activity
	w       *World
	r       *rand.Rand
	ids     *stream.IDGen
	rate    float64
	mute    [numDatasets]bool
	h       []pending
	seq     uint64
	end     int64 // the window's end: nothing at or after it is emitted
	ev      event.Event
	readyT  int64
	now     int64 // the time of the work last run: nothing is scheduled before it
	ready   bool
	counts  [numDatasets]int64
	scripts []*script // free scripts
	order   fieldOrder
	respLen map[respKey]int64 // see httpResponseMin
	conns   telemetry.ConnIDs // community ids of recent connections
}

// newSource returns an empty source named name (the name seeds its random
// generator and its event ids).
func newSource(w *World, name string, primary int) *Source {
	s := &Source{
		name: name, primary: primary, w: w,
		r:   seedkey.New(w.Seed).Rand("activity/source\x00" + name),
		ids: stream.NewIDGen(w.Seed, name),
		end: w.to,
	}
	s.rate = w.rate(primary)
	for i := range s.mute {
		s.mute[i] = w.rate(i) == 0
	}
	return s
}

// Name returns the source's name.
func (s *Source) Name() string { return s.name }

// Counts returns how many events of each dataset (in the order of
// event.Datasets) the source has emitted so far.
func (s *Source) Counts() map[string]int64 {
	m := make(map[string]int64, numDatasets)
	for i, n := range s.counts {
		if n > 0 {
			m[event.Datasets[i]] = n
		}
	}
	return m
}

// at schedules p to fire at t (rounded down to the millisecond). Work at or
// after the window's end is dropped; work asked for in the past (which only
// a jump across time zones can cause) runs now.
func (s *Source) at(t int64, p proc) {
	t -= t % int64(time.Millisecond)
	t = max(t, s.now)
	if t >= s.end {
		return
	}
	s.seq++
	s.h = append(s.h, pending{t: t, seq: s.seq, p: p})
	s.up(len(s.h) - 1)
}

// Peek implements stream.Source: it runs due work until one step builds an
// event that is not muted.
func (s *Source) Peek() (time.Time, bool) {
	for !s.ready {
		if len(s.h) == 0 {
			return time.Time{}, false
		}
		top := s.h[0]
		s.pop()
		s.now = top.t
		ds := top.p.fire(s, top.t, &s.ev)
		if ds >= 0 && !s.mute[ds] {
			s.order.sort(&s.ev)
			s.ready, s.readyT = true, top.t
			s.counts[ds]++
		}
	}
	return time.Unix(0, s.readyT).UTC(), true
}

// Emit implements stream.Source. The event's storage is swapped with e's,
// so no fields are copied.
func (s *Source) Emit(e *event.Event) {
	if !s.ready {
		if _, ok := s.Peek(); !ok {
			e.Reset()
			return
		}
	}
	e.Fields, s.ev.Fields = s.ev.Fields, e.Fields
	s.ready = false
}

// meta returns the time and next id of an event at t.
func (s *Source) meta(t int64) telemetry.Meta {
	return telemetry.Meta{Time: time.Unix(0, t).UTC(), ID: s.ids.Next(), ConnIDs: &s.conns}
}

// keep reports whether an occurrence of a scaled activity happens: always
// at rate 1 or more, with probability rate below it.
func (s *Source) keep() bool { return s.rate >= 1 || s.r.Float64() < s.rate }

// every returns the gap to the next occurrence of something that happens
// perHour times an hour at rate 1 (a Poisson process, scaled by the rate);
// a huge gap when the rate is 0.
func (s *Source) every(perHour float64) int64 {
	lam := perHour * s.rate
	if lam <= 0 {
		return 1 << 62
	}
	return int64(s.r.ExpFloat64() / lam * float64(time.Hour))
}

// period returns a timer's period d scaled by the rate, with ±jitter
// (a fraction of the period).
func (s *Source) period(d time.Duration, jitter float64) int64 {
	if s.rate <= 0 {
		return 1 << 62
	}
	p := float64(d) / s.rate
	return int64(p * (1 + jitter*(2*s.r.Float64()-1)))
}

func (s *Source) less(i, j int) bool {
	a, b := &s.h[i], &s.h[j]
	return a.t < b.t || a.t == b.t && a.seq < b.seq
}

func (s *Source) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.h[i], s.h[p] = s.h[p], s.h[i]
		i = p
	}
}

func (s *Source) pop() {
	n := len(s.h) - 1
	s.h[0] = s.h[n]
	s.h[n] = pending{}
	s.h = s.h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.h[i], s.h[m] = s.h[m], s.h[i]
		i = m
	}
}

// ms is a duration in Unix-nanosecond arithmetic.
func ms(n int64) int64 { return n * int64(time.Millisecond) }

// sec is seconds in Unix-nanosecond arithmetic.
func sec(n float64) int64 { return int64(n * float64(time.Second)) }

// minutes is minutes in Unix-nanosecond arithmetic.
func minutes(n float64) int64 { return int64(n * float64(time.Minute)) }
