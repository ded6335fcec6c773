package stream_test

import (
	"context"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/stream"
)

// TestGeneratedAttackIdsRevealNothing runs the attack on a real
// generated dataset: from the ids of an ssh brute force (as a trainee reads
// them in the workspace or Kibana), rebuild the seed by inverting
// SplitMix64, and look for the attack's events as a run of consecutive
// un-mixed ids. Neither works.
func TestGeneratedAttackIdsRevealNothing(t *testing.T) {
	const seed = 42
	cfg := generator.Config{Seed: seed, Users: 40, Duration: 2 * time.Hour,
		Scenarios: []generator.ScenarioSpec{{ID: "ssh-bruteforce", Params: map[string]any{"start": "+30m"}}}}
	var all event.Collector
	tr, err := generator.Run(context.Background(), cfg, &all, generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	attack := tr.Scenarios[0].Events
	if len(attack) < 20 {
		t.Fatalf("only %d attack events", len(attack))
	}
	src := stream.Fnv64("scenario/0")
	var unmixed []uint64
	for _, id := range attack {
		v, err := strconv.ParseUint(id, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		// The attack: id = splitmix(splitmix(seed^fnv(source)) + n·γ).
		for n := uint64(1); n <= 3; n++ {
			if int64(stream.Unsplitmix(stream.Unsplitmix(v)-n*stream.Gamma)^src) == seed {
				t.Fatalf("id %s gives the seed back", id)
			}
		}
		unmixed = append(unmixed, v)
	}
	if near := consecutive(unmixed); near > 1 {
		t.Fatalf("%d of %d un-mixed attack ids are consecutive: the attack stands out", near, len(unmixed))
	}
	// The same check finds the attack in ids of the old scheme.
	var old []uint64
	for n := range uint64(len(attack)) {
		old = append(old, stream.OldID(seed, "scenario/0", n+1))
	}
	if near := consecutive(old); near != len(old)-1 {
		t.Fatalf("the check finds %d consecutive of %d old ids, want all", near, len(old))
	}
}

// consecutive un-mixes ids (undo SplitMix64, divide by its γ) and counts
// those one above another.
func consecutive(ids []uint64) int {
	var u []uint64
	for _, v := range ids {
		u = append(u, stream.Unsplitmix(v)*stream.OddInverse(stream.Gamma))
	}
	sort.Slice(u, func(i, j int) bool { return u[i] < u[j] })
	n := 0
	for i := 1; i < len(u); i++ {
		if u[i]-u[i-1] == 1 {
			n++
		}
	}
	return n
}
