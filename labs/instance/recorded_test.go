package instance

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/soclab/soclab/importer"
	"github.com/soclab/soclab/labs"
)

// recordedLabFiles are a small lab over recorded data: an sshd log in which
// a scanner tries default accounts at 09:30 and 203.0.113.50 guesses its
// way in as deploy at 10:14:07, a capture, and the truth file.
func recordedLabFiles(t *testing.T) map[string]string {
	t.Helper()
	var log strings.Builder
	line := func(ts, msg string) { fmt.Fprintf(&log, "Mar  2 %s bastion-01 sshd[100]: %s\n", ts, msg) }
	line("08:02:11", "Accepted publickey for alice from 10.20.1.15 port 51022 ssh2: RSA SHA256:abc")
	for i, u := range []string{"admin", "root", "test", "oracle", "guest", "ubuntu"} {
		ts := fmt.Sprintf("09:30:%02d", 10+4*i)
		line(ts, fmt.Sprintf("Invalid user %s from 10.20.0.9 port %d", u, 41000+i))
		line(ts, fmt.Sprintf("Failed password for invalid user %s from 10.20.0.9 port %d ssh2", u, 41000+i))
	}
	for i, u := range []string{"admin", "oracle", "test", "postgres", "deploy", "git", "jenkins", "deploy", "ubuntu", "deploy", "pi", "deploy"} {
		ts := fmt.Sprintf("10:%02d:%02d", 10+(13*i)/60, (13*i)%60)
		if u == "deploy" {
			line(ts, fmt.Sprintf("Failed password for deploy from 203.0.113.50 port %d ssh2", 40100+i))
			continue
		}
		line(ts, fmt.Sprintf("Invalid user %s from 203.0.113.50 port %d", u, 40100+i))
		line(ts, fmt.Sprintf("Failed password for invalid user %s from 203.0.113.50 port %d ssh2", u, 40100+i))
	}
	line("10:14:07", "Accepted password for deploy from 203.0.113.50 port 40120 ssh2")
	var events bytes.Buffer
	if _, err := importer.ImportReader(importer.SSHD, "auth.log", strings.NewReader(log.String()), importer.Options{Year: 2026}, &events); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"auth.ndjson":     events.String(),
		"capture.pcap":    "\xd4\xc3\xb2\xa1\x02\x00\x04\x00recorded packets",
		"lab.briefing.md": "Ticket {{.Ticket}}: {{.Alerts}} alerts\n",
		"lab.yaml": `id: recorded-test
title: Recorded test
summary: A recorded lab for tests.
difficulty: beginner
minutes: 10
objectives: [Judge recorded alerts]
window: {from: 2026-03-02T06:00:00Z, duration: 8h}
recorded:
  events: [auth.ndjson]
  pcap: capture.pcap
  truth: lab.truth.yaml
report:
  verdict: true_positive
  severity: high
  category: brute_force
  iocs: [attacker_ip, compromised_user]
  actions:
    - {id: block-source, synonyms: [block the ip]}
`,
		"lab.truth.yaml": `techniques: [T1110.001, T1078]
indicators:
  - {role: attacker_ip, type: ip, value: 203.0.113.50, stage: ssh-bruteforce}
  - {role: compromised_user, type: user, value: deploy, stage: ssh-bruteforce}
users: [deploy]
hosts: [bastion-01]
decoys:
  - {role: scanner, type: ip, value: 10.20.0.9, stage: authorized-scanner}
milestones:
  - {time: 2026-03-02T10:10:00Z, what: the guessing starts from 203.0.113.50, stage: ssh-bruteforce, entity: 203.0.113.50}
  - {time: 2026-03-02T10:14:07Z, what: accepted password for deploy, stage: ssh-bruteforce, entity: deploy}
alerts:
  - {rule: SSH Brute Force From Single Source, entity: {field: source.ip, value: 203.0.113.50}, verdict: true_positive, stage: ssh-bruteforce}
  - {rule: SSH Login Attempts Against Many Usernames, entity: {field: source.ip, value: 203.0.113.50}, verdict: true_positive, severity: medium, techniques: [T1110.001], escalate: false, stage: ssh-bruteforce}
  - {rule: SSH Brute Force Followed By Successful Login, entity: {field: source.ip, value: 203.0.113.50}, verdict: true_positive, stage: ssh-bruteforce}
  - {rule: SSH Brute Force From Single Source, entity: {field: source.ip, value: 10.20.0.9}, verdict: benign_positive, stage: authorized-scanner}
  - {rule: SSH Login Attempts Against Many Usernames, entity: {field: source.ip, value: 10.20.0.9}, verdict: false_positive}
`,
	}
}

