package labs

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/seedkey"
)

// GeneratorConfig returns what the generator needs to build the instance of
// lab with seed: the organisation, window and rates, and every scenario and
// decoy with its parameters. A scenario placed with at: gets its "start"
// parameter here, moved by a seed-drawn amount within ±jitter and kept
// inside the window, so that every instance's attack happens at a
// different time. The same lab and seed give the same Config.
func GeneratorConfig(lab *Lab, seed int64) (generator.Config, error) {
	cfg := generator.Config{
		Seed:     seed,
		From:     lab.Window.Start(),
		Duration: lab.Window.Duration.D(),
		Users:    lab.Org.Users,
		Hosts:    lab.Org.Hosts,
		Rates:    maps.Clone(lab.Rates),
	}
	var picks map[string]picked
	if len(lab.Picks) > 0 {
		var err error
		if picks, err = drawPicks(lab, seed, org.New(seed, lab.Org.Users, lab.Org.Hosts)); err != nil {
			return cfg, err
		}
	}
	r := jitterRand(lab.ID, seed)
	for i, ref := range slices.Concat(lab.Scenarios, lab.Decoys) {
		spec := scenarioSpec(lab, ref, r)
		if err := resolveRefs(spec.Params, paramTypes(ref.ID), picks); err != nil {
			return cfg, fmt.Errorf("lab %s: scenario %d (%s): %w", lab.ID, i+1, ref.ID, err)
		}
		cfg.Scenarios = append(cfg.Scenarios, spec)
	}
	return cfg, nil
}

// jitterRand is the random source of the start times: one per lab and
// seed, drawn in the lab's scenario order.
func jitterRand(labID string, seed int64) *rand.Rand {
	return seedkey.New(seed).Rand("labs/jitter\x00" + labID)
}

// scenarioSpec turns one lab entry into the generator's spec. It always
// draws from r, even when the entry has no jitter, so that adding jitter to
// one scenario does not move the others.
func scenarioSpec(lab *Lab, ref ScenarioRef, r *rand.Rand) generator.ScenarioSpec {
	params := maps.Clone(ref.Params)
	u := r.Float64()*2 - 1 // uniform in [-1, 1)
	if ref.At != nil {
		if params == nil {
			params = map[string]any{}
		}
		params["start"] = startTime(lab, ref, u)
	}
	return generator.ScenarioSpec{ID: ref.ID, Params: params}
}

// startTime resolves at: plus u·jitter, clamped to the window's first
// minute and its last hour (or its middle, for a short window).
func startTime(lab *Lab, ref ScenarioRef, u float64) time.Time {
	from, to := lab.Window.Start(), lab.Window.End()
	t := ref.At.Resolve(from).Add(time.Duration(u * float64(ref.Jitter.D())))
	latest := to.Add(-time.Hour)
	if !latest.After(from) {
		latest = from.Add(to.Sub(from) / 2)
	}
	if earliest := from.Add(time.Minute); t.Before(earliest) {
		t = earliest
	}
	if t.After(latest) && !ref.At.Resolve(from).After(latest) {
		t = latest
	}
	return t.Truncate(time.Second).UTC()
}
