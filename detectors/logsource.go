package detectors

import (
	"fmt"
	"sort"
	"strings"

	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
)

// The logsource mapping (docs/detectors.md): each given attribute selects a
// set of datasets and a rule applies to their intersection.
var (
	logsourceProducts = map[string][]string{
		"linux":   {event.DatasetSSH},
		"windows": {event.DatasetWindows},
		"soclab":  event.Datasets,
	}
	logsourceServices = map[string][]string{
		"sshd":     {event.DatasetSSH},
		"ssh":      {event.DatasetSSH},
		"security": {event.DatasetWindows},
		"vpn":      {event.DatasetVPN},
		"sso":      {event.DatasetSSO},
		"flow":     {event.DatasetFlow},
		"dns":      {event.DatasetDNS},
		"proxy":    {event.DatasetProxy},
		"firewall": {event.DatasetFirewall},
	}
	logsourceCategories = map[string][]string{
		"authentication":     {event.DatasetSSH, event.DatasetWindows, event.DatasetVPN, event.DatasetSSO},
		"vpn":                {event.DatasetVPN},
		"sso":                {event.DatasetSSO},
		"network_connection": {event.DatasetFlow},
		"flow":               {event.DatasetFlow},
		"netflow":            {event.DatasetFlow},
		"dns":                {event.DatasetDNS},
		"proxy":              {event.DatasetProxy},
		"firewall":           {event.DatasetFirewall},
	}
)

// LogsourceDatasets returns the datasets a logsource selects, in a fixed
// order; an empty logsource selects every dataset. A logsource naming
// something soclab has no log for is an error rather than a rule that can
// never match.
func LogsourceDatasets(ls sigma.Logsource) ([]string, error) {
	set := append([]string(nil), event.Datasets...)
	for _, part := range []struct {
		attr, val string
		table     map[string][]string
	}{{"category", ls.Category, logsourceCategories}, {"product", ls.Product, logsourceProducts}, {"service", ls.Service, logsourceServices}} {
		if part.val == "" {
			continue
		}
		ds, ok := part.table[strings.ToLower(part.val)]
		if !ok {
			return nil, fmt.Errorf("logsource %s %q is not a soclab log source (known: %s)", part.attr, part.val, keysOf(part.table))
		}
		set = intersect(set, ds)
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("logsource %s selects no soclab dataset (see docs/detectors.md)", describe(ls))
	}
	return set, nil
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

func keysOf(m map[string][]string) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

func describe(ls sigma.Logsource) string {
	var parts []string
	for _, p := range [][2]string{{"category", ls.Category}, {"product", ls.Product}, {"service", ls.Service}} {
		if p[1] != "" {
			parts = append(parts, p[0]+": "+p[1])
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
