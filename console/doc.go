// Package console is soclab's trainee console: an HTTP server over one
// workspace that serves server-rendered pages (Go templates and a small
// hand-written script, embedded in the binary) and the JSON API they use —
// the alert queue, Discover (ES|QL and KQL), the triage form that writes
// triage.yaml, the report editor with its live lint, and submission.
//
// triage.yaml and report.md stay the single source of truth: every write
// goes to the file (atomically, validated by grader/triage first) and every
// read comes from it, so the CLI and the console never disagree. Writes are
// refused unless they come from the console's own page (same Origin and the
// page's CSRF token). The console never reads an answer key except to grade
// a self-study submission, exactly as soclab submit does.
package console
