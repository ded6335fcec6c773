// Package event owns the Elastic Common Schema (ECS) event as soclab moves it
// between parts: a flat, ordered list of dotted field paths and typed values,
// its NDJSON encoding (nested objects, one document per line) and decoding, and
// the Source and Sink interfaces through which the generator, the detectors,
// the stores and the query engine meet without importing each other.
package event
