// Package archtest holds no code: its test keeps the import graph of
// docs/architecture.md honest. Every top-level package has a layer; a
// package may import only packages of lower layers (and its own tree), so
// no arrow points back up: cmd → console → grader → labs → query →
// generator, detectors, store → event, iofile, internal.
package archtest