// recordedLab writes recordedLabFiles into a new folder and loads the lab.
func recordedLab(t *testing.T) *labs.Lab {
	t.Helper()
	dir := t.TempDir()
	for name, text := range recordedLabFiles(t) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lab, err := labs.Load(filepath.Join(dir, "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return lab
}

// TestRecordedKey: the key's verdicts come from the truth file by rule and
// entity, its defaults from the rules and the lab, and its report part from
// the truth file; the seed changes nothing but the key's seed.
func TestRecordedKey(t *testing.T) {
	lab := recordedLab(t)
	k, err := ComputeKey(context.Background(), lab, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]AlertKey{}
	for _, a := range k.Alerts {
		ip := "203.0.113.50"
		if a.Scenario == "authorized-scanner" || a.Scenario == "" {
			ip = "10.20.0.9"
		}
		got[a.Title+" "+ip] = a
	}
	check := func(name, verdict, severity, scenario string, escalate bool, techniques ...string) {
		t.Helper()
		a, ok := got[name]
		switch {
		case !ok:
			t.Errorf("no alert %q in the key: %+v", name, k.Alerts)
		case a.Verdict != verdict || a.Severity != severity || a.Scenario != scenario || a.Escalate != escalate || !slices.Equal(a.Techniques, techniques):
			t.Errorf("%s: got %s/%s/%q/escalate %v/%v, want %s/%s/%q/%v/%v", name, a.Verdict, a.Severity, a.Scenario, a.Escalate, a.Techniques,
				verdict, severity, scenario, escalate, techniques)
		}
	}
	check("SSH Brute Force From Single Source 203.0.113.50", labs.TruePositive, "high", "ssh-bruteforce", true, "T1110.001")
	check("SSH Login Attempts Against Many Usernames 203.0.113.50", labs.TruePositive, "medium", "ssh-bruteforce", false, "T1110.001")
	check("SSH Brute Force Followed By Successful Login 203.0.113.50", labs.TruePositive, "critical", "ssh-bruteforce", true, "T1078", "T1110.001")
	check("SSH Brute Force From Single Source 10.20.0.9", labs.BenignPositive, "low", "authorized-scanner", false, "T1110.001")
	check("SSH Login Attempts Against Many Usernames 10.20.0.9", labs.FalsePositive, "low", "", false, "T1110.001")
	if len(k.Alerts) != 5 {
		t.Errorf("%d alerts, want 5", len(k.Alerts))
	}
	r := k.Report
	if len(r.IOCs) != 2 || r.IOCs[0].Value != "203.0.113.50" || r.IOCs[1].Value != "deploy" {
		t.Errorf("iocs %+v", r.IOCs)
	}
	if len(r.Decoys) != 1 || r.Decoys[0].Value != "10.20.0.9" {
		t.Errorf("decoys %+v", r.Decoys)
	}
	if len(r.Milestones) != 2 || r.Milestones[0].Event == "" || r.Milestones[1].Event == "" {
		t.Errorf("milestones %+v", r.Milestones)
	}
	if !slices.Equal(r.Techniques, []string{"T1078", "T1110.001"}) || !slices.Equal(r.Users, []string{"deploy"}) || !slices.Equal(r.Hosts, []string{"bastion-01"}) {
		t.Errorf("report %+v", r)
	}
	other, err := ComputeKey(context.Background(), lab, 99)
	if err != nil {
		t.Fatal(err)
	}
	other.Seed = k.Seed
	if !bytes.Equal(other.Marshal(), k.Marshal()) {
		t.Error("another seed gave another key")
	}
}

// TestRecordedWorkspaces: every trainee of a recorded lab gets the same
// events, alerts and capture, and nothing of the truth file.
func TestRecordedWorkspaces(t *testing.T) {
	lab := recordedLab(t)
	truthText, err := os.ReadFile(filepath.Join(filepath.Dir(lab.File), "lab.truth.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var trees []map[string][]byte
	for _, id := range []string{"jdoe", "asmith"} {
		who, err := TraineeOf(testSecret, lab, id)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), id)
		in, err := Start(context.Background(), lab, who, StartOptions{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if !in.PCAP || in.Alerts != 5 || in.Org != (labs.OrgInfo{}) {
			t.Errorf("instance: pcap %v, %d alerts, org %+v", in.PCAP, in.Alerts, in.Org)
		}
		key, err := ComputeKey(context.Background(), lab, who.Seed)
		if err != nil {
			t.Fatal(err)
		}
		files := readTree(t, dir)
		checkNoKeyInWorkspace(t, files, key, who)
		for name, data := range files {
			if strings.HasSuffix(name, ".truth.yaml") || bytes.Contains(data, truthText) {
				t.Errorf("%s holds the truth file", name)
			}
			for _, m := range key.Report.Milestones {
				if bytes.Contains(data, []byte(m.What)) {
					t.Errorf("%s holds milestone %q", name, m.What)
				}
			}
		}
		if !strings.HasPrefix(string(files[PCAPFile]), "\xd4\xc3\xb2\xa1") {
			t.Errorf("capture.pcap is not the recorded capture: %q", files[PCAPFile])
		}
		trees = append(trees, files)
	}
	for _, name := range []string{EventsFile, AlertsFile, PCAPFile} {
		if !bytes.Equal(trees[0][name], trees[1][name]) {
			t.Errorf("%s differs between two trainees of a recorded lab", name)
		}
	}
	if !bytes.Equal(trees[0][EventsFile], []byte(recordedLabFiles(t)["auth.ndjson"])) {
		t.Error("the workspace's events are not the recorded events")
	}
}
