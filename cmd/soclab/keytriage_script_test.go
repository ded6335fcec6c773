package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/soclab/soclab/labs/instance"
)

// cmdTriageFromKey writes OUT: a triage.yaml that answers every alert of
// the answer key KEY as the key does, for scripts whose alerts vary with
// the seed (a generated background) and which need a good triage.
func cmdTriageFromKey(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: triage-from-key KEY OUT")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	var k instance.Key
	ts.Check(json.Unmarshal(data, &k))
	var b strings.Builder
	b.WriteString("analyst: jdoe\nalerts:\n")
	for _, a := range k.Alerts {
		tech, _ := json.Marshal(a.Techniques)
		fmt.Fprintf(&b, "  - id: %q\n    verdict: %s\n    severity: %s\n    techniques: %s\n    escalate: %v\n    note: %s\n",
			a.ID, a.Verdict, a.Severity, tech, a.Escalate, "checked the events of "+a.Title)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(b.String()), 0o644))
}
