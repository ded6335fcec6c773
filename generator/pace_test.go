package generator

import (
	"context"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// fakeClock advances only when the Pacer sleeps.
type fakeClock struct {
	now    time.Time
	slept  time.Duration
	sleeps int
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.now = c.now.Add(d)
	c.slept += d
	c.sleeps++
	return nil
}

func TestPacerDelaysAndShifts(t *testing.T) {
	from := DefaultFrom
	to := from.Add(time.Hour)
	wall := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := &fakeClock{now: wall}
	var got event.Collector
	p, err := NewPacer(context.Background(), &got, from, to, 60, clock)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []time.Duration{0, 30 * time.Minute, 59 * time.Minute} {
		e := &event.Event{}
		at := from.Add(m)
		e.Add(event.KeyTimestamp, event.Time(at))
		e.Add(event.KeyID, event.String("x"))
		e.Add("event.end", event.Time(at.Add(time.Second)))
		if err := p.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	// At 60x, an hour replays in a minute: the last event is due 59s in.
	if clock.slept != 59*time.Second || clock.sleeps != 2 {
		t.Fatalf("slept %s in %d naps", clock.slept, clock.sleeps)
	}
	// The window ends when the replay does: one minute after the start.
	shift := wall.Add(time.Minute).Sub(to)
	last := got.Events[2]
	if !last.Time().Equal(from.Add(59 * time.Minute).Add(shift)) {
		t.Fatalf("@timestamp %s not shifted by %s", last.Time(), shift)
	}
	if end, _ := last.Get("event.end"); !end.TimeVal().Equal(last.Time().Add(time.Second)) {
		t.Fatalf("event.end %s not shifted with @timestamp", end.TimeVal())
	}
	if last.Time().After(clock.Now()) || last.ID() != "x" {
		t.Fatal("event stamped in the future or id changed")
	}
}

func TestPacerRejectsBadSpeed(t *testing.T) {
	if _, err := NewPacer(context.Background(), &event.Collector{}, DefaultFrom, DefaultFrom.Add(time.Hour), 0, nil); err == nil {
		t.Fatal("speed 0 accepted")
	}
}
