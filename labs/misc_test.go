package labs

import (
	"testing"
	"time"

	"github.com/soclab/soclab/generator/org"
)

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
