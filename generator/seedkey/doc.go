// Package seedkey turns a lab seed into the keys and random sources the
// generator and the labs draw from, so that nothing a trainee sees is a
// simple function of the seed.
//
// The seed decides the answer key (`soclab key --seed S` rebuilds it), so it
// must never be recoverable from generated data. Every value derived from
// the seed goes through a keyed pseudo-random function: the master key is
// SHA-256 of a version label and the seed, and each purpose ("event-id\x00auth",
// "org", "activity/plan", ...) gets its own HMAC-SHA256 of that key and the
// purpose label. Random sources (PCG) are seeded from these derived keys,
// never from the raw seed; event ids come from a keyed permutation (see
// IDCipher). Recovering a derived key (for example by analysing a PCG stream)
// gives neither the seed nor the key of any other purpose.
//
// See docs/labs.md ("Threat model") for what a trainee holds and why none of
// it gives the seed.
package seedkey
