package telemetry

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
)

// ECSVersion is the ECS version the events follow (ecs.version).
const ECSVersion = "9.4.0"

// Module is event.module of every soclab event.
const Module = "soclab"

// The datasets (event.dataset).
const (
	DatasetSSH      = "soclab.ssh"
	DatasetWindows  = "soclab.windows"
	DatasetVPN      = "soclab.vpn"
	DatasetSSO      = "soclab.sso"
	DatasetFlow     = "soclab.flow"
	DatasetDNS      = "soclab.dns"
	DatasetProxy    = "soclab.proxy"
	DatasetFirewall = "soclab.firewall"
)

// Datasets lists every dataset, in a fixed order.
var Datasets = []string{DatasetSSH, DatasetWindows, DatasetVPN, DatasetSSO, DatasetFlow, DatasetDNS, DatasetProxy, DatasetFirewall}

// Meta is what the generator decides for every event: when it happened and
// its unique, deterministic id.
type Meta struct {
	Time time.Time
	ID   string
}

// Geo locates a public address: country, city, coordinates and the
// autonomous system that announces it.
type Geo struct {
	CountryISO  string
	CountryName string
	City        string
	Lat, Lon    float64
	ASN         int64
	ASOrg       string
}

// Observer names the appliance or service that logged an event (VPN
// gateway, identity provider, sensor, resolver, proxy, firewall).
type Observer struct {
	Name    string
	IP      netip.Addr
	Type    string // "vpn", "idp", "sensor", "dns", "proxy", "firewall"
	Vendor  string
	Product string
}

// begin resets e and writes the fields every event has.
func begin(e *event.Event, m Meta, dataset string, category, typ []string) {
	e.Reset()
	e.Add(event.KeyTimestamp, event.Time(m.Time))
	e.Add(event.KeyID, event.String(m.ID))
	e.Add(event.KeyKind, event.String("event"))
	e.Add("event.module", event.String(Module))
	e.Add(event.KeyDataset, event.String(dataset))
	e.Add("event.category", event.Strings(category...))
	e.Add("event.type", event.Strings(typ...))
	e.Add("data_stream.type", event.String("logs"))
	e.Add("data_stream.dataset", event.String(dataset))
	e.Add("ecs.version", event.String(ECSVersion))
}

func addStr(e *event.Event, key, v string) {
	if v != "" {
		e.Add(key, event.String(v))
	}
}

func addIP(e *event.Event, key string, ip netip.Addr) {
	if ip.IsValid() {
		e.Add(key, event.String(ip.String()))
	}
}

func addInt(e *event.Event, key string, n int64) {
	if n != 0 {
		e.Add(key, event.Int(n))
	}
}

func addGeo(e *event.Event, prefix string, g *Geo) {
	if g == nil {
		return
	}
	addStr(e, prefix+".geo.country_iso_code", g.CountryISO)
	addStr(e, prefix+".geo.country_name", g.CountryName)
	addStr(e, prefix+".geo.city_name", g.City)
	if g.Lat != 0 || g.Lon != 0 {
		e.Add(prefix+".geo.location.lat", event.Float(g.Lat))
		e.Add(prefix+".geo.location.lon", event.Float(g.Lon))
	}
	addInt(e, prefix+".as.number", g.ASN)
	addStr(e, prefix+".as.organization.name", g.ASOrg)
}

func addObserver(e *event.Event, o Observer) {
	addStr(e, "observer.name", o.Name)
	addStr(e, "observer.hostname", o.Name)
	addIP(e, "observer.ip", o.IP)
	addStr(e, "observer.type", o.Type)
	addStr(e, "observer.vendor", o.Vendor)
	addStr(e, "observer.product", o.Product)
}

func outcome(ok bool) string {
	if ok {
		return "success"
	}
	return "failure"
}

// related writes related.ip, related.user and related.hosts, each without
// empty or repeated values.
func related(e *event.Event, ips []netip.Addr, users, hosts []string) {
	var ipv []string
	for _, ip := range ips {
		if ip.IsValid() {
			ipv = append(ipv, ip.String())
		}
	}
	if v := distinct(ipv); len(v) > 0 {
		e.Add("related.ip", event.Strings(v...))
	}
	if v := distinct(users); len(v) > 0 {
		e.Add("related.user", event.Strings(v...))
	}
	if v := distinct(hosts); len(v) > 0 {
		e.Add("related.hosts", event.Strings(v...))
	}
}

// distinct drops empty and repeated strings, keeping the first order; the
// lists are short, so a linear scan beats a map.
func distinct(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s == "" {
			continue
		}
		dup := false
		for _, o := range out {
			if o == s {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
