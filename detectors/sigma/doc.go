// Package sigma owns the Sigma rule format (sigma-specification v2): it
// decodes YAML rule files (multi-document, detection and correlation rules)
// into Rule values with the position of every construct, validates them, and
// lexes and parses detection conditions into an AST. It holds no engine: the
// detectors package compiles a Rule into matchers once and evaluates events.
package sigma
