package scenario

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/soclab/soclab/event"
)

// evidencedTechniques reads off a result's events the techniques they
// show, for the scenarios whose techniques depend on the instance.
func evidencedTechniques(id string, res *Result) []string {
	var out []string
	add := func(t string) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, e := range res.Events {
		switch id {
		case "lateral-movement":
			if e.Dataset() != event.DatasetFlow {
				continue
			}
			v, _ := e.Get("destination.port")
			switch v.IntVal() {
			case 3389:
				add("T1021.001")
			case 445:
				add("T1021.002")
			case 5985:
				add("T1021.006")
			}
		case "c2-beacon":
			if e.Dataset() != event.DatasetProxy {
				continue
			}
			add("T1071.001")
			if v, _ := e.Get("url.scheme"); v.Str() == "https" {
				add("T1573")
			}
		case "data-exfil":
			if e.Dataset() != event.DatasetProxy {
				continue
			}
			if _, err := netip.ParseAddr(e.Str("url.domain")); err == nil {
				add("T1041") // to a bare address
			} else {
				add("T1567.002")
			}
		}
	}
	return out
}

// TestTechniquesComeFromTheEvents checks that an attack's truth lists only
// techniques its catalogue entry names, and, where they depend on the
// instance (the protocols of a lateral movement, the scheme of a beacon,
// the destination of an exfiltration), exactly those the events show: a
// lateral movement over WinRM and SMB must not ask for RDP.
func TestTechniquesComeFromTheEvents(t *testing.T) {
	for _, info := range Catalogue() {
		for seed := int64(1); seed <= 6; seed++ {
			res := mustGenerate(t, info.ID, testEnv(seed, 0, nil))
			tr := res.Truth.Techniques
			if info.Kind != "attack" {
				if len(tr) != 0 {
					t.Errorf("decoy %s seed %d lists techniques %v", info.ID, seed, tr)
				}
				continue
			}
			if len(tr) == 0 {
				t.Errorf("%s seed %d: no technique in the truth", info.ID, seed)
			}
			for _, x := range tr {
				if !slices.Contains(info.Techniques, x) {
					t.Errorf("%s seed %d: technique %s is not in the catalogue entry %v", info.ID, seed, x, info.Techniques)
				}
			}
		}
	}
	cases := []struct {
		id     string
		params map[string]any
		want   []string
	}{
		{"lateral-movement", map[string]any{"protocol": "smb"}, []string{"T1021.002"}},
		{"lateral-movement", map[string]any{"protocol": "rdp"}, []string{"T1021.001"}},
		{"lateral-movement", map[string]any{"protocol": "winrm"}, []string{"T1021.006"}},
		{"c2-beacon", map[string]any{"scheme": "http"}, []string{"T1071.001"}},
		{"c2-beacon", map[string]any{"scheme": "https"}, []string{"T1071.001", "T1573"}},
		{"data-exfil", map[string]any{"mode": "cloud"}, []string{"T1567.002"}},
		{"data-exfil", map[string]any{"mode": "ip"}, []string{"T1041"}},
	}
	for _, c := range cases {
		res := mustGenerate(t, c.id, testEnv(1, 0, c.params))
		if got := res.Truth.Techniques; !slices.Equal(got, c.want) {
			t.Errorf("%s %v: techniques %v, want %v", c.id, c.params, got, c.want)
		}
	}
	// Mixed lateral movement: the truth follows the protocols drawn.
	for seed := int64(1); seed <= 12; seed++ {
		for _, id := range []string{"lateral-movement", "c2-beacon", "data-exfil"} {
			res := mustGenerate(t, id, testEnv(seed, 0, nil))
			want := evidencedTechniques(id, res)
			got := slices.Clone(res.Truth.Techniques)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s seed %d: truth lists %v, the events show %v", id, seed, got, want)
			}
		}
	}
}
