package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/scenario/scenariotest"
	"github.com/soclab/soclab/generator/truth"
)

var (
	testFrom = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday
	testTo   = testFrom.Add(24 * time.Hour)
	orgs     sync.Map
)

// testOrg returns the (cached) organisation of seed.
func testOrg(seed int64) *org.Org {
	if o, ok := orgs.Load(seed); ok {
		return o.(*org.Org)
	}
	o := org.New(seed, 120, 0)
	orgs.Store(seed, o)
	return o
}

func testEnv(seed int64, index int, params map[string]any) Env {
	return Env{Org: testOrg(seed), Seed: seed, Index: index, From: testFrom, To: testTo, Params: params}
}

// mustGenerate generates id and checks everything a result promises.
func mustGenerate(t *testing.T, id string, env Env) *Result {
	t.Helper()
	res, err := Generate(id, env)
	if err != nil {
		t.Fatalf("%s seed %d: %v", id, env.Seed, err)
	}
	checkResult(t, id, env, res)
	return res
}

func TestEveryScenarioKeepsItsPromises(t *testing.T) {
	for _, info := range Catalogue() {
		t.Run(info.ID, func(t *testing.T) {
			for seed := int64(1); seed <= seeds(); seed++ {
				mustGenerate(t, info.ID, testEnv(seed, int(seed), nil))
			}
		})
	}
}

// seeds is how many seeds TestEveryScenarioKeepsItsPromises tries: 4, or
// SCENARIO_SEEDS for a longer hunt.
func seeds() int64 {
	if n, err := strconv.Atoi(os.Getenv("SCENARIO_SEEDS")); err == nil && n > 0 {
		return int64(n)
	}
	return 4
}

