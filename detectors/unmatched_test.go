package detectors

import (
	"slices"
	"testing"

	"github.com/soclab/soclab/event"
)

// TestUnmatchedDatasets: events of a dataset no rule's log source selects
// are counted per dataset, events the rules read (through the pipelines:
// system.auth) are not.
func TestUnmatchedDatasets(t *testing.T) {
	eng := bundledEngine(t, Options{OnAlert: func(*Alert) {}})
	e := &event.Event{}
	write := func(ds string) {
		e.Reset()
		e.Add(event.KeyTimestamp, event.String("2026-03-02T10:00:00.000Z"))
		if ds != "-" {
			e.Add(event.KeyDataset, event.String(ds))
		}
		if err := eng.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, ds := range []string{"acme.auth", "system.auth", "acme.auth", "zeek.dns", "-", "zz.fw", "acme.auth"} {
		write(ds)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	got := eng.Unmatched()
	want := []DatasetCount{{"", 1}, {"acme.auth", 3}, {"zz.fw", 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Unmatched = %v, want %v", got, want)
	}
	if ds := eng.Datasets(); !slices.Contains(ds, "system.auth") || !slices.Contains(ds, "zeek.dns") || slices.Contains(ds, "acme.auth") {
		t.Errorf("Datasets = %v", ds)
	}
}
