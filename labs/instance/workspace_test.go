package instance

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/soclab/soclab/labs"
	"gopkg.in/yaml.v3"
)

var testSecret = []byte("a-test-secret-of-enough-length")

// startTrainee makes a trainee workspace of the beginner lab in a new
// folder and returns the folder and the trainee's key.
func startTrainee(t *testing.T, id string) (string, *Key, Who) {
	t.Helper()
	lab, err := labs.BundledLab("ssh-bruteforce-101")
	if err != nil {
		t.Fatal(err)
	}
	who, err := TraineeOf(testSecret, lab, id)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), id)
	if _, err := Start(context.Background(), lab, who, StartOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	key, err := ComputeKey(context.Background(), lab, who.Seed)
	if err != nil {
		t.Fatal(err)
	}
	return dir, key, who
}

// readTree returns every file of dir by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWorkspaces starts the same trainee twice and another trainee once:
// the first two are byte-identical (files and key), the third differs, and
// no workspace holds what only the key knows.
func TestWorkspaces(t *testing.T) {
	dirA, keyA, whoA := startTrainee(t, "alice")
	dirA2, keyA2, _ := startTrainee(t, "alice")
	dirB, keyB, _ := startTrainee(t, "bob")

	filesA, filesA2, filesB := readTree(t, dirA), readTree(t, dirA2), readTree(t, dirB)
	for _, name := range []string{BriefingFile, EventsFile, AlertsFile, TriageFile, ReportFile, File} {
		if len(filesA[name]) == 0 {
			t.Errorf("workspace lacks %s", name)
		}
	}
	if len(filesA) != len(filesA2) {
		t.Errorf("same trainee: %d files, then %d", len(filesA), len(filesA2))
	}
	for name, data := range filesA {
		if !bytes.Equal(data, filesA2[name]) {
			t.Errorf("same trainee twice: %s differs", name)
		}
	}
	if !bytes.Equal(keyA.Marshal(), keyA2.Marshal()) {
		t.Error("same trainee twice: keys differ")
	}
	if bytes.Equal(filesA[EventsFile], filesB[EventsFile]) {
		t.Error("two trainees got the same events")
	}
	if slicesEqualIOCs(keyA, keyB) {
		t.Errorf("two trainees got the same indicators: %v", keyA.Report.IOCs)
	}
	if keyA.Report.Milestones[0].Time.Equal(keyB.Report.Milestones[0].Time) {
		t.Error("two trainees' attacks start at the same time")
	}
	checkNoKeyInWorkspace(t, filesA, keyA, whoA)
}

func slicesEqualIOCs(a, b *Key) bool {
	if len(a.Report.IOCs) != len(b.Report.IOCs) {
		return false
	}
	for i := range a.Report.IOCs {
		if a.Report.IOCs[i] != b.Report.IOCs[i] {
			return false
		}
	}
	return true
}

// checkNoKeyInWorkspace scans every byte of a workspace for values only the
// key knows: scenario ids, milestone descriptions, the trainee's seed, and
// filled-in verdicts in triage.yaml.
func checkNoKeyInWorkspace(t *testing.T, files map[string][]byte, key *Key, who Who) {
	t.Helper()
	seed := strconv.FormatInt(who.Seed, 10)
	for name, data := range files {
		text := strings.ReplaceAll(string(data), key.Lab, "<lab>") // the lab id names the topic, not the truth
		for _, s := range key.Truth.Scenarios {
			if strings.Contains(text, `"`+s.ID+`"`) || strings.Contains(text, " "+s.ID+" ") {
				t.Errorf("%s names scenario %q", name, s.ID)
			}
			for _, m := range s.Milestones {
				if name != EventsFile && !strings.HasPrefix(name, "store") && strings.Contains(text, m.What) {
					t.Errorf("%s holds milestone %q", name, m.What)
				}
			}
		}
		if strings.Contains(text, seed) {
			t.Errorf("%s holds the trainee's seed %s", name, seed)
		}
	}
	var triage struct {
		Analyst string
		Alerts  []map[string]any
	}
	if err := yaml.Unmarshal(files[TriageFile], &triage); err != nil {
		t.Fatalf("triage.yaml: %v", err)
	}
	if len(triage.Alerts) != len(key.Alerts) {
		t.Errorf("triage.yaml lists %d alerts, the key %d", len(triage.Alerts), len(key.Alerts))
	}
	for i, a := range triage.Alerts {
		if a["id"] != key.Alerts[i].ID {
			t.Errorf("triage entry %d: id %v, want %s", i, a["id"], key.Alerts[i].ID)
		}
		for _, field := range []string{"verdict", "severity", "escalate"} {
			if a[field] != nil {
				t.Errorf("triage entry %d: %s is filled in: %v", i, field, a[field])
			}
		}
		if ts, _ := a["techniques"].([]any); len(ts) > 0 || a["note"] != "" {
			t.Errorf("triage entry %d: techniques or note filled in", i)
		}
	}
	in := files[File]
	if bytes.Contains(in, []byte(`"seed"`)) {
		t.Error("a trainee's instance.json holds a seed")
	}
}

func TestStartRefusesNonEmptyFolder(t *testing.T) {
	lab, _ := labs.BundledLab("ssh-bruteforce-101")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	_, err := Start(context.Background(), lab, SelfStudy(1), StartOptions{Dir: dir})
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("want ErrNotEmpty, got %v", err)
	}
	_, err = Start(context.Background(), lab, SelfStudy(1), StartOptions{Dir: dir, Force: true})
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "not a soclab workspace") {
		t.Fatalf("--force replaced a folder that is not a workspace: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "mine" {
		t.Fatal("the folder was touched")
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".partial-") {
			t.Errorf("a partial folder was left behind: %s", e.Name())
		}
	}
}

func TestStartSelfStudyStoresSeedAndForceReplaces(t *testing.T) {
	lab, _ := labs.BundledLab("ssh-bruteforce-101")
	dir := filepath.Join(t.TempDir(), "ws")
	if _, err := Start(context.Background(), lab, SelfStudy(5), StartOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	in, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if in.Mode != ModeSelfStudy || in.Seed == nil || *in.Seed != 5 || in.Lab != lab.ID || in.LabRef() != lab.ID {
		t.Fatalf("instance: %+v", in)
	}
	os.WriteFile(filepath.Join(dir, ReportFile), []byte("my edits"), 0o644)
	if _, err := Start(context.Background(), lab, SelfStudy(6), StartOptions{Dir: dir, Force: true}); err != nil {
		t.Fatal(err)
	}
	if in, _ := Read(dir); *in.Seed != 6 {
		t.Fatalf("--force did not replace the workspace: seed %d", *in.Seed)
	}
}
