package columnar

import (
	"testing"

	"github.com/soclab/soclab/event"
)

func TestGeoPointColumn(t *testing.T) {
	b := NewBuilder()
	add := func(build func(e *event.Event)) {
		e := &event.Event{}
		e.Add(event.KeyDataset, event.String("soclab.vpn"))
		build(e)
		b.Add(e)
	}
	add(func(e *event.Event) {
		e.Add("source.geo.location.lat", event.Float(48.85))
		e.Add("source.geo.location.lon", event.Float(2.35))
	})
	add(func(e *event.Event) { e.Add("source.geo.location", event.String("POINT(-73.99   40.73)")) })
	add(func(e *event.Event) { e.Add("source.geo.location", event.String("-33.87, 151.21")) })
	add(func(e *event.Event) { e.Add("source.geo.location", event.String("somewhere")) }) // refused, as Elasticsearch would
	add(func(e *event.Event) {
		e.Add("source.geo.location.lat", event.Float(95)) // off the globe: refused
		e.Add("source.geo.location.lon", event.Int(10))
	})
	add(func(e *event.Event) { e.Add("destination.geo.location.lon", event.Float(1.5)) }) // half a point stays a leaf
	rg := b.Finish()
	c := rg.Columns["source.geo.location"]
	if c == nil || c.Type != GeoPoint {
		t.Fatalf("source.geo.location: %+v", c)
	}
	want := []string{"POINT (2.35 48.85)", "POINT (-73.99 40.73)", "POINT (151.21 -33.87)", "", ""}
	for i, w := range want {
		lo, hi := c.Range(i)
		got := ""
		if hi > lo {
			got = c.Text(lo)
		}
		if got != w {
			t.Errorf("row %d: %q, want %q", i, got, w)
		}
	}
	for _, k := range []string{"source.geo.location.lat", "source.geo.location.lon"} {
		if rg.Columns[k] != nil {
			t.Errorf("column %s should not exist", k)
		}
	}
	if rg.Columns["destination.geo.location.lon"] == nil {
		t.Error("half a point was lost")
	}
}

func TestGeoLeaves(t *testing.T) {
	got := GeoLeaves([]string{"source.geo.location", "client.geo.location.lat", "user.name"})
	want := []string{"source.geo.location", "client.geo.location.lat", "user.name", "source.geo.location.lat", "source.geo.location.lon", "client.geo.location.lat", "client.geo.location.lon"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
}

func FuzzParsePoint(f *testing.F) {
	for _, s := range []string{"POINT (2.35 48.85)", "point(1 2)", "48.85,2.35", "POINT ()", "1,", ",", "POINT (1 2 3)", "NaN,NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lat, lon, ok := ParsePoint(s)
		if !ok {
			return
		}
		if !validPoint(lat, lon) {
			t.Fatalf("%q: accepted %v %v", s, lat, lon)
		}
		lat2, lon2, ok := ParsePoint(pointWKT(lat, lon))
		if !ok || lat2 != lat || lon2 != lon {
			t.Fatalf("%q: round trip %v %v -> %v %v %v", s, lat, lon, lat2, lon2, ok)
		}
	})
}
