// Package labs owns soclab's labs: the lab file format and its validation,
// the bundled labs, instances (a lab plus a seed, per trainee from an
// instructor secret), answer keys, and trainee workspaces.
//
// A lab file (YAML, see docs/labs.md and schema/lab.schema.json) is decoded
// node by node so that every problem is reported at once with its
// file:line:column and field path (Parse, Load, LoadDir); bundled labs are
// embedded (Bundled, Find). An instance is a lab and a seed: SeedFor derives
// a trainee's seed from the instructor's secret, GeneratorConfig turns the
// instance into the generator's Config, ComputeKey runs the generator and the
// lab's rules once and judges every alert against the truth, and Start
// writes a trainee's workspace (briefing, events, alerts, templates,
// instance.json) without anything that only the key knows.
package labs
