package event

import (
	"errors"
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
