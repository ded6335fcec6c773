package gradertest

import (
	"fmt"
	"strings"

	"github.com/soclab/soclab/labs"
)

// ReportTemplate is the L1 report template as a workspace gives it, with
// its guidance in the placeholder forms grader/report recognises.
const ReportTemplate = `# L1 Incident Report

<!-- Replace every line in italics with your own text. Times are UTC. -->

## 1. Summary

_Write two or three sentences: what happened, when, to whom, and the impact._

## 2. Classification

- **Verdict:** _TODO (true_positive / false_positive / benign_positive)_
- **Severity:** _TODO (low / medium / high / critical)_
- **Category:** _TODO_
- **MITRE ATT&CK:** _TODO (technique ids such as T1234.001)_

## 3. Timeline

| Time (UTC) | What happened |
| --- | --- |
| _YYYY-MM-DD hh:mm:ss_ | _Describe the event_ |

## 4. Affected Assets

- **Hosts:** _TODO_
- **Users:** _TODO_
- **IPs:** _TODO_

## 5. Indicators of Compromise

| Type | Value | Context |
| --- | --- | --- |
| _ip / domain / url / hash / user / host_ | _TODO_ | _TODO_ |

## 6. Analysis

_Describe the evidence and the queries that showed it._

## 7. Impact

_Describe the impact on the organisation._

## 8. Recommendations

- _List the containment and remediation actions._

## 9. Escalation

_State whether you escalate to L2, and why._
`

// Template returns the untouched workspace templates for key: a triage
// file listing every alert with nothing decided, and ReportTemplate.
func Template(key *labs.Key) (triageYAML, reportMD []byte) {
	var b strings.Builder
	b.WriteString("analyst: \"\"\nalerts:\n")
	for _, a := range key.Alerts {
		fmt.Fprintf(&b, "  - id: %s\n    title: %q\n    verdict:     # true_positive | false_positive | benign_positive\n    severity:    # low | medium | high | critical\n    techniques: []\n    escalate:\n    note: \"\"\n", a.ID, a.Title)
	}
	return []byte(b.String()), []byte(ReportTemplate)
}
