package labs

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/soclab/soclab/importer"
)

// recordedAuthLog is a short sshd log: a scanner at 09:30 trying six
// default accounts, a brute force from 203.0.113.50 from 10:10 that gets
// in as deploy at 10:14:07.
func recordedAuthLog() string {
	var b strings.Builder
	line := func(t, msg string) { fmt.Fprintf(&b, "Mar  2 %s bastion-01 sshd[100]: %s\n", t, msg) }
	line("08:02:11", "Accepted publickey for alice from 10.20.1.15 port 51022 ssh2: RSA SHA256:abc")
	for i, u := range []string{"admin", "root", "test", "oracle", "guest", "ubuntu"} {
		t := fmt.Sprintf("09:30:%02d", 10+4*i)
		line(t, fmt.Sprintf("Invalid user %s from 10.20.0.9 port %d", u, 41000+i))
		line(t, fmt.Sprintf("Failed password for invalid user %s from 10.20.0.9 port %d ssh2", u, 41000+i))
	}
	for i, u := range []string{"admin", "oracle", "test", "postgres", "deploy", "git", "jenkins", "deploy", "ubuntu", "deploy", "pi", "deploy"} {
		t := fmt.Sprintf("10:%02d:%02d", 10+(13*i)/60, (13*i)%60)
		if u == "deploy" {
			line(t, fmt.Sprintf("Failed password for deploy from 203.0.113.50 port %d ssh2", 40100+i))
			continue
		}
		line(t, fmt.Sprintf("Invalid user %s from 203.0.113.50 port %d", u, 40100+i))
		line(t, fmt.Sprintf("Failed password for invalid user %s from 203.0.113.50 port %d ssh2", u, 40100+i))
	}
	line("10:14:07", "Accepted password for deploy from 203.0.113.50 port 40120 ssh2")
	return b.String()
}

const recordedLab = `id: recorded-test
title: Recorded test
summary: A recorded lab for tests.
difficulty: beginner
minutes: 10
objectives: [Judge recorded alerts]
window: {from: 2026-03-02T06:00:00Z, duration: 8h}
recorded:
  events: [auth.ndjson]
  truth: lab.truth.yaml
report:
  verdict: true_positive
  severity: high
  category: brute_force
  iocs: [attacker_ip]
  actions:
    - {id: block-source, synonyms: [block the ip]}
`

const recordedTruth = `techniques: [T1110.001]
indicators:
  - {role: attacker_ip, type: ip, value: 203.0.113.50, stage: ssh-bruteforce}
users: [deploy]
hosts: [bastion-01]
decoys:
  - {role: scanner, type: ip, value: 10.20.0.9, stage: authorized-scanner}
milestones:
  - {time: 2026-03-02T10:14:07Z, what: accepted password for deploy, stage: ssh-bruteforce, entity: deploy}
alerts:
  - {rule: SSH Brute Force From Single Source, entity: {field: source.ip, value: 203.0.113.50}, verdict: true_positive, stage: ssh-bruteforce}
  - {rule: SSH Login Attempts Against Many Usernames, entity: {field: source.ip, value: 203.0.113.50}, verdict: true_positive}
  - {rule: cdea1970-a84b-4eaa-8c1d-de3c04b6e38e, entity: {field: source.ip, value: 203.0.113.50}, verdict: true_positive, severity: critical}
  - {rule: SSH Brute Force From Single Source, entity: {field: source.ip, value: 10.20.0.9}, verdict: benign_positive, stage: authorized-scanner}
  - {rule: SSH Login Attempts Against Many Usernames, entity: {field: source.ip, value: 10.20.0.9}, verdict: benign_positive}
`

// recordedAuthEvents is what soclab import makes of recordedAuthLog.
func recordedAuthEvents(t *testing.T) string {
	t.Helper()
	var events bytes.Buffer
	if _, err := importer.ImportReader(importer.SSHD, "auth.log", strings.NewReader(recordedAuthLog()), importer.Options{Year: 2026}, &events); err != nil {
		t.Fatal(err)
	}
	return events.String()
}

// writeRecordedLab writes a recorded lab into a new folder, with edit
// applied to each file's text (name → text), and returns the lab's path.
func writeRecordedLab(t *testing.T, edit func(name, text string) string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"lab.yaml":          recordedLab,
		"lab.briefing.md":   "Ticket {{.Ticket}}: {{.Alerts}} alerts\n",
		"lab.truth.yaml":    recordedTruth,
		"auth.ndjson":       recordedAuthEvents(t),
		"capture.pcap":      "\xd4\xc3\xb2\xa1\x02\x00\x04\x00",
		"not-a-capture.bin": "hello",
	}
	for name, text := range files {
		if edit != nil {
			text = edit(name, text)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "lab.yaml")
}