// checkResult asserts the truth agrees with the events and that the events
// are well-formed, in the window, free of truth words and keep the pcap
// contract.
func checkResult(t *testing.T, id string, env Env, res *Result) {
	t.Helper()
	info, _ := Lookup(id)
	tr := res.Truth
	if tr.ID != id || tr.Kind != info.Kind || !subset(tr.Techniques, info.Techniques) {
		t.Errorf("truth header %q %q %v does not match the catalogue", tr.ID, tr.Kind, tr.Techniques)
	}
	byID := map[string]*event.Event{}
	var all bytes.Buffer
	for i, e := range res.Events {
		if i > 0 && e.Time().Before(res.Events[i-1].Time()) {
			t.Errorf("event %d is out of order", i)
		}
		if e.Time().Before(env.From) || !e.Time().Before(env.To) {
			t.Errorf("event %s at %s is outside the window", e.ID(), e.Time())
		}
		if end, ok := e.Get("event.end"); ok && !end.TimeVal().Before(env.To) {
			t.Errorf("event %s ends at %s, after the window", e.ID(), end.TimeVal())
		}
		if byID[e.ID()] != nil {
			t.Errorf("duplicate event id %s", e.ID())
		}
		byID[e.ID()] = e
		if !slices.Contains(info.Datasets, e.Dataset()) {
			t.Errorf("event %s has dataset %s, not in the catalogue's %v", e.ID(), e.Dataset(), info.Datasets)
		}
		b := event.Marshal(e)
		checkJSON(t, b)
		checkNoTruthWords(t, b)
		all.Write(b)
	}
	if len(tr.Events) != len(res.Events) {
		t.Errorf("truth lists %d events, scenario emitted %d", len(tr.Events), len(res.Events))
	}
	for _, ev := range tr.Events {
		if byID[ev] == nil {
			t.Errorf("truth event %s does not exist", ev)
		}
	}
	text := all.String()
	if info.Kind == truth.KindAttack {
		if len(tr.IOCs) == 0 || len(tr.Milestones) == 0 || len(tr.Entities) != 0 {
			t.Errorf("attack with %d iocs, %d milestones, %d entities", len(tr.IOCs), len(tr.Milestones), len(tr.Entities))
		}
	} else if len(tr.IOCs) != 0 || len(tr.Entities) == 0 {
		t.Errorf("decoy with %d iocs and %d entities", len(tr.IOCs), len(tr.Entities))
	}
	for _, x := range append(append([]truth.IOC(nil), tr.IOCs...), tr.Entities...) {
		// A host may show only as its address (flows and proxy lines
		// name no hosts).
		if !strings.Contains(text, jsonString(x.Value)) && (x.Type != "host" || !strings.Contains(text, jsonString(hostIP(env.Org, x.Value)))) {
			t.Errorf("indicator %s %q (%s) appears in no event", x.Type, x.Value, x.Role)
		}
		if !slices.Contains(info.Roles, x.Role) {
			t.Errorf("role %q is not in the catalogue's %v", x.Role, info.Roles)
		}
	}
	for i, m := range tr.Milestones {
		e := byID[m.Event]
		switch {
		case e == nil:
			t.Errorf("milestone %q names missing event %s", m.What, m.Event)
		case !e.Time().Equal(m.Time):
			t.Errorf("milestone %q at %s, its event at %s", m.What, m.Time, e.Time())
		case i > 0 && m.Time.Before(tr.Milestones[i-1].Time):
			t.Errorf("milestones out of order")
		case m.What == "":
			t.Errorf("milestone without what")
		}
	}
	for _, u := range tr.Users {
		if !strings.Contains(text, jsonString(u)) {
			t.Errorf("user %q appears in no event", u)
		}
	}
	for _, h := range tr.Hosts {
		if !strings.Contains(text, jsonString(h)) && !strings.Contains(text, jsonString(hostIP(env.Org, h))) {
			t.Errorf("host %q appears in no event (by name or address)", h)
		}
	}
	for _, err := range scenariotest.Network(res.Events) {
		t.Error(err)
	}
	checkClientPorts(t, res.Events)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func hostIP(o *org.Org, name string) string {
	for _, h := range o.Hosts {
		if h.Name == name {
			return h.IP.String()
		}
	}
	if name == o.VPNGateway.Name {
		return o.VPNGateway.IP.String()
	}
	return "\x00none"
}

var required = []string{"@timestamp", "event.id", "event.kind", "event.category", "event.type", "event.dataset", "event.module"}

// checkJSON asserts b is one valid JSON object with the required fields.
func checkJSON(t *testing.T, b []byte) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	for _, k := range required {
		if lookup(doc, k) == nil {
			t.Errorf("event lacks %s: %s", k, b)
		}
	}
	if ts, _ := lookup(doc, "@timestamp").(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(ts) {
		t.Errorf("@timestamp %q is not RFC 3339 UTC with milliseconds", ts)
	}
}

func lookup(doc map[string]any, key string) any {
	if v, ok := doc[key]; ok {
		return v
	}
	head, rest, ok := strings.Cut(key, ".")
	if !ok {
		return nil
	}
	sub, _ := doc[head].(map[string]any)
	if sub == nil {
		return nil
	}
	return lookup(sub, rest)
}

// hashFields hold hashes of other values (base64 or hex): they may spell
// anything by chance and carry no truth.
var hashFields = regexp.MustCompile(`"(community_id|id)":"[^"]*"`)

// checkNoTruthWords asserts no event gives its scenario away.
func checkNoTruthWords(t *testing.T, b []byte) {
	t.Helper()
	s := hashFields.ReplaceAllString(string(b), `"":""`)
	if !clean(s) {
		t.Errorf("event gives the truth away: %s", s)
	}
	if lower := strings.ToLower(s); strings.Contains(lower, "scenario") || strings.Contains(lower, "soclab.truth") {
		t.Errorf("event names its scenario: %s", s)
	}
}

// checkClientPorts asserts that connections from clients use ephemeral
// ports.
func checkClientPorts(t *testing.T, evs []*event.Event) {
	t.Helper()
	for _, e := range evs {
		if e.Dataset() != "zeek.connection" {
			continue
		}
		if p, _ := e.Get("source.port"); p.IntVal() < 49152 || p.IntVal() > 65535 {
			t.Errorf("flow %s from port %d, not ephemeral", e.ID(), p.IntVal())
		}
	}
}

func TestCatalogueIsCompleteAndSorted(t *testing.T) {
	cat := Catalogue()
	var got []string
	for _, c := range cat {
		got = append(got, c.Kind+" "+c.ID)
		if c.Summary == "" || len(c.Datasets) == 0 || len(c.Roles) == 0 || len(c.Params) == 0 {
			t.Errorf("%s: incomplete description", c.ID)
		}
		if (c.Kind == truth.KindAttack) != (len(c.Techniques) > 0) {
			t.Errorf("%s: techniques %v for a %s", c.ID, c.Techniques, c.Kind)
		}
		for _, p := range c.Params {
			if p.Doc == "" || p.Default == "" || p.Type == "" {
				t.Errorf("%s: parameter %s is not documented", c.ID, p.Name)
			}
		}
	}
	want := []string{
		"attack account-manipulation", "attack c2-beacon", "attack data-exfil", "attack dns-tunnel", "attack impossible-travel",
		"attack lateral-movement", "attack password-spray", "attack phishing-download", "attack port-scan", "attack ssh-bruteforce",
		"decoy authorized-scanner", "decoy av-reputation-lookups", "decoy backup-job", "decoy new-hire-account", "decoy typo-user", "decoy updater-beacon", "decoy vpn-traveller",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("catalogue:\n%s", strings.Join(got, "\n"))
	}
}

// TestEveryParameterIsRead runs each scenario and checks that it read every
// parameter it declares (and, through val's panic, none it does not).
func TestEveryParameterIsRead(t *testing.T) {
	for _, info := range Catalogue() {
		s := registry[info.ID]
		g := newGen(s, testEnv(3, 0, nil), map[string]any{})
		s.run(g)
		for _, p := range s.params {
			if !g.used[p.Name] {
				t.Errorf("%s: parameter %q is declared but never read", info.ID, p.Name)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, info := range Catalogue() {
		a := mustBytes(t, info.ID, testEnv(5, 2, nil))
		b := mustBytes(t, info.ID, testEnv(5, 2, nil))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the same env gave different bytes", info.ID)
		}
		c := mustBytes(t, info.ID, testEnv(6, 2, nil))
		if bytes.Equal(a, c) {
			t.Errorf("%s: another seed gave the same bytes", info.ID)
		}
		d := mustBytes(t, info.ID, testEnv(5, 3, nil))
		if bytes.Equal(a, d) {
			t.Errorf("%s: another index gave the same bytes", info.ID)
		}
	}
}

// mustBytes renders a result: every event's JSON, then the truth.
func mustBytes(t *testing.T, id string, env Env) []byte {
	t.Helper()
	res, err := Generate(id, env)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	var b bytes.Buffer
	for _, e := range res.Events {
		b.Write(event.Marshal(e))
	}
	tr, _ := json.Marshal(res.Truth)
	b.Write(tr)
	return b.Bytes()
}

func TestOtherSeedDrawsOtherEntities(t *testing.T) {
	for _, id := range []string{"ssh-bruteforce", "c2-beacon", "password-spray"} {
		a := mustGenerate(t, id, testEnv(11, 0, nil))
		b := mustGenerate(t, id, testEnv(12, 0, nil))
		if fmt.Sprint(a.Truth.IOCs) == fmt.Sprint(b.Truth.IOCs) {
			t.Errorf("%s: seeds 11 and 12 share IOCs %v", id, a.Truth.IOCs)
		}
		if a.Events[0].Time().Equal(b.Events[0].Time()) {
			t.Errorf("%s: seeds 11 and 12 start at the same time", id)
		}
	}
}

// TestSmallOrgAndShortWeekendWindow runs every scenario in the smallest
// organisation over six hours of a Saturday: defaults must still fit.
func TestSmallOrgAndShortWeekendWindow(t *testing.T) {
	o := org.New(9, 12, 0)
	from := time.Date(2026, 3, 7, 6, 0, 0, 0, time.UTC)
	for _, info := range Catalogue() {
		for seed := int64(1); seed <= 3; seed++ {
			env := Env{Org: o, Seed: seed, Index: 1, From: from, To: from.Add(6 * time.Hour)}
			mustGenerate(t, info.ID, env)
		}
	}
}

// subset reports whether every value of a is in b.
func subset(a, b []string) bool {
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}
