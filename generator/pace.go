package generator

import (
	"context"
	"fmt"
	"time"

	"github.com/soclab/soclab/event"
)

// Clock is the wall clock a Pacer follows; tests give a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// WallClock is the real clock.
type WallClock struct{}

// Now implements Clock.
func (WallClock) Now() time.Time { return time.Now() }

// Sleep implements Clock.
func (WallClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Pacer is a Sink that replays a stream in real time (generate --realtime):
// it holds every event back until its moment has come, simulated time
// passing speed times faster than the wall clock, and shifts every date
// field (@timestamp, event.start, event.end, any other date) by the same
// amount so that the window ends at the moment the replay ends; no event is
// ever stamped in the future. Event ids are kept. Shifting ties the bytes
// to the wall clock, so a paced replay is the only output of soclab that is
// not byte-for-byte reproducible.
type Pacer struct {
	ctx   context.Context
	next  event.Sink
	clock Clock
	speed float64
	from  int64 // window start, Unix ns
	start time.Time
	shift int64 // added to every date, ns
}

// slack is how far ahead of the wall clock a Pacer lets events go before
// it sleeps, so that it sleeps in few long naps rather than per event.
const slack = 20 * time.Millisecond

// NewPacer wraps next for a replay of the window [from, to) at speed
// (1 = real time), starting now on clock.
func NewPacer(ctx context.Context, next event.Sink, from, to time.Time, speed float64, clock Clock) (*Pacer, error) {
	if !(speed > 0) || speed > 1e6 {
		return nil, fmt.Errorf("%w: speed %v: must be above 0 and at most 1000000", ErrConfig, speed)
	}
	if clock == nil {
		clock = WallClock{}
	}
	start := clock.Now()
	span := time.Duration(float64(to.Sub(from)) / speed)
	end := start.Add(span).Truncate(time.Millisecond)
	return &Pacer{ctx: ctx, next: next, clock: clock, speed: speed, from: from.UnixNano(), start: start, shift: end.UnixNano() - to.UnixNano()}, nil
}

// Write implements event.Sink: it waits for e's moment, shifts its dates
// (in place) and passes it on.
func (p *Pacer) Write(e *event.Event) error {
	v, ok := e.Get(event.KeyTimestamp)
	if ok && v.Kind() == event.KindTime {
		due := p.start.Add(time.Duration(float64(v.UnixNano()-p.from) / p.speed))
		if wait := due.Sub(p.clock.Now()); wait > slack {
			if err := p.clock.Sleep(p.ctx, wait); err != nil {
				return err
			}
		}
	}
	for i := range e.Fields {
		f := &e.Fields[i]
		if f.Val.Kind() == event.KindTime {
			f.Val = event.Time(time.Unix(0, f.Val.UnixNano()+p.shift))
		}
	}
	return p.next.Write(e)
}

// Close implements event.Sink; it closes the wrapped sink.
func (p *Pacer) Close() error { return p.next.Close() }
