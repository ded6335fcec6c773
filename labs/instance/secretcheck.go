package instance

import (
	"bytes"
	"fmt"
	"math"
	"os"
)

// MinSecretBits is the least estimated entropy of a secret that gets no
// warning: 16 random bytes' worth would be 128; 64 still defeats guessing
// while letting through a hand-typed passphrase.
const MinSecretBits = 64

// SecretWarnings lists what is wrong, though not fatal, with an instructor
// secret read from path: a file other users may read, and a secret that is
// easy to guess (one byte repeated, NUL bytes, too little variety). Each
// warning says how to fix it.
func SecretWarnings(path string, secret []byte) []string {
	var out []string
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
		out = append(out, fmt.Sprintf("secret file %s can be read by other users (mode %#o): chmod 600 %s", path, fi.Mode().Perm(), path))
	}
	fix := fmt.Sprintf("make a new one with: head -c 32 /dev/urandom | base64 > %s", path)
	switch {
	case bytes.IndexByte(secret, 0) >= 0:
		out = append(out, fmt.Sprintf("secret file %s holds NUL bytes, not a text secret; %s", path, fix))
	case len(secret) > 0 && len(bytes.Trim(secret, string(secret[:1]))) == 0:
		out = append(out, fmt.Sprintf("secret file %s is one character repeated; %s", path, fix))
	case entropyBits(secret) < MinSecretBits:
		out = append(out, fmt.Sprintf("secret file %s is easy to guess (about %.0f bits); %s", path, entropyBits(secret), fix))
	}
	return out
}

// entropyBits estimates the information in s from its byte frequencies:
// the length times the Shannon entropy per byte.
func entropyBits(s []byte) float64 {
	var counts [256]int
	for _, c := range s {
		counts[c]++
	}
	h := 0.0
	for _, n := range counts {
		if n > 0 {
			p := float64(n) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h * float64(len(s))
}
