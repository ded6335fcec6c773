package labs

import (
	"testing"
	"time"
)

// TestBadTruthFiles parses every testdata/truth/*.truth.yaml and compares
// the error text with its .golden file: one problem a line, each as
// file:line:column: field: message.
func TestBadTruthFiles(t *testing.T) {
	checkBadFiles(t, "testdata/truth/*.truth.yaml", ".truth.yaml", 6, "truth file", func(data []byte, file string) error {
		_, err := ParseTruthFile(data, file)
		return err
	})
}

// TestTruthFileParses reads a good truth file into the values it says.
func TestTruthFileParses(t *testing.T) {
	src := `
techniques: [T1110.001]
indicators:
  - {role: attacker_ip, type: ip, value: 203.0.113.50, stage: ssh-bruteforce}
users: [deploy]
hosts: [bastion-01]
decoys:
  - {role: scanner, type: ip, value: 10.20.0.9}
milestones:
  - {time: 2026-03-02T10:14:07Z, what: accepted password for deploy, stage: ssh-bruteforce, entity: deploy}
alerts:
  - rule: SSH Brute Force From Single Source
    entity: {field: source.ip, value: 203.0.113.50}
    verdict: true_positive
    severity: critical
    techniques: [T1110.001]
    escalate: true
  - rule: SSH Brute Force From Single Source
    entity: {field: source.ip, value: 10.20.0.9}
    verdict: benign_positive
`
	tf, err := ParseTruthFile([]byte(src), "x.truth.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(tf.Indicators) != 1 || tf.Indicators[0].Role != "attacker_ip" || tf.Indicators[0].Value != "203.0.113.50" {
		t.Errorf("indicators = %+v", tf.Indicators)
	}
	if m := tf.Milestones; len(m) != 1 || !m[0].Time.Equal(time.Date(2026, 3, 2, 10, 14, 7, 0, time.UTC)) || m[0].Entity != "deploy" {
		t.Errorf("milestones = %+v", m)
	}
	a := tf.Alerts
	if len(a) != 2 || a[0].Entity != (Entity{"source.ip", "203.0.113.50"}) || a[0].Escalate == nil || !*a[0].Escalate || a[1].Verdict != BenignPositive {
		t.Errorf("alerts = %+v", a)
	}
	if a[0].AlertStage() != RecordedAttackStage || a[1].AlertStage() != RecordedDecoyStage {
		t.Errorf("default stages = %q, %q", a[0].AlertStage(), a[1].AlertStage())
	}
}
