package grader

import (
	"math/rand/v2"

	"github.com/soclab/soclab/grader/gradertest"
	"github.com/soclab/soclab/labs/instance"
)

// cohortMistakes returns n reproducible mixes of mistakes.
func cohortMistakes(key *instance.Key, n int) []gradertest.Mistakes {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]gradertest.Mistakes, n)
	for i := range out {
		out[i] = gradertest.Random(key, rng, 0.3)
	}
	return out
}
