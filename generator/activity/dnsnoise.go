package activity

import (
	"net/netip"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// DNS noise (zeek.dns, with the UDP flows): machines look up internal
// servers and probe for wpad and isatap around the clock (NXDOMAIN), and
// people mistype names and look up printers that no longer exist.
const (
	machineDNSPerHour = 4
	personDNSPerHour  = 3
)

// typoNames are mistyped names people's browsers look up (NXDOMAIN).
var typoNames = []string{"gogle.com", "www.gooogle.com", "outlok.office365.com", "wikipeida.org", "stackoverfow.com", "githb.com", "www.lnkedin.com", "slakc.com", "zoom.uss", "amazon.con"}

// NewDNSNoise returns the source of background name lookups.
func NewDNSNoise(w *World) *Source {
	s := newSource(w, "dns-noise", dsDNS)
	var internal []*org.Host
	for _, h := range w.Org.Hosts {
		if h.Role != org.HostWorkstation {
			internal = append(internal, h)
		}
	}
	for _, p := range w.people {
		m := &machineDNS{host: p.ws, internal: internal, tm: timer{period: time.Hour / machineDNSPerHour, jitter: 0.9}}
		s.at(m.tm.first(s), m)
		u := &personDNS{}
		u.clk.start(s, p)
		if t, ok := u.clk.next(s, personDNSPerHour, 0.5); ok {
			s.at(t, u)
		}
	}
	return s
}

// lookup adds a DNS query and answer with its flow to a new script.
func (s *Source) lookup(t int64, client *org.Host, ip netip.Addr, name, qtype, rcode string, answers []telemetry.DNSAnswer) {
	sc := s.script()
	c := s.dnsConn(ip)
	rtt := ms(1 + s.r.Int64N(40))
	sc.add(t, dsDNS, &telemetry.DNS{Resolver: s.w.Org.DNSObs, Conn: c, ClientHost: client.Name, ID: uint16(s.r.Uint32()), Name: name, QType: qtype, RCode: rcode, Answers: answers})
	sc.add(t, dsFlow, &dnsFlowRecord{s: s, c: c, name: name, qtype: qtype, answers: answers, rtt: rtt})
	sc.play(s)
}

// dnsFlowRecord defers a DNS exchange's flow to its script step.
type dnsFlowRecord struct {
	s       *Source
	c       telemetry.Conn
	name    string
	qtype   string
	answers []telemetry.DNSAnswer
	rtt     int64
}

// Build implements record.
func (d *dnsFlowRecord) Build(e *event.Event, m telemetry.Meta) {
	f := telemetry.Flow{
		Sensor: d.s.w.Org.Sensor, Conn: d.c, Protocol: "dns", Direction: "internal",
		Duration: time.Duration(d.rtt), SrcPackets: 1, SrcBytes: dnsQueryBytes(d.name, d.qtype),
		DstPackets: 1, DstBytes: dnsAnswerBytes(d.name, d.qtype, d.answers), State: stEstablished,
	}
	f.Build(e, m)
}

type machineDNS struct {
	host     *org.Host
	internal []*org.Host
	tm       timer
}

func (m *machineDNS) fire(s *Source, now int64, _ *event.Event) int {
	dom := s.w.Org.Domain
	switch x := s.r.IntN(10); {
	case x < 2:
		s.lookup(now, m.host, m.host.IP, "wpad."+dom, "A", "NXDOMAIN", nil)
	case x < 3:
		s.lookup(now, m.host, m.host.IP, "isatap."+dom, "A", "NXDOMAIN", nil)
	default:
		h := m.internal[s.r.IntN(len(m.internal))]
		s.lookup(now, m.host, m.host.IP, h.FQDN, "A", "NOERROR", []telemetry.DNSAnswer{{Name: h.FQDN, Type: "A", Data: h.IP.String(), TTL: 1200}})
	}
	s.at(m.tm.next(s), m)
	return dsNone
}

type personDNS struct {
	clk workClock
}

func (u *personDNS) fire(s *Source, now int64, _ *event.Event) int {
	p, pl := u.clk.p, &u.clk.pl
	switch x := s.r.IntN(10); {
	case x < 5:
		s.lookup(now, p.ws, pl.ip, typoNames[s.r.IntN(len(typoNames))], "A", "NXDOMAIN", nil)
	case x < 7:
		name := "prn-" + strings.ToLower(p.u.Department[:2]) + "-0" + string(rune('1'+s.r.IntN(6))) + "." + s.w.Org.Domain
		s.lookup(now, p.ws, pl.ip, name, "A", "NXDOMAIN", nil)
	default:
		svc := s.w.Org.Services[s.r.IntN(len(s.w.Org.Services))]
		s.lookup(now, p.ws, pl.ip, svc.Domain, "AAAA", "NOERROR", nil)
	}
	if t, ok := u.clk.next(s, personDNSPerHour, 0.5); ok {
		s.at(t, u)
	}
	return dsNone
}
