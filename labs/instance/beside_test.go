package instance

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/replay"
)

// besideLab is recordedLab with a generated background: an organisation,
// its activity, and two decoys.
func besideLab(t *testing.T) *labs.Lab {
	t.Helper()
	dir := t.TempDir()
	for name, text := range recordedLabFiles(t) {
		if name == "lab.yaml" {
			text = strings.Replace(text, "recorded:\n", "org: {users: 30}\ndecoys: [{id: authorized-scanner, at: +1h}, {id: typo-user, at: +3h}]\nrecorded:\n", 1)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lab, err := labs.Load(filepath.Join(dir, "lab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !lab.HasBackground() {
		t.Fatal("the lab has no background")
	}
	return lab
}

// TestBesideKey: in a lab with a generated background, the alerts the
// recorded events raise keep the truth file's verdicts whatever the seed,
// the background's decoy alerts get the generated truth's (an authorised
// scanner: benign positive; a typo: false positive), and the report key's
// indicators come from the truth file while its decoys gather the truth
// file's and the generated ones.
func TestBesideKey(t *testing.T) {
	ctx := context.Background()
	plain, err := ComputeKey(ctx, recordedLab(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	lab := besideLab(t)
	keys := map[int64]*Key{}
	for _, seed := range []int64{1, 2} {
		k, err := ComputeKey(ctx, lab, seed)
		if err != nil {
			t.Fatal(err)
		}
		keys[seed] = k
		byID := map[string]AlertKey{}
		for _, a := range k.Alerts {
			byID[a.ID] = a
		}
		for _, want := range plain.Alerts {
			got, ok := byID[want.ID]
			switch {
			case !ok:
				t.Errorf("seed %d: recorded alert %s (%s) missing from the key", seed, want.ID, want.Title)
			case got.Verdict != want.Verdict || got.Severity != want.Severity || got.Scenario != want.Scenario || got.Escalate != want.Escalate || !slices.Equal(got.Techniques, want.Techniques):
				t.Errorf("seed %d: recorded alert %s: %+v, want the truth file's %+v", seed, want.ID, got, want)
			}
			delete(byID, want.ID)
		}
		scenarios := map[string]string{}
		for _, a := range byID {
			scenarios[a.Scenario] = a.Verdict
		}
		if scenarios["authorized-scanner"] != labs.BenignPositive || scenarios["typo-user"] != labs.FalsePositive {
			t.Errorf("seed %d: the background's alerts by scenario %v, want authorized-scanner benign and typo-user false positive", seed, scenarios)
		}
		for _, a := range byID {
			if a.Verdict == labs.TruePositive {
				t.Errorf("seed %d: background alert %s (%s) is a true positive", seed, a.ID, a.Title)
			}
		}
		if !slices.Equal(k.Report.IOCs, plain.Report.IOCs) || !slices.Equal(k.Report.Milestones, plain.Report.Milestones) ||
			!slices.Equal(k.Report.Users, plain.Report.Users) || !slices.Equal(k.Report.Hosts, plain.Report.Hosts) || !slices.Equal(k.Report.Techniques, plain.Report.Techniques) {
			t.Errorf("seed %d: report key %+v, want the truth file's %+v", seed, k.Report, plain.Report)
		}
		if len(k.Report.Decoys) <= len(plain.Report.Decoys) || k.Report.Decoys[0].Value != "10.20.0.9" {
			t.Errorf("seed %d: decoys %+v, want the truth file's and the generated decoys'", seed, k.Report.Decoys)
		}
		again, err := ComputeKey(ctx, lab, seed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Marshal(), k.Marshal()) {
			t.Errorf("seed %d: two keys differ", seed)
		}
	}
	if len(keys[1].Alerts) == len(plain.Alerts) {
		t.Error("the background raised no alert")
	}
	keys[2].Seed = keys[1].Seed
	if bytes.Equal(keys[1].Marshal(), keys[2].Marshal()) {
		t.Error("two seeds gave the same key: the background does not vary")
	}
}

// TestBesideMixedAlert: an alert counting recorded and generated events
// is judged by the truth file when an entry matches its rule and entity,
// and by the generated truth otherwise.
func TestBesideMixedAlert(t *testing.T) {
	lab := besideLab(t)
	res, err := runInstance(context.Background(), lab, 1, replay.Outputs{}, replay.Options{})
	if err != nil {
		t.Fatal(err)
	}
	owner := res.generated.EventScenario()
	var recordedTP, scanner *detectors.Alert
	var recordedEvent, generatedEvent string
	for _, a := range res.alerts {
		allRecorded := !slices.ContainsFunc(a.EventIDs, func(id string) bool { return !res.recorded.HasEvent(id) })
		ak := judgeBeside(lab, a, res, owner)
		switch {
		case allRecorded && ak.Verdict == labs.TruePositive && recordedTP == nil:
			recordedTP, recordedEvent = a, a.EventIDs[0]
		case !allRecorded && ak.Scenario == "authorized-scanner" && a.Title == "Vertical Port Scan From One Host":
			scanner, generatedEvent = a, a.EventIDs[0]
		}
	}
	if recordedTP == nil || scanner == nil {
		t.Fatalf("no recorded true positive (%v) or generated scanner alert (%v)", recordedTP, scanner)
	}
	mixed := *recordedTP
	mixed.EventIDs = append(slices.Clone(recordedTP.EventIDs), generatedEvent)
	if ak := judgeBeside(lab, &mixed, res, owner); ak.Verdict != labs.TruePositive || ak.Scenario != "ssh-bruteforce" {
		t.Errorf("recorded true positive with a generated event: %+v, want the truth file's verdict", ak)
	}
	mixed = *scanner
	mixed.EventIDs = append(slices.Clone(scanner.EventIDs), recordedEvent)
	if ak := judgeBeside(lab, &mixed, res, owner); ak.Verdict != labs.BenignPositive || ak.Scenario != "authorized-scanner" {
		t.Errorf("generated scanner alert with a recorded event: %+v, want the generated verdict", ak)
	}
}

// TestBesideWorkspaces: two trainees of a lab with a generated background
// give different events, each holding every recorded event and raising
// the recorded alerts; the organisation is the generated one and the
// capture the recorded one; nothing of the key leaks.
func TestBesideWorkspaces(t *testing.T) {
	lab := besideLab(t)
	recorded := recordedLabFiles(t)["auth.ndjson"]
	var events [][]byte
	for _, id := range []string{"jdoe", "asmith"} {
		who, err := TraineeOf(testSecret, lab, id)
		if err != nil {
			t.Fatal(err)
		}
		seed := who.Seed
		dir := filepath.Join(t.TempDir(), id)
		in, err := Start(context.Background(), lab, who, StartOptions{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		key, err := ComputeKey(context.Background(), lab, seed)
		if err != nil {
			t.Fatal(err)
		}
		if in.Org.Domain == "" || !in.PCAP || in.Alerts != len(key.Alerts) {
			t.Errorf("seed %d: org %+v, pcap %v, %d alerts (key %d)", seed, in.Org, in.PCAP, in.Alerts, len(key.Alerts))
		}
		files := readTree(t, dir)
		checkNoKeyInWorkspace(t, files, key, who)
		for _, line := range strings.SplitAfter(recorded, "\n") {
			if line != "" && !bytes.Contains(files[EventsFile], []byte(line)) {
				t.Fatalf("seed %d: recorded event missing from events.ndjson: %s", seed, line)
			}
		}
		if in.Events <= int64(strings.Count(recorded, "\n")) {
			t.Errorf("seed %d: %d events: no background", seed, in.Events)
		}
		for _, a := range key.Alerts {
			if !bytes.Contains(files[AlertsFile], []byte(a.ID)) || !bytes.Contains(files[TriageFile], []byte(a.ID)) {
				t.Errorf("seed %d: alert %s of the key is not in the workspace", seed, a.ID)
			}
		}
		if !strings.HasPrefix(string(files[PCAPFile]), "\xd4\xc3\xb2\xa1\x02\x00\x04\x00recorded packets") {
			t.Errorf("seed %d: capture.pcap is not the recorded capture", seed)
		}
		events = append(events, files[EventsFile])
	}
	if bytes.Equal(events[0], events[1]) {
		t.Error("two seeds gave the same events")
	}
}
