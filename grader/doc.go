// Package grader scores a trainee's submission (triage.yaml and report.md)
// against a lab instance's answer key (instance.Key, package labs/instance) and explains every lost
// point in feedback a trainee can act on without being handed the answer.
// Parsing lives in grader/triage and grader/report; grading a whole cohort
// in grader/cohort.
package grader
