package stream

// The attack's pieces, for the external tests that run it on generated
// data (package stream_test cannot import the generator from package
// stream without a cycle).
var (
	Unsplitmix = unsplitmix
	OddInverse = oddInverse
	Fnv64      = fnv64
	OldID      = oldID
)

// Gamma is SplitMix64's increment, the old scheme's step.
const Gamma = gamma
