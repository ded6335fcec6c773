package scenario

import (
	"sort"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/truth"
)

// Env is what one scenario instance is generated in: the organisation, the
// dataset's seed, the scenario's position in the lab (so that two instances
// of one id differ), the window [From, To) and the lab's parameters (values
// as a YAML decoder gives them: string, int, float64, bool, time.Time).
type Env struct {
	Org      *org.Org
	Seed     int64
	Index    int
	From, To time.Time
	Params   map[string]any
}

// Result is a generated scenario: its events, sorted by @timestamp (ties
// keep their generation order), and its ground truth.
type Result struct {
	Events []*event.Event
	Truth  truth.Scenario
}

// Info describes one scenario or decoy of the catalogue.
type Info struct {
	ID         string
	Kind       string // truth.KindAttack or truth.KindDecoy
	Summary    string
	Techniques []string // ATT&CK technique ids (none for decoys)
	Datasets   []string // the event.dataset values it can emit
	// Roles are the roles its truth gives indicators (attacks) or entities
	// (decoys), e.g. "attacker_ip".
	Roles  []string
	Params []ParamInfo
	// Misread marks a decoy whose look-alike activity is not what the
	// rules that fire on it look for (a person's typos are not password
	// guessing): its alerts are false positives. Other decoys are
	// authorised activity the rules rightly see (the scanner does scan,
	// the backup does upload): their alerts are benign positives.
	Misread bool
}

// ParamInfo describes one parameter of a scenario.
type ParamInfo struct {
	Name string
	// Type is one of "time" (RFC 3339, or an offset from the window start
	// like "+14h"), "duration" (Go syntax, "90s"), "int", "float",
	// "string", "bool", "ip", "country" (ISO 3166 alpha-2), "user" (an
	// account of the organisation), "host" (a host name of the
	// organisation).
	Type string
	Doc  string
	// Default says how the value is drawn when the lab leaves it out.
	Default string
}

// spec is a catalogue entry: its description, its parameters with their
// bounds, and the function that generates it.
type spec struct {
	info   Info
	params []param
	run    func(g *gen)
}

var registry = map[string]*spec{}

// register adds s to the catalogue; each scenario file calls it from init.
func register(s *spec) {
	for _, p := range s.params {
		s.info.Params = append(s.info.Params, p.ParamInfo)
	}
	registry[s.info.ID] = s
}

// Catalogue returns every attack and decoy, attacks first, each group
// sorted by id.
func Catalogue() []Info {
	out := make([]Info, 0, len(registry))
	for _, s := range registry {
		out = append(out, s.info)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Lookup returns the description of id, or an *UnknownError that suggests
// the closest id.
func Lookup(id string) (Info, error) {
	s, err := lookupSpec(id)
	if err != nil {
		return Info{}, err
	}
	return s.info, nil
}

func lookupSpec(id string) (*spec, error) {
	if s, ok := registry[id]; ok {
		return s, nil
	}
	return nil, &UnknownError{ID: id, Suggestion: suggest(id, ids())}
}

// ids returns every scenario id, sorted.
func ids() []string {
	out := make([]string, 0, len(registry))
	for id := range registry {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Short names of the datasets, for Info.Datasets.
const (
	dsSSH     = event.DatasetSSH
	dsWindows = event.DatasetWindows
	dsVPN     = event.DatasetVPN
	dsSSO     = event.DatasetSSO
	dsFlow    = event.DatasetFlow
	dsDNS     = event.DatasetDNS
	dsProxy   = event.DatasetProxy
	dsFW      = event.DatasetFirewall
)