func TestRecordedLabLoadsAndJudgesEveryAlert(t *testing.T) {
	l, err := Load(writeRecordedLab(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !l.IsRecorded() || l.RecordedTruth == nil {
		t.Fatalf("recorded %v, truth %v", l.IsRecorded(), l.RecordedTruth)
	}
	run, err := l.RunRecorded(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Alerts) != 5 {
		t.Fatalf("%d alerts, want 5", len(run.Alerts))
	}
	verdicts := map[string]int{}
	for i, j := range run.Judged {
		if j < 0 {
			t.Fatalf("alert %s (%s) not judged", run.Alerts[i].ID, run.Alerts[i].Title)
		}
		verdicts[l.RecordedTruth.Alerts[j].Verdict]++
	}
	if verdicts[TruePositive] != 3 || verdicts[BenignPositive] != 2 {
		t.Errorf("verdicts %v, want 3 true and 2 benign positives", verdicts)
	}
	if run.MilestoneEvents[0] == "" {
		t.Error("the milestone's entity resolved to no event")
	}
	tr := l.RecordedTruth.GroundTruth(l.Window.Start(), l.Window.End(), run)
	if len(tr.Scenarios) != 4 { // ssh-bruteforce, recorded-incident (alerts without a stage), authorized-scanner, recorded-benign
		t.Errorf("scenarios %+v", tr.Scenarios)
	}
	if s := tr.Scenarios[0]; s.ID != "ssh-bruteforce" || len(s.IOCs) != 1 || len(s.Milestones) != 1 || s.Milestones[0].Event != run.MilestoneEvents[0] || len(s.Events) == 0 || s.Users[0] != "deploy" {
		t.Errorf("attack scenario %+v", s)
	}
}

// TestRecordedLabProblems breaks a good recorded lab one way at a time:
// each problem is reported with the file, line and field it is about.
func TestRecordedLabProblems(t *testing.T) {
	replace := func(file, old, new string) func(string, string) string {
		return func(name, text string) string {
			if name != file {
				return text
			}
			if !strings.Contains(text, old) {
				t.Fatalf("%s has no %q", file, old)
			}
			return strings.Replace(text, old, new, 1)
		}
	}
	lines := func(file string, edit func([]string) []string) func(string, string) string {
		return func(name, text string) string {
			if name != file {
				return text
			}
			return strings.Join(edit(strings.Split(text, "\n")), "\n")
		}
	}
	for _, c := range []struct {
		name string
		edit func(string, string) string
		want []string
	}{
		{"uncovered alert", replace("lab.truth.yaml", "  - {rule: cdea1970-a84b-4eaa-8c1d-de3c04b6e38e, entity: {field: source.ip, value: 203.0.113.50}, verdict: true_positive, severity: critical}\n", ""),
			[]string{`lab.truth.yaml:11:3: alerts: uncovered: rule "SSH Brute Force Followed By Successful Login" (cdea1970-a84b-4eaa-8c1d-de3c04b6e38e) raises an alert on source.ip=203.0.113.50 (2026-03-02T10:14:07.000Z, first event at `, "auth.ndjson:14) that no entry judges: add {rule: cdea1970-a84b-4eaa-8c1d-de3c04b6e38e, entity: {field: source.ip, value: 203.0.113.50}, verdict: ...}"}},
		{"verdict judging nothing", replace("lab.truth.yaml", "value: 10.20.0.9}, verdict: benign_positive}\n", "value: 10.20.0.9}, verdict: benign_positive}\n  - {rule: SSH Successful Login, entity: {field: user.name, value: carol}, verdict: false_positive}\n"),
			[]string{`lab.truth.yaml:16:5: alerts[5]: judges no alert: the lab's rules raise no alert of rule "SSH Successful Login" on user.name=carol`}},
		{"unknown rule", replace("lab.truth.yaml", "rule: SSH Brute Force From Single Source, entity: {field: source.ip, value: 10.20.0.9}", "rule: SSH Brute Force From One Source, entity: {field: source.ip, value: 10.20.0.9}"),
			[]string{`lab.truth.yaml:14:12: alerts[3].rule: no rule with id, name or title "SSH Brute Force From One Source" in the lab's pack (did you mean "SSH Brute Force From Single Source"?)`}},
		{"milestone outside the recording", replace("lab.truth.yaml", "time: 2026-03-02T10:14:07Z", "time: 2026-03-02T13:00:00Z"),
			[]string{`lab.truth.yaml:9:12: milestones[0].time: 2026-03-02T13:00:00.000Z is outside the recorded events, 2026-03-02T08:02:11.000Z..2026-03-02T10:14:07.000Z`}},
		{"milestone entity not in its second", replace("lab.truth.yaml", "entity: deploy}", "entity: mallory}"),
			[]string{`lab.truth.yaml:9:101: milestones[0].entity: no recorded event of 2026-03-02T10:14:07Z (to the second) names "mallory"`}},
		{"event outside the window", replace("lab.yaml", "duration: 8h", "duration: 4h"),
			[]string{`auth.ndjson:14: @timestamp: 2026-03-02T10:10:00.000Z is outside the lab's window 2026-03-02T06:00:00.000Z..2026-03-02T10:00:00.000Z: widen window: or drop the event`}},
		{"malformed event", lines("auth.ndjson", func(l []string) []string { l[3] = `{"@timestamp": oops}`; return l }),
			[]string{`auth.ndjson:4: not a soclab event:`}},
		{"events out of order", lines("auth.ndjson", func(l []string) []string { l[2], l[5] = l[5], l[2]; return l }),
			[]string{`auth.ndjson:4: @timestamp: 2026-03-02T09:30:14.000Z is earlier than the event before it (2026-03-02T09:30:18.000Z): a recorded file must be in time order`}},
		{"duplicate id across files", func(name, text string) string {
			if name == "lab.yaml" {
				return strings.Replace(text, "events: [auth.ndjson]", "events: [auth.ndjson, not-a-capture.bin]", 1)
			}
			if name == "not-a-capture.bin" {
				return recordedAuthEvents(t)
			}
			return text
		}, []string{"not-a-capture.bin:1: event.id: event.id ", " is also the id of auth.ndjson:1: ids must be unique across a lab's recorded files"}},
		{"attack scenario beside recorded", replace("lab.yaml", "recorded:\n", "org: {users: 40}\nscenarios: [{id: ssh-bruteforce}]\nrecorded:\n"),
			[]string{`lab.yaml:9:12: scenarios: a recorded lab takes no generated attack scenarios: its answer key comes from the truth file`}},
		{"background without org", replace("lab.yaml", "recorded:\n", "rates: {zeek.dns: 0}\ndecoys: [{id: authorized-scanner}]\npcap: true\nrecorded:\n"),
			[]string{"lab.yaml:8:1: rates: rates shapes a generated background, and this lab has none: give org:",
				"lab.yaml:9:1: decoys: decoys shapes a generated background",
				"lab.yaml:10:7: pcap: a recorded lab's capture is recorded too: name it with recorded.pcap instead"}},
		{"background org too small", replace("lab.yaml", "recorded:\n", "org: {users: 3}\nrecorded:\n"),
			[]string{"lab.yaml:8:14: org.users: want between 12 and 5000 users, got 3"}},
		{"two captures", replace("lab.yaml", "recorded:\n", "org: {users: 40}\npcap: true\nrecorded:\n  pcap: capture.pcap\n"),
			[]string{"lab.yaml:9:7: pcap: a workspace holds one capture and recorded.pcap names it"}},
		{"background decoy outside the window", replace("lab.yaml", "recorded:\n", "org: {users: 40}\ndecoys: [{id: authorized-scanner, at: +9h}]\nrecorded:\n"),
			[]string{"lab.yaml:9:39: decoys[0].at: 2026-03-02T15:00:00Z is outside the lab's window"}},
		{"not a capture", replace("lab.yaml", "truth: lab.truth.yaml", "truth: lab.truth.yaml\n  pcap: not-a-capture.bin"),
			[]string{`lab.yaml:11:9: recorded.pcap: not-a-capture.bin: not a pcap or pcapng capture (it starts 68 65 6c 6c)`}},
		{"missing files", replace("lab.yaml", "events: [auth.ndjson]\n  truth: lab.truth.yaml", "events: [nope.ndjson]\n  truth: nope.truth.yaml"),
			[]string{"lab.yaml:9:12: recorded.events[0]: stat ", "nope.ndjson: no such file or directory", "lab.yaml:10:10: recorded.truth: stat "}},
		{"role not in the truth file", replace("lab.yaml", "iocs: [attacker_ip]", "iocs: [attacker_ip, compromised_user]"),
			[]string{`lab.yaml:15:23: report.iocs[1]: the truth file gives no indicator of role "compromised_user" (roles: attacker_ip)`}},
		{"bad truth file", replace("lab.truth.yaml", "verdict: benign_positive}\n", "verdit: benign_positive}\n"),
			[]string{`lab.truth.yaml:15:5: alerts[4].verdict: missing`, `lab.truth.yaml:15:101: alerts[4].verdit: unknown field "verdit" (did you mean "verdict"?)`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeRecordedLab(t, c.edit)
			_, err := Load(path)
			if err == nil {
				t.Fatal("loaded without error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("not ErrInvalid: %v", err)
			}
			msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+string(filepath.Separator), "")
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

// besideEdit turns the test lab into one with a generated background:
// an organisation, rates and a decoy beside the recorded events.
func besideEdit(name, text string) string {
	if name == "lab.yaml" {
		return strings.Replace(text, "recorded:\n", "org: {users: 40}\nrates: {windows: 0.2}\ndecoys: [{id: authorized-scanner, at: +2h}]\nrecorded:\n", 1)
	}
	return text
}

// TestRecordedBesideLabLoads: a recorded lab with a generated background
// (org, rates, decoys) loads; its truth file's coverage is judged on the
// recorded events alone, as without a background.
func TestRecordedBesideLabLoads(t *testing.T) {
	l, err := Load(writeRecordedLab(t, besideEdit))
	if err != nil {
		t.Fatal(err)
	}
	if !l.IsRecorded() || !l.HasBackground() || l.RecordedTruth == nil {
		t.Fatalf("recorded %v, background %v, truth %v", l.IsRecorded(), l.HasBackground(), l.RecordedTruth)
	}
	run, err := l.RunRecorded(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Alerts) != 5 || slices.Contains(run.Judged, -1) {
		t.Errorf("%d alerts, judged %v", len(run.Alerts), run.Judged)
	}
	cfg, err := GeneratorConfig(l, 3)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Users != 40 || len(cfg.Scenarios) != 1 || cfg.Scenarios[0].ID != "authorized-scanner" {
		t.Errorf("generator config %+v", cfg)
	}
	plain, err := Load(writeRecordedLab(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if plain.HasBackground() {
		t.Error("a recorded lab without org: has a background")
	}
}

// TestRecordedLabParseNeedsNoFiles: Parse (no files read) accepts a
// recorded lab without scenarios and leaves the truth file unread.
func TestRecordedLabParseNeedsNoFiles(t *testing.T) {
	l, err := Parse([]byte(recordedLab), "lab.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if l.RecordedTruth != nil || l.Recorded.Truth != "lab.truth.yaml" {
		t.Errorf("truth %v, spec %+v", l.RecordedTruth, l.Recorded)
	}
}

// TestRecordedLabReadsCompressedEvents: an event file may be gzipped.
func TestRecordedLabReadsCompressedEvents(t *testing.T) {
	path := writeRecordedLab(t, func(name, text string) string {
		if name == "lab.yaml" {
			return strings.Replace(text, "events: [auth.ndjson]", "events: [auth.ndjson.gz]", 1)
		}
		return text
	})
	dir := filepath.Dir(path)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(recordedAuthEvents(t)))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "auth.ndjson.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	run, err := l.RunRecorded(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Alerts) != 5 || slices.Contains(run.Judged, -1) {
		t.Errorf("%d alerts, judged %v", len(run.Alerts), run.Judged)
	}
}

// TestRecordedLabTruthFileTooLarge: a truth file over MaxTruthFileSize is
// refused by name, without reading it all.
func TestRecordedLabTruthFileTooLarge(t *testing.T) {
	path := writeRecordedLab(t, func(name, text string) string {
		if name == "lab.truth.yaml" {
			return text + "# " + strings.Repeat("x", MaxTruthFileSize) + "\n"
		}
		return text
	})
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "recorded.truth: lab.truth.yaml is larger than the 1048576 bytes a truth file may be") {
		t.Errorf("err = %v", err)
	}
}

// TestRecordedLabFingerprint: changing the truth file or the recorded
// events changes the lab's fingerprint (a grader then says the lab
// changed since the workspace was made).
func TestRecordedLabFingerprint(t *testing.T) {
	path := writeRecordedLab(t, nil)
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	first := l.Fingerprint()
	dir := filepath.Dir(path)
	for _, c := range []struct{ file, old, new string }{
		{"lab.truth.yaml", "users: [deploy]", "users: [deploy, root]"},
		{"auth.ndjson", `"port":40100`, `"port":40199`},
	} {
		data, _ := os.ReadFile(filepath.Join(dir, c.file))
		if !bytes.Contains(data, []byte(c.old)) {
			t.Fatalf("%s has no %s", c.file, c.old)
		}
		os.WriteFile(filepath.Join(dir, c.file), bytes.Replace(data, []byte(c.old), []byte(c.new), 1), 0o644)
		l, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if l.Fingerprint() == first {
			t.Errorf("changing %s kept the fingerprint", c.file)
		}
		first = l.Fingerprint()
	}
}
