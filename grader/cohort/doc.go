// Package cohort grades a whole cohort: one folder per trainee holding
// triage.yaml and report.md, each graded against that trainee's own answer
// key, in parallel. It writes what an instructor and a CI job need: JSON,
// CSV, JUnit XML (one test case per trainee), and a Markdown and HTML
// report with per-criterion statistics, the skills the cohort lacks and
// charts. A missing or malformed submission is that trainee's failure,
// never the run's.
package cohort
