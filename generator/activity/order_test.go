package activity

import (
	"slices"
	"testing"

	"github.com/soclab/soclab/event"
)

// fieldOrder sorts events of every shape, including shapes whose keys have
// the same lengths (and so the same fingerprint), and keeps the values with
// their keys.
func TestFieldOrderSortsShapesWithSameFingerprint(t *testing.T) {
	shapes := [][]string{
		{"user.name", "@timestamp", "host.ip"},
		{"host.name", "@timestamp", "user.id"},
		{"user.name", "@timestamp", "host.ip"},
		{"b", "a"},
	}
	if event.KeyHash(fields(shapes[0])) != event.KeyHash(fields(shapes[1])) {
		t.Fatal("test shapes should share a fingerprint")
	}
	var o fieldOrder
	for range 2 {
		for _, keys := range shapes {
			e := &event.Event{Fields: fields(keys)}
			o.sort(e)
			var got []string
			for _, f := range e.Fields {
				if f.Val.Str() != f.Key {
					t.Fatalf("%s holds %q", f.Key, f.Val.Str())
				}
				got = append(got, f.Key)
			}
			if want := slices.Sorted(slices.Values(keys)); !slices.Equal(got, want) {
				t.Fatalf("got %v want %v", got, want)
			}
		}
	}
	if o.nshapes != 3 {
		t.Fatalf("%d shapes, want 3", o.nshapes)
	}
}

// fields makes fields whose values are their keys.
func fields(keys []string) []event.Field {
	fs := make([]event.Field, len(keys))
	for i, k := range keys {
		fs[i] = event.Field{Key: k, Val: event.String(k)}
	}
	return fs
}
