package labs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/generator/org"
)

func TestSeedFor(t *testing.T) {
	a := SeedFor([]byte("secret"), "lab", "jdoe")
	if a != SeedFor([]byte("secret"), "lab", "jdoe") {
		t.Fatal("SeedFor is not deterministic")
	}
	// Pinned: HMAC-SHA256("secret", "lab\x00jdoe"), first 8 bytes big-endian.
	if want := int64(-5216561352316454046); a != want {
		t.Errorf("SeedFor = %d, want %d (computed independently with Python's hmac)", a, want)
	}
	for _, other := range []int64{
		SeedFor([]byte("secret"), "la", "bjdoe"), // the separator keeps these apart
		SeedFor([]byte("secret"), "lab", "jdoe2"),
		SeedFor([]byte("secret"), "lab2", "jdoe"),
		SeedFor([]byte("secreT"), "lab", "jdoe"),
	} {
		if other == a {
			t.Error("different inputs gave the same seed")
		}
	}
}

func TestGeneratorConfigJitterAndPicks(t *testing.T) {
	lab, err := BundledLab("phish-to-exfil-301")
	if err != nil {
		t.Fatal(err)
	}
	starts := map[time.Time]bool{}
	for seed := int64(1); seed <= 20; seed++ {
		cfg, err := GeneratorConfig(lab, seed)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := GeneratorConfig(lab, seed)
		if len(cfg.Scenarios) != len(lab.Scenarios)+len(lab.Decoys) {
			t.Fatalf("%d scenarios", len(cfg.Scenarios))
		}
		for i, ref := range lab.Scenarios {
			got := cfg.Scenarios[i].Params["start"].(time.Time)
			at := ref.At.Resolve(lab.Window.Start())
			if d := got.Sub(at); d < -ref.Jitter.D() || d > ref.Jitter.D() {
				t.Errorf("seed %d: %s starts %s from at:, beyond jitter %s", seed, ref.ID, d, ref.Jitter.D())
			}
			if !got.Equal(again.Scenarios[i].Params["start"].(time.Time)) {
				t.Error("GeneratorConfig is not deterministic")
			}
			if i == 0 {
				starts[got] = true
			}
		}
		// The phished user's workstation is where the lateral movement
		// starts and the data leaves from.
		o := org.New(seed, lab.Org.Users, lab.Org.Hosts)
		victim := o.UserByName(cfg.Scenarios[0].Params["user"].(string))
		if victim == nil || victim.Workstation == nil {
			t.Fatalf("seed %d: victim %v is not a person", seed, cfg.Scenarios[0].Params["user"])
		}
		if cfg.Scenarios[1].Params["source"] != victim.Workstation.Name || cfg.Scenarios[2].Params["host"] != victim.Workstation.Name {
			t.Errorf("seed %d: stages do not share the victim's workstation %s: %v %v", seed, victim.Workstation.Name,
				cfg.Scenarios[1].Params, cfg.Scenarios[2].Params)
		}
	}
	if len(starts) < 15 {
		t.Errorf("20 seeds gave only %d distinct start times", len(starts))
	}
	if lab.Scenarios[0].Params["user"] != "$victim" {
		t.Error("GeneratorConfig modified the lab's params")
	}
}

func TestRoster(t *testing.T) {
	f, _ := os.Open("testdata/roster/good.csv")
	defer f.Close()
	got, err := ReadRoster(f, "good.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Trainee{{"jdoe", "Jane Doe", "jdoe@example.org"}, {"a.smith", "Alex Smith", "alex@example.org"}, {"k_lee", "Kim Lee", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, name := range []string{"bad", "noheader"} {
		path := "testdata/roster/" + name + ".csv"
		data, _ := os.ReadFile(path)
		_, err := ReadRoster(bytes.NewReader(data), path)
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		golden := strings.TrimSuffix(path, ".csv") + ".golden"
		if *update {
			os.WriteFile(golden, []byte(err.Error()+"\n"), 0o644)
		}
		wantErr, _ := os.ReadFile(golden)
		if err.Error()+"\n" != string(wantErr) {
			t.Errorf("%s errors:\n%s\nwant:\n%s", name, err, wantErr)
		}
	}
}

func FuzzReadRoster(f *testing.F) {
	files, _ := filepath.Glob("testdata/roster/*.csv")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		ts, err := ReadRoster(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		for _, tr := range ts {
			if CheckTraineeID(tr.ID) != nil {
				t.Fatalf("accepted unsafe id %q", tr.ID)
			}
		}
	})
}

func TestRulePackIncludeExclude(t *testing.T) {
	lab, _ := BundledLab("ssh-bruteforce-101")
	rules, err := lab.RulePack()
	if err != nil {
		t.Fatal(err)
	}
	all, _ := bundledPack()
	referenced := map[string]bool{}
	for _, r := range rules {
		if r.ID == "4d396792-f401-461f-9a3e-2249d170e85e" {
			t.Errorf("excluded rule %s kept", r.Label())
		}
		if r.Correlation != nil {
			for _, ref := range r.Correlation.Rules {
				referenced[ref] = true
			}
		}
	}
	for _, r := range rules {
		if r.Name == "firewall_inbound_deny" && !referenced[r.Name] && !referenced[r.ID] {
			t.Error("the excluded correlation's building block became a rule of its own")
		}
	}
	if len(rules) >= len(all) {
		t.Errorf("exclude kept %d of %d rules", len(rules), len(all))
	}
	only := selectRules(all, []string{"cdea1970-a84b-4eaa-8c1d-de3c04b6e38e"}, nil)
	if len(only) < 2 {
		t.Fatalf("include of a correlation dropped its building blocks: %d rules", len(only))
	}
}

func TestTraineeIDs(t *testing.T) {
	for _, ok := range []string{"jdoe", "j.doe", "J_Doe-2", "jdoe@uni"} {
		if err := CheckTraineeID(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", ".", "..", "../x", "a/b", `a\b`, "-rf", ".hidden", "a b", strings.Repeat("x", 65)} {
		if CheckTraineeID(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The roster also accepts the usual spellings of its columns, a BOM, and a
// file with ids only (es provision and assign share it).
func TestRosterHeaderSpellings(t *testing.T) {
	got, err := ReadRoster(strings.NewReader("\ufeffEmail,Trainee,Full_Name\na@x,a1,A One\n\n# skip\nb@x, b2 ,\n"), "r.csv")
	if err != nil || len(got) != 2 || got[0] != (Trainee{ID: "a1", Name: "A One", Email: "a@x"}) || got[1].ID != "b2" {
		t.Fatalf("got %+v, %v", got, err)
	}
	got, err = ReadRoster(strings.NewReader("username\nj.doe\n"), "r.csv")
	if err != nil || len(got) != 1 || got[0].ID != "j.doe" || got[0].Name != "" {
		t.Fatalf("ids only: got %+v, %v", got, err)
	}
}
