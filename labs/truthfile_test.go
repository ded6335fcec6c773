package labs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBadTruthFiles parses every testdata/truth/*.truth.yaml and compares
// the error text with its .golden file: one problem a line, each as
// file:line:column: field: message.
func TestBadTruthFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/truth/*.truth.yaml")
	if len(files) < 6 {
		t.Fatalf("want at least 6 bad truth files, found %d", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseTruthFile(data, filepath.ToSlash(f))
			if err == nil {
				t.Fatal("bad truth file parsed without error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not answer to ErrInvalid: %v", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".truth.yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
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
