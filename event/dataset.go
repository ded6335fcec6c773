package event

import (
	"errors"
	"strings"
)

// The datasets of soclab's events (event.dataset): the one list that the
// generator emits, the detectors' logsources select, the workspace store
// and Elasticsearch route by, and queries name in index patterns
// (logs-<dataset>-<namespace>). Sources that stand for a product a SOC
// collects with Elastic's integrations carry that integration's dataset
// (sshd as the System integration's system.auth, the Windows Security log
// as system.security, the network sensor as Zeek's conn and dns logs
// through the Zeek integration); the appliances, which stand for no one
// product, keep a dataset of soclab's own.
const (
	DatasetSSH      = "system.auth"
	DatasetWindows  = "system.security"
	DatasetVPN      = "soclab.vpn"
	DatasetSSO      = "soclab.sso"
	DatasetFlow     = "zeek.connection"
	DatasetDNS      = "zeek.dns"
	DatasetProxy    = "soclab.proxy"
	DatasetFirewall = "soclab.firewall"
	// DatasetAlerts is event.dataset of the alerts the detectors write.
	DatasetAlerts = "soclab.alerts"
)

// Datasets lists every telemetry dataset (alerts excluded), in a fixed
// order.
var Datasets = []string{DatasetSSH, DatasetWindows, DatasetVPN, DatasetSSO, DatasetFlow, DatasetDNS, DatasetProxy, DatasetFirewall}

// datasetShort are the short names a command line or a lab file may give a
// dataset, in the order of Datasets; the first is the one messages show.
var datasetShort = [][]string{
	{"ssh", "auth"}, {"windows", "security"}, {"vpn"}, {"sso"},
	{"flow", "connection", "conn"}, {"dns"}, {"proxy"}, {"firewall"},
}

// RenamedDatasets maps the datasets soclab once wrote under its own names
// to the names they have now. Those names are refused (ResolveDataset), and
// must not reappear in rules, labs or docs.
var RenamedDatasets = map[string]string{
	"soclab.ssh":     DatasetSSH,
	"soclab.windows": DatasetWindows,
	"soclab.flow":    DatasetFlow,
	"soclab.dns":     DatasetDNS,
}

// ErrUnknownDataset is the sentinel a *DatasetError answers to.
var ErrUnknownDataset = errors.New("unknown dataset")

// DatasetError is a dataset name ResolveDataset refused: unknown, or an
// old name (then Renamed is the name it has now).
type DatasetError struct {
	Name    string
	Renamed string
}

// Error says what was refused and what to write instead.
func (e *DatasetError) Error() string {
	if e.Renamed != "" {
		return "dataset " + quote(e.Name) + " was renamed (did you mean " + quote(e.Renamed) + "?)"
	}
	return "unknown dataset " + quote(e.Name) + "; the datasets are " + DatasetNames()
}

// Is makes errors.Is(err, ErrUnknownDataset) true of every DatasetError.
func (e *DatasetError) Is(target error) bool { return target == ErrUnknownDataset }

func quote(s string) string { return `"` + s + `"` }

// DatasetNames lists the datasets with their short names, for messages:
// "system.auth (ssh, auth), system.security (windows, security), ...".
func DatasetNames() string {
	var b strings.Builder
	for i, ds := range Datasets {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(ds)
		b.WriteString(" (")
		b.WriteString(strings.Join(datasetShort[i], ", "))
		b.WriteByte(')')
	}
	return b.String()
}

// DatasetSpellings lists every name ResolveDataset knows, for a "did you
// mean" over them: the datasets, their short names and the old names
// (RenamedDatasets, which a suggestion should replace by the new one).
func DatasetSpellings() []string {
	out := append([]string(nil), Datasets...)
	for _, s := range datasetShort {
		out = append(out, s...)
	}
	for old := range RenamedDatasets {
		out = append(out, old)
	}
	return out
}

// ResolveDataset turns a dataset as a person writes it (a command line's
// --rate, a lab's rates) into its name in Datasets: the full name, or a
// short one ("ssh", "auth", "windows", "security", "flow", "connection",
// "dns", "vpn", "sso", "proxy", "firewall"), in any case and with spaces
// around it. An old name such as "soclab.ssh" is refused with the new one,
// and any other name with the list; the error is a *DatasetError.
func ResolveDataset(name string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for i, ds := range Datasets {
		if n == ds {
			return ds, nil
		}
		for _, s := range datasetShort[i] {
			if n == s {
				return ds, nil
			}
		}
	}
	if to, ok := RenamedDatasets[n]; ok {
		return "", &DatasetError{Name: name, Renamed: to}
	}
	return "", &DatasetError{Name: name}
}
