// Package report parses a trainee's L1 incident report (report.md) with
// goldmark: it splits it into the nine required sections by heading
// (tolerant of numbering, case and common synonyms), drops the workspace
// template's placeholder text, and extracts what the grader compares with
// the answer key: verdict, severity, category, ATT&CK ids, indicators of
// every kind (defanged too), timeline rows with their times, and the
// escalation decision. It knows nothing about answer keys.
package report
