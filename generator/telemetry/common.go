package telemetry

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/internal/ecs"
)

// ECSVersion is the ECS version the events follow (ecs.version): the
// version of soclab's ECS table.
const ECSVersion = ecs.Version

// Module is event.module of the events of soclab's own datasets
// (soclab.*); events under an Elastic integration's dataset carry that
// integration's module, as Elastic writes them (system, zeek).
const Module = "soclab"

var (
	moduleSoclab = event.String(Module)
	moduleSystem = event.String("system")
	moduleZeek   = event.String("zeek")
)

// moduleOf is event.module of dataset.
func moduleOf(dataset string) event.Value {
	switch dataset {
	case event.DatasetSSH, event.DatasetWindows:
		return moduleSystem
	case event.DatasetFlow, event.DatasetDNS:
		return moduleZeek
	}
	return moduleSoclab
}

// Meta is what the generator decides for every event: when it happened and
// its unique, deterministic id.
type Meta struct {
	Time time.Time
	ID   string
	// ConnIDs, when not nil, remembers the community ids of the builder's
	// recent connections (see ConnIDs).
	ConnIDs *ConnIDs
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

// begin resets e and writes the fields every event has. category and typ
// are lists built once (see values.go): values are immutable, so events
// share them.
func begin(e *event.Event, m Meta, dataset string, category, typ event.Value) {
	e.Reset()
	e.Add(event.KeyTimestamp, event.Time(m.Time))
	e.Add(event.KeyID, event.String(m.ID))
	e.Add(event.KeyKind, event.String("event"))
	e.Add("event.module", moduleOf(dataset))
	e.Add(event.KeyDataset, event.String(dataset))
	e.Add("event.category", category)
	e.Add("event.type", typ)
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
		e.Add(key, event.String(ipText(ip)))
	}
}

func addInt(e *event.Event, key string, n int64) {
	if n != 0 {
		e.Add(key, event.Int(n))
	}
}

// geoKeys are the keys addGeo writes under one prefix, joined once.
type geoKeys struct {
	iso, country, city, lat, lon, asn, asOrg string
}

func newGeoKeys(prefix string) *geoKeys {
	return &geoKeys{
		iso: prefix + ".geo.country_iso_code", country: prefix + ".geo.country_name",
		city: prefix + ".geo.city_name", lat: prefix + ".geo.location.lat",
		lon: prefix + ".geo.location.lon", asn: prefix + ".as.number",
		asOrg: prefix + ".as.organization.name",
	}
}

var sourceGeoKeys, destinationGeoKeys = newGeoKeys("source"), newGeoKeys("destination")

func addGeo(e *event.Event, prefix string, g *Geo) {
	if g == nil {
		return
	}
	var k *geoKeys
	switch prefix {
	case "source":
		k = sourceGeoKeys
	case "destination":
		k = destinationGeoKeys
	default:
		k = newGeoKeys(prefix)
	}
	addStr(e, k.iso, g.CountryISO)
	addStr(e, k.country, g.CountryName)
	addStr(e, k.city, g.City)
	if g.Lat != 0 || g.Lon != 0 {
		e.Add(k.lat, event.Float(g.Lat))
		e.Add(k.lon, event.Float(g.Lon))
	}
	addInt(e, k.asn, g.ASN)
	addStr(e, k.asOrg, g.ASOrg)
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
