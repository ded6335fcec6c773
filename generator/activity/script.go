package activity

import (
	"cmp"
	"slices"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// record is an event builder of package telemetry.
type record interface {
	Build(e *event.Event, m telemetry.Meta)
}

// script is a short sequence of records decided at once and emitted at
// their times (a logon and its logoff, a burst of failures then a success).
// Scripts are pooled per source.
type script struct {
	steps []scriptStep
	i     int
}

type scriptStep struct {
	t  int64
	ds int
	r  record
}

// script returns an empty script of s.
func (s *Source) script() *script {
	if n := len(s.scripts); n > 0 {
		sc := s.scripts[n-1]
		s.scripts = s.scripts[:n-1]
		return sc
	}
	return &script{}
}

// add appends a record of dataset ds at t.
func (sc *script) add(t int64, ds int, r record) { sc.steps = append(sc.steps, scriptStep{t, ds, r}) }

// play orders the script's steps by time (stably) and queues it. Steps
// before the window opens are dropped.
func (sc *script) play(s *Source) {
	slices.SortStableFunc(sc.steps, func(a, b scriptStep) int { return cmp.Compare(a.t, b.t) })
	sc.i = 0
	for sc.i < len(sc.steps) && sc.steps[sc.i].t < s.w.from {
		sc.i++
	}
	if sc.i == len(sc.steps) {
		sc.release(s)
		return
	}
	s.at(sc.steps[sc.i].t, sc)
}

func (sc *script) fire(s *Source, now int64, e *event.Event) int {
	st := &sc.steps[sc.i]
	st.r.Build(e, s.meta(now))
	ds := st.ds
	if sc.i++; sc.i < len(sc.steps) {
		s.at(sc.steps[sc.i].t, sc)
	} else {
		sc.release(s)
	}
	return ds
}

func (sc *script) release(s *Source) {
	clear(sc.steps)
	sc.steps = sc.steps[:0]
	s.scripts = append(s.scripts, sc)
}
