// Package gradertest builds submissions from an answer key for tests and
// benchmarks: a perfect one, the untouched template, and ones with chosen
// typical mistakes (a missed true positive, a decoy listed as an IOC, a
// timeline an hour off, keyword stuffing, ...). It is test support: nothing
// in soclab's commands uses it.
package gradertest
