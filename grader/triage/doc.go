// Package triage parses a trainee's triage.yaml: one entry per alert with
// its verdict, severity, ATT&CK techniques and escalation decision. Parsing
// is strict: unknown alert ids, duplicates, bad values and unknown fields are
// errors carrying the file, line and column, all reported at once. An alert
// left out, or left as the template gave it, is not an error: the grader
// scores it zero.
package triage
