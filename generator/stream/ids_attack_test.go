package stream

import (
	"hash/fnv"
	"math/bits"
	"strconv"
	"testing"
)

// The ids before issue 11 were splitmix(splitmix(seed^fnv(source)) + n·γ).
// SplitMix64's finaliser is a public bijection, so one id gave the seed
// back, and un-mixing a source's ids showed consecutive counters. These
// tests run that attack on today's ids and find nothing.

const gamma = 0x9e3779b97f4a7c15

func splitmix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func unsplitmix(x uint64) uint64 {
	x = unxorshift(x, 31)
	x *= oddInverse(0x94d049bb133111eb)
	x = unxorshift(x, 27)
	x *= oddInverse(0xbf58476d1ce4e5b9)
	return unxorshift(x, 30)
}

func unxorshift(y uint64, s uint) uint64 {
	x := y
	for range 64/s + 1 {
		x = y ^ x>>s
	}
	return x
}

func oddInverse(c uint64) uint64 {
	inv := c
	for range 6 {
		inv *= 2 - c*inv
	}
	return inv
}

func fnv64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// oldID is the id scheme the attack was built against.
func oldID(seed int64, source string, n uint64) uint64 {
	return splitmix(splitmix(uint64(seed)^fnv64(source)) + n*gamma)
}

// recoverSeed is the attack: from the first id of a source and its name,
// rebuild the seed.
func recoverSeed(id uint64, source string) int64 {
	key := unsplitmix(id) - gamma
	return int64(unsplitmix(key) ^ fnv64(source))
}

func parseID(t *testing.T, s string) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil || len(s) != 16 {
		t.Fatalf("id %q is not 16 hex digits", s)
	}
	return v
}

func TestKnownAttackRecoversNothing(t *testing.T) {
	sources := []string{"auth", "dns", "firewall", "scenario/0", "scenario/1"}
	for _, seed := range []int64{1, 42, -7, 1 << 40} {
		for _, src := range sources {
			// The attack works on the old scheme: it is a real attack.
			if got := recoverSeed(oldID(seed, src, 1), src); got != seed {
				t.Fatalf("attack broken: recovered %d from an old id, want %d", got, seed)
			}
			g := NewIDGen(seed, src)
			first := parseID(t, g.Next())
			if got := recoverSeed(first, src); got == seed {
				t.Fatalf("seed %d, source %s: the SplitMix attack recovers the seed", seed, src)
			}
			// Un-mixing consecutive ids must not give a constant step
			// (the old scheme's n·γ).
			prev := unsplitmix(first)
			steps := map[uint64]int{}
			for range 1000 {
				cur := unsplitmix(parseID(t, g.Next()))
				steps[cur-prev]++
				prev = cur
			}
			for step, c := range steps {
				if c > 2 {
					t.Fatalf("seed %d, source %s: un-mixed ids step by %#x %d times in 1000", seed, src, step, c)
				}
			}
		}
	}
}

// TestIDsHaveNoStructureBySource looks for what singled out the attack
// events: un-mixed ids of one source forming runs of consecutive integers,
// or ids of one source sharing bits the others do not.
func TestIDsHaveNoStructureBySource(t *testing.T) {
	const per = 4096
	for _, src := range []string{"auth", "scenario/0"} {
		g := NewIDGen(11, src)
		raw := make([]uint64, per)
		for i := range raw {
			raw[i] = parseID(t, g.Next())
		}
		// Runs: sort the un-mixed values and count neighbours one apart.
		set := map[uint64]bool{}
		for _, v := range raw {
			set[unsplitmix(v)] = true
			set[v] = true
		}
		adjacent := 0
		for _, v := range raw {
			if set[unsplitmix(v)+1] || set[v+1] {
				adjacent++
			}
		}
		if adjacent > 2 {
			t.Fatalf("source %s: %d of %d ids have a consecutive neighbour", src, adjacent, per)
		}
		// Each bit is set in about half the ids (binomial: 4096 draws,
		// sd 32; 6 sd is a miss in a billion).
		for b := range 64 {
			n := 0
			for _, v := range raw {
				n += int(v >> b & 1)
			}
			if n < per/2-192 || n > per/2+192 {
				t.Fatalf("source %s: bit %d set in %d of %d ids", src, b, n, per)
			}
		}
		// Popcount of xor between consecutive ids averages 32.
		total := 0
		for i := 1; i < per; i++ {
			total += bits.OnesCount64(raw[i] ^ raw[i-1])
		}
		if avg := float64(total) / (per - 1); avg < 31 || avg > 33 {
			t.Fatalf("source %s: consecutive ids differ in %.2f bits on average, want about 32", src, avg)
		}
	}
}
