package stream_test

import (
	"context"
	"hash/fnv"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
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
	h := fnv.New64a()
	h.Write([]byte("scenario/0"))
	src := h.Sum64()
	var unmixed []uint64
	for _, id := range attack {
		v, err := strconv.ParseUint(id, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		// The attack: id = splitmix(splitmix(seed^fnv(source)) + n·γ).
		for n := uint64(1); n <= 3; n++ {
			if int64(invSplitmix(invSplitmix(v)-n*0x9e3779b97f4a7c15)^src) == seed {
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
		old = append(old, splitmixOnce(splitmixOnce(uint64(seed)^src)+(n+1)*0x9e3779b97f4a7c15))
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
		u = append(u, invSplitmix(v)*inverse(0x9e3779b97f4a7c15))
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

func splitmixOnce(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func invSplitmix(x uint64) uint64 {
	x = unxor(x, 31)
	x *= inverse(0x94d049bb133111eb)
	x = unxor(x, 27)
	x *= inverse(0xbf58476d1ce4e5b9)
	return unxor(x, 30)
}

func unxor(y uint64, s uint) uint64 {
	x := y
	for range 64/s + 1 {
		x = y ^ x>>s
	}
	return x
}

func inverse(c uint64) uint64 {
	inv := c
	for range 6 {
		inv *= 2 - c*inv
	}
	return inv
}
