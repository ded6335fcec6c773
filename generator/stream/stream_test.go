package stream

import (
	"context"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

func at(sec int, id string) *event.Event {
	e := &event.Event{}
	e.Add(event.KeyTimestamp, event.Time(time.Unix(int64(sec), 0)))
	e.Add(event.KeyID, event.String(id))
	return e
}

func TestMergeOrdersAndBreaksTiesBySource(t *testing.T) {
	a := NewEvents([]*event.Event{at(1, "a1"), at(3, "a3"), at(5, "a5")})
	b := NewEvents([]*event.Event{at(1, "b1"), at(2, "b2"), at(6, "b6")})
	var c event.Collector
	if err := Merge(context.Background(), []Source{a, b}, &c, nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range c.Events {
		got = append(got, e.ID())
	}
	want := []string{"a1", "b1", "b2", "a3", "a5", "b6"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v want %v", got, want)
		}
	}
}

func TestIDGenUniqueAndDeterministic(t *testing.T) {
	g1, g2 := NewIDGen(7, "ssh"), NewIDGen(7, "ssh")
	seen := map[string]bool{}
	for i := 0; i < 100000; i++ {
		a, b := g1.Next(), g2.Next()
		if a != b || len(a) != 16 || seen[a] {
			t.Fatalf("id %d: %q %q", i, a, b)
		}
		seen[a] = true
	}
	if NewIDGen(7, "dns").Next() == NewIDGen(7, "ssh").Next() {
		t.Fatal("sources share ids")
	}
}
