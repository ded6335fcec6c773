package event

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestResolveDataset(t *testing.T) {
	for in, want := range map[string]string{
		"ssh": DatasetSSH, "auth": DatasetSSH, "system.auth": DatasetSSH, " SSH ": DatasetSSH,
		"windows": DatasetWindows, "security": DatasetWindows, "system.security": DatasetWindows,
		"flow": DatasetFlow, "connection": DatasetFlow, "conn": DatasetFlow, "zeek.connection": DatasetFlow,
		"dns": DatasetDNS, "zeek.dns": DatasetDNS,
		"vpn": DatasetVPN, "soclab.vpn": DatasetVPN, "sso": DatasetSSO, "soclab.sso": DatasetSSO,
		"proxy": DatasetProxy, "soclab.proxy": DatasetProxy, "firewall": DatasetFirewall, "soclab.firewall": DatasetFirewall,
	} {
		got, err := ResolveDataset(in)
		if err != nil || got != want {
			t.Errorf("ResolveDataset(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for old, now := range RenamedDatasets {
		_, err := ResolveDataset(old)
		var de *DatasetError
		if !errors.As(err, &de) || de.Renamed != now || !errors.Is(err, ErrUnknownDataset) {
			t.Errorf("ResolveDataset(%q) = %v; want a DatasetError renamed to %q", old, err, now)
			continue
		}
		if want := `(did you mean "` + now + `"?)`; !strings.Contains(err.Error(), want) {
			t.Errorf("ResolveDataset(%q): %q does not say %s", old, err, want)
		}
	}
	for _, bad := range []string{"", "dsn", "soclab.auth", "zeek", "system"} {
		_, err := ResolveDataset(bad)
		if !errors.Is(err, ErrUnknownDataset) || !strings.Contains(err.Error(), "system.auth (ssh, auth)") {
			t.Errorf("ResolveDataset(%q) = %v; want unknown with the list", bad, err)
		}
	}
}

// TestDatasetShortNamesUnique checks that every short name stands for one
// dataset and that the lists line up with Datasets.
func TestDatasetShortNamesUnique(t *testing.T) {
	if len(datasetShort) != len(Datasets) {
		t.Fatalf("%d short-name lists for %d datasets", len(datasetShort), len(Datasets))
	}
	seen := map[string]bool{}
	for i, names := range datasetShort {
		for _, n := range append([]string{Datasets[i]}, names...) {
			if seen[n] {
				t.Errorf("%q names two datasets", n)
			}
			seen[n] = true
		}
	}
	for old := range RenamedDatasets {
		if seen[old] {
			t.Errorf("old name %q is still accepted", old)
		}
	}
}

// FuzzResolveDataset: any text resolves to one of Datasets or to a
// *DatasetError, never panics, and resolving is stable under case and
// surrounding spaces.
func FuzzResolveDataset(f *testing.F) {
	for _, s := range DatasetSpellings() {
		f.Add(s)
	}
	f.Add(" SSH ")
	f.Add("soclab.")
	f.Fuzz(func(t *testing.T, name string) {
		if len(name) > 256 {
			return
		}
		ds, err := ResolveDataset(name)
		if err != nil {
			var de *DatasetError
			if !errors.As(err, &de) || de.Name != name || err.Error() == "" {
				t.Fatalf("%q: %v", name, err)
			}
			return
		}
		if !slices.Contains(Datasets, ds) {
			t.Fatalf("%q resolved to %q, not a dataset", name, ds)
		}
		if again, err := ResolveDataset(" " + strings.ToUpper(name) + " "); err != nil || again != ds {
			t.Fatalf("%q: %q, but its upper case gives %q, %v", name, ds, again, err)
		}
	})
}
