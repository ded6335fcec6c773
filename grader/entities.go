package grader

import (
	"net/netip"
	"net/url"
	"strings"

	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/grader/report"
	"github.com/soclab/soclab/labs/instance"
)

// entities sorts every value the key knows into what a report may name as
// an indicator (the key's IOCs, and harmless context: the attack's users,
// hosts and entities) and the decoys it must not.
type entities struct {
	harmless map[string]bool
	decoys   map[string]string // value → decoy scenario id
}

func newEntities(key *instance.Key) *entities {
	e := &entities{harmless: map[string]bool{}, decoys: map[string]string{}}
	addOK := func(v string) {
		v = report.NormalizeValue(v)
		e.harmless[v] = true
		if h := urlHost(v); h != "" {
			e.harmless[h] = true
		}
	}
	for _, i := range key.Report.IOCs {
		addOK(i.Value)
	}
	for _, v := range append(append([]string{}, key.Report.Users...), key.Report.Hosts...) {
		addOK(v)
	}
	for _, s := range key.Truth.Scenarios {
		if s.Kind == truth.KindDecoy {
			continue
		}
		for _, i := range append(append([]truth.IOC{}, s.IOCs...), s.Entities...) {
			addOK(i.Value)
		}
		for _, v := range append(append([]string{}, s.Users...), s.Hosts...) {
			addOK(v)
		}
	}
	addDecoy := func(v, scenario string) {
		v = report.NormalizeValue(v)
		if v != "" && !e.harmless[v] {
			if _, dup := e.decoys[v]; !dup {
				e.decoys[v] = scenario
			}
		}
	}
	for _, s := range key.Truth.Scenarios {
		if s.Kind != truth.KindDecoy {
			continue
		}
		for _, i := range append(append([]truth.IOC{}, s.IOCs...), s.Entities...) {
			addDecoy(i.Value, s.ID)
		}
		for _, v := range append(append([]string{}, s.Users...), s.Hosts...) {
			addDecoy(v, s.ID)
		}
	}
	for _, d := range key.Report.Decoys {
		addDecoy(d.Value, "decoy")
	}
	return e
}

// urlHost returns the host of a URL value, or "".
func urlHost(v string) string {
	if !strings.Contains(v, "://") {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// lookup finds v among the values of set, also as a URL's host or a host
// name's first label ("ws-7.corp.example" is "ws-7").
func lookup[T any](set map[string]T, v string) (T, bool) {
	if x, ok := set[v]; ok {
		return x, true
	}
	if h := urlHost(v); h != "" {
		if x, ok := set[h]; ok {
			return x, true
		}
	}
	if _, err := netip.ParseAddr(v); err != nil && !strings.Contains(v, "/") {
		if first, _, ok := strings.Cut(v, "."); ok {
			if x, ok := set[first]; ok {
				return x, true
			}
		}
	}
	var zero T
	return zero, false
}
