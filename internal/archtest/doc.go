// Package archtest holds no code: its test keeps the import graph of
// DESIGN.md honest (cmd → grader → labs → generator, detectors, store →
// event; no package reaches back up).
package archtest
