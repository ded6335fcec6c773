package elastic

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

// fastConfig returns a configuration for the fake cluster with retries
// that do not wait.
func fastConfig(fake *fakees.Server) Config {
	return Config{URL: fake.URL, MaxRetries: 3, RetryBackoff: func(int) time.Duration { return time.Millisecond }}
}

func connect(t testing.TB, fake *fakees.Server) *Client {
	t.Helper()
	c, err := Connect(context.Background(), fastConfig(fake))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fastIndexer returns options with small requests and immediate retries.
func fastIndexer(t testing.TB, ns string) IndexerOptions {
	return IndexerOptions{Namespace: ns, DeadLetterPath: t.TempDir() + "/dead.ndjson", FlushBytes: 16 << 10,
		Workers: 2, ItemBackoff: func(int) time.Duration { return time.Millisecond }}
}

var (
	t0     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	geo    = &telemetry.Geo{CountryISO: "NL", CountryName: "Netherlands", City: "Amsterdam", Lat: 52.37, Lon: 4.89, ASN: 64500, ASOrg: "Example Transit"}
	geo2   = &telemetry.Geo{CountryISO: "BR", CountryName: "Brazil", City: "Sao Paulo", Lat: -23.5, Lon: -46.6, ASN: 64501, ASOrg: "Other Net"}
	ip     = netip.MustParseAddr
	sensor = telemetry.Observer{Name: "sensor-01", IP: ip("10.0.0.2"), Type: "sensor", Vendor: "soclab", Product: "flowd"}
	conn   = telemetry.Conn{SrcIP: ip("10.1.2.3"), SrcPort: 50123, DstIP: ip("93.184.216.34"), DstPort: 443, Transport: "tcp"}
)

// telemetryEvents builds one event with every field set for every kind of
// record of every generator/telemetry builder.
func telemetryEvents() []*event.Event {
	var out []*event.Event
	n := 0
	add := func(build func(*event.Event, telemetry.Meta)) {
		n++
		e := &event.Event{}
		build(e, telemetry.Meta{Time: t0.Add(time.Duration(n) * time.Second), ID: "evt-" + time.Duration(n).String()})
		out = append(out, e)
	}
	for _, r := range []telemetry.SSHResult{telemetry.SSHAccepted, telemetry.SSHFailed, telemetry.SSHInvalidUser, telemetry.SSHLogout} {
		s := telemetry.SSH{Host: "bastion-01", HostIP: ip("10.0.1.5"), User: "svc-backup", SrcIP: ip("203.0.113.7"), SrcPort: 40222,
			SrcGeo: geo, Result: r, Method: "password", PID: 4242, Duration: time.Minute}
		add(s.Build)
	}
	for _, code := range []int{4624, 4625, 4634, 4648, 4672, 4720, 4728, 4732, 4740} {
		w := telemetry.Windows{Code: code, Host: "ws-01", HostIP: ip("10.0.2.10"), Domain: "CORP", User: "alice", TargetUser: "bob",
			Group: "Domain Admins", LogonType: 3, SrcIP: ip("10.0.2.11"), SrcHost: "ws-02", Server: "fs-01", LogonID: 0x3e7, Reason: "Unknown user name or bad password."}
		add(w.Build)
	}
	gw := telemetry.Observer{Name: "vpn-gw", IP: ip("198.51.100.1"), Type: "vpn", Vendor: "soclab", Product: "vpnd"}
	for _, a := range []telemetry.VPNAction{telemetry.VPNLogin, telemetry.VPNLoginFailed, telemetry.VPNLogout} {
		v := telemetry.VPN{Gateway: gw, Action: a, User: "carol", SrcIP: ip("198.51.100.77"), SrcPort: 51000, SrcGeo: geo2,
			AssignedIP: ip("10.8.0.12"), Reason: "bad password", Duration: time.Hour, BytesIn: 1000, BytesOut: 2000}
		add(v.Build)
	}
	idp := telemetry.Observer{Name: "idp", IP: ip("198.51.100.2"), Type: "idp", Vendor: "soclab", Product: "sso"}
	for _, ok := range []bool{true, false} {
		s := telemetry.SSO{IdP: idp, User: "dave", Email: "dave@example.com", App: "mail", SrcIP: ip("198.51.100.9"), SrcGeo: geo,
			UserAgent: "Mozilla/5.0", Success: ok, Reason: "bad password", MFAMethod: "push", MFAResult: "denied"}
		add(s.Build)
	}
	f := telemetry.Flow{Sensor: sensor, Conn: conn, Protocol: "tls", Direction: "outbound", Duration: 3 * time.Second,
		SrcBytes: 1200, SrcPackets: 10, DstBytes: 50000, DstPackets: 40, State: "established", TCPFlags: "SAFP", DstDomain: "example.com", SrcGeo: geo, DstGeo: geo2}
	add(f.Build)
	d := telemetry.DNS{Resolver: telemetry.Observer{Name: "dns-01", IP: ip("10.0.0.53"), Type: "dns"}, Conn: telemetry.Conn{SrcIP: ip("10.1.2.3"), SrcPort: 5353, DstIP: ip("10.0.0.53"), DstPort: 53, Transport: "udp"},
		ClientHost: "ws-01", ID: 4711, Name: "a.b.example.co.uk", QType: "A", RCode: "NOERROR",
		Answers: []telemetry.DNSAnswer{{Name: "a.b.example.co.uk", Type: "CNAME", Data: "cdn.example.net", TTL: 60}, {Name: "cdn.example.net", Type: "A", Data: "93.184.216.34", TTL: 60}}}
	add(d.Build)
	p := telemetry.Proxy{Proxy: telemetry.Observer{Name: "proxy-01", IP: ip("10.0.0.8"), Type: "proxy"}, Conn: conn, User: "alice", Method: "GET",
		Scheme: "https", Host: "example.com", Path: "/files/setup.exe", Query: "x=1", Status: 200, ReqBytes: 500, RespBytes: 90000,
		MIME: "application/octet-stream", UserAgent: "Mozilla/5.0", Referrer: "https://mail.example.com/", Category: "software", Duration: time.Second}
	add(p.Build)
	fw := telemetry.Firewall{Firewall: telemetry.Observer{Name: "fw-01", IP: ip("10.0.0.1"), Type: "firewall"}, Conn: conn, Allow: false,
		Rule: "deny-inbound", Direction: "inbound", SrcGeo: geo, DstGeo: geo2}
	add(fw.Build)
	return out
}

// alertEvent returns an alert as the detectors shape it.
func alertEvent(id string) *event.Event {
	e := &event.Event{}
	e.Add("@timestamp", event.Time(t0))
	e.Add("event.id", event.String(id))
	e.Add("event.kind", event.String("alert"))
	e.Add("event.severity", event.Int(73))
	e.Add("rule.id", event.String("ssh-bruteforce"))
	e.Add("rule.name", event.String("SSH brute force"))
	e.Add("threat.technique.id", event.Strings("T1110.001"))
	e.Add("source.ip", event.String("203.0.113.7"))
	return e
}

// sampleEvents returns n events cycling through telemetryEvents, with
// unique ids.
func sampleEvents(n int) []*event.Event {
	base := telemetryEvents()
	out := make([]*event.Event, n)
	for i := range out {
		e := base[i%len(base)].Clone()
		e.Set("event.id", event.String("id-"+itoa(i)))
		out[i] = e
	}
	return out
}

func itoa(i int) string {
	return string(appendInt(nil, i))
}

func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}
