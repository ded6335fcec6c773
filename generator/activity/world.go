package activity

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"sync/atomic"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/seedkey"
	"github.com/soclab/soclab/generator/telemetry"
)

// Config is what the benign activity depends on.
type Config struct {
	Org      *org.Org
	Seed     int64
	From, To time.Time
	// Rates scales each dataset's activity (see Rates in package
	// generator); a dataset not named keeps rate 1.
	Rates map[string]float64
}

// World is what every source of one run shares: the organisation, the
// window, the rates and facts about people computed once. It is read-only
// once built.
type World struct {
	Org      *org.Org
	Seed     int64
	from, to int64
	rates    [numDatasets]float64
	people   []*person // human users, in the organisation's order
	winSrv   []*org.Host
	egress   netip.Addr
	zones    map[string]*time.Location
	// planKey, tripKey and tripDayKey are per-purpose secrets derived from
	// the seed (seedkey): the short-lived sources of daily plans and trips
	// mix them with public counters, never the raw seed.
	planKey, tripKey, tripDayKey uint64
	// geos caches the locations of public addresses, direct-mapped and
	// lock-free so that sources may share it from several goroutines; a
	// collision only costs a lookup.
	geos *[1 << geoCacheBits]atomic.Pointer[geoEntry]
}

// person is a human user and what stays the same about them for the whole
// run.
type person struct {
	u     *org.User
	idx   int
	ws    *org.Host
	home  netip.Addr // their home connection's public address
	vpnIP netip.Addr // the address the VPN hands them
	ua    string     // their browser
	// egress is the organisation's public address their office traffic
	// leaves from.
	egress netip.Addr
}

// Sentinels of bad Rates entries. ErrUnknownDataset is event's, so that
// errors.Is holds for either.
var (
	ErrUnknownDataset = event.ErrUnknownDataset
	ErrRate           = errors.New("bad rate")
)

// CheckRates reports the first bad entry of a Rates map (in name order).
func CheckRates(rates map[string]float64) error {
	var w World
	return w.setRates(rates)
}

// NewWorld checks cfg and precomputes the shared facts.
func NewWorld(cfg Config) (*World, error) {
	if cfg.Org == nil {
		return nil, fmt.Errorf("activity: no organisation")
	}
	if !cfg.To.After(cfg.From) {
		return nil, fmt.Errorf("activity: empty window %s..%s", cfg.From, cfg.To)
	}
	w := &World{Org: cfg.Org, Seed: cfg.Seed, from: cfg.From.UnixNano(), to: cfg.To.UnixNano()}
	w.geos = new([1 << geoCacheBits]atomic.Pointer[geoEntry])
	if err := w.setRates(cfg.Rates); err != nil {
		return nil, err
	}
	o := cfg.Org
	w.zones = map[string]*time.Location{}
	for _, c := range org.Countries {
		w.zones[c.TZ] = org.Zone(c.TZ)
	}
	k := seedkey.New(cfg.Seed)
	w.planKey, w.tripKey, w.tripDayKey = k.Uint64("activity/plan"), k.Uint64("activity/trip"), k.Uint64("activity/trip-day")
	r := k.Rand("activity/world")
	w.egress = o.EgressIPs[0]
	for _, u := range o.Users {
		if u.Role == org.RoleService || u.Workstation == nil {
			continue
		}
		p := &person{u: u, idx: len(w.people), ws: u.Workstation}
		p.home = org.RandomInternetIPIn(r, u.Home.ISO)
		p.vpnIP = nthAddr(o.VPNPool, 10+p.idx%1000)
		p.ua = browsers[r.IntN(len(browsers))]
		p.egress = o.EgressIPs[p.idx%len(o.EgressIPs)]
		w.people = append(w.people, p)
	}
	for _, h := range o.Hosts {
		if h.OS == "windows" && h.Role != org.HostWorkstation {
			w.winSrv = append(w.winSrv, h)
		}
	}
	return w, nil
}

// setRates validates and stores the per-dataset rates.
func (w *World) setRates(rates map[string]float64) error {
	for i := range w.rates {
		w.rates[i] = 1
	}
	names := make([]string, 0, len(rates))
	for k := range rates {
		names = append(names, k)
	}
	sort.Strings(names)
	by := map[string]string{}
	for _, k := range names {
		v := rates[k]
		ds, err := ResolveDataset(k)
		if err != nil {
			return fmt.Errorf("rates: %w", err)
		}
		if prev, ok := by[ds]; ok {
			return fmt.Errorf("rates: %w: %q and %q both name %s", ErrRate, prev, k, ds)
		}
		by[ds] = k
		if v < 0 || v != v || v > 1000 {
			return fmt.Errorf("rates: %w %s=%v: a rate is a multiplier between 0 and 1000", ErrRate, k, v)
		}
		w.rates[datasetIndex(ds)] = v
	}
	return nil
}

func (w *World) rate(ds int) float64 {
	if ds < 0 {
		return 1
	}
	return w.rates[ds]
}

func datasetIndex(name string) int {
	for i, d := range event.Datasets {
		if d == name {
			return i
		}
	}
	return -1
}

// geo locates a public address as the organisation's telemetry sees it.
// Locations are remembered (see geoCache): events only read them.
func (w *World) geo(ip netip.Addr) *telemetry.Geo {
	if !ip.Is4() {
		return w.Org.Geo(ip)
	}
	b := ip.As4()
	h := uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
	slot := &w.geos[(h*0x9e3779b97f4a7c15)>>(64-geoCacheBits)]
	if en := slot.Load(); en != nil && en.ip == ip {
		return en.geo
	}
	g := w.Org.Geo(ip)
	slot.Store(&geoEntry{ip: ip, geo: g})
	return g
}

// geoCacheBits sizes the World's cache of locations (2^bits slots).
const geoCacheBits = 12

// geoEntry is one remembered location; entries are immutable.
type geoEntry struct {
	ip  netip.Addr
	geo *telemetry.Geo
}

// zone returns the time zone of country c (UTC if unknown).
func (w *World) zone(c *org.Country) *time.Location {
	if loc := w.zones[c.TZ]; loc != nil {
		return loc
	}
	return time.UTC
}

// nthAddr returns the n-th address of p.
func nthAddr(p netip.Prefix, n int) netip.Addr {
	a := p.Masked().Addr()
	for i := 0; i < n; i++ {
		a = a.Next()
	}
	return a
}

// browsers are the user agents of the organisation's browsers.
var browsers = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36 Edg/134.0.0.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
}
