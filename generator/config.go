package generator

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Config is everything that decides a generated dataset. The same Config
// gives the same bytes.
type Config struct {
	Seed     int64
	From     time.Time     // start of the window (UTC); zero means the default
	Duration time.Duration // length of the window; zero means 24h
	Users    int           // organisation size; zero means 200
	Hosts    int           // zero means derived from Users (about 250 for 200 users)
	// Rates scales the benign activity per dataset ("zeek.dns": 0.5); a
	// dataset not named keeps rate 1, and rate 0 silences it.
	Rates map[string]float64
	// Scenarios are the attacks and decoys to inject, in order.
	Scenarios []ScenarioSpec
}

// ScenarioSpec asks for one attack scenario or decoy. Params are the
// scenario's own parameters (see Catalogue); any left out are drawn from
// the seed.
type ScenarioSpec struct {
	ID     string
	Params map[string]any
}

// Options are the run's observers; none of them changes what is generated.
type Options struct {
	// Progress, when set, is called from time to time with the number of
	// events written so far and the simulated time reached.
	Progress func(events int64, at time.Time)
	// Registerer, when set, receives the generator's metrics.
	Registerer prometheus.Registerer
}
