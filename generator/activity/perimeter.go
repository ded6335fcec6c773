package activity

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// The perimeter (soclab.firewall, with system.auth and flows): the
// internet's background scanning is denied at the edge all day and night,
// sometimes as a burst of ports from one address; visitors reach the public
// web site and mail server; and a few bots try common usernames against the
// bastion's public ssh, and fail.
const (
	probesPerHour  = 1500
	webPerHour     = 120
	mailPerHour    = 30
	sshBotsPerHour = 5
	burstShare     = 0.3
)

// probePorts are the ports the internet's scanners knock on, most popular
// first (repeated entries weigh more).
var probePorts = []int{23, 23, 22, 22, 22, 445, 445, 3389, 3389, 80, 8080, 443, 1433, 3306, 5900, 6379, 9200, 2323, 8443, 5060, 21, 25, 110, 7547, 37215, 5555}

// udpProbePorts are probed with UDP.
var udpProbePorts = []int{53, 123, 161, 1900, 5353, 11211}

// botUsers are the usernames ssh bots try.
var botUsers = []string{"root", "root", "admin", "ubuntu", "test", "user", "oracle", "postgres", "pi", "git", "ftpuser", "guest"}

// NewPerimeter returns the source of perimeter traffic.
func NewPerimeter(w *World) *Source {
	s := newSource(w, "perimeter", dsFirewall)
	for _, k := range []*edge{{kind: edgeProbe, perHour: probesPerHour}, {kind: edgeWeb, perHour: webPerHour}, {kind: edgeMail, perHour: mailPerHour}, {kind: edgeSSH, perHour: sshBotsPerHour}} {
		k.t = w.from
		k.schedule(s)
	}
	return s
}

type edgeKind uint8

const (
	edgeProbe edgeKind = iota
	edgeWeb
	edgeMail
	edgeSSH
)

// edge is one kind of perimeter traffic, a Poisson process around the
// clock.
type edge struct {
	kind    edgeKind
	perHour float64
	t       int64
}

func (k *edge) schedule(s *Source) {
	k.t += s.every(k.perHour)
	if k.t < s.w.to {
		s.at(k.t, k)
	}
}

func (k *edge) fire(s *Source, now int64, e *event.Event) int {
	ds := dsNone
	switch k.kind {
	case edgeProbe:
		ds = s.probe(now, e)
	case edgeWeb:
		s.visitor(now, s.w.Org.Web, 443, "tls", 3+s.r.IntN(20), 600, 20000)
	case edgeMail:
		s.visitor(now, s.w.Org.Mail, 25, "smtp", 6, 200, 150)
	case edgeSSH:
		s.sshBot(now)
	}
	k.schedule(s)
	return ds
}

// probe is a denied inbound packet from a scanner on the internet, now and
// then the first of a burst of ports against the same address.
func (s *Source) probe(now int64, e *event.Event) int {
	o := s.w.Org
	src, dst := org.RandomInternetIP(s.r), o.PublicIP
	if n := s.r.IntN(len(o.EgressIPs) + 1); n < len(o.EgressIPs) {
		dst = o.EgressIPs[n]
	}
	geo := s.geoOf(src)
	if s.r.Float64() >= burstShare {
		f := s.denyRecord(src, dst, geo)
		f.Build(e, s.meta(now))
		return dsFirewall
	}
	sc := s.script()
	t := now
	for n := 3 + s.r.IntN(18); n > 0; n-- {
		sc.add(t, dsFirewall, s.deny(src, dst, geo))
		t += ms(50 + s.r.Int64N(2000))
	}
	sc.play(s)
	return dsNone
}

// deny is the firewall's record of one denied probe.
func (s *Source) deny(src, dst netip.Addr, geo *telemetry.Geo) *telemetry.Firewall {
	f := s.denyRecord(src, dst, geo)
	return &f
}

// denyRecord is deny by value, for records built on the spot.
func (s *Source) denyRecord(src, dst netip.Addr, geo *telemetry.Geo) telemetry.Firewall {
	c := telemetry.Conn{SrcIP: src, SrcPort: s.ephemeral(), DstIP: dst, Transport: "tcp"}
	if s.r.IntN(8) == 0 {
		c.Transport, c.DstPort = "udp", udpProbePorts[s.r.IntN(len(udpProbePorts))]
	} else {
		c.DstPort = probePorts[s.r.IntN(len(probePorts))]
	}
	return telemetry.Firewall{Firewall: s.w.Org.Firewall, Conn: c, Rule: "default-deny-inbound", Direction: "inbound", SrcGeo: geo}
}

// visitor is an allowed inbound connection to a public server.
func (s *Source) visitor(t int64, h *org.Host, port int, proto string, n int, req, resp int64) {
	o := s.w.Org
	src := org.RandomInternetIP(s.r)
	c := s.tcp(src, h.IP, port)
	sc := s.script()
	sc.add(t, dsFirewall, &telemetry.Firewall{Firewall: o.Firewall, Conn: c, Allow: true, Rule: "allow-" + proto + "-" + h.Name, Direction: "inbound", SrcGeo: s.geoOf(src)})
	sc.add(t, dsFlow, s.estFlow(c, proto, sec(1+20*s.r.Float64()), s.session(n, req, resp), ""))
	sc.play(s)
}

// sshBot is a bot trying a few usernames against the bastion.
func (s *Source) sshBot(t int64) {
	o := s.w.Org
	src := org.RandomInternetIP(s.r)
	geo := s.geoOf(src)
	sc := s.script()
	for n := 1 + s.r.IntN(4); n > 0; n-- {
		c := s.tcp(src, o.Bastion.IP, 22)
		sc.add(t, dsFirewall, &telemetry.Firewall{Firewall: o.Firewall, Conn: c, Allow: true, Rule: "allow-ssh-bastion", Direction: "inbound", SrcGeo: geo})
		dur := sec(2 + 4*s.r.Float64())
		sc.add(t, dsFlow, s.estFlow(c, "ssh", dur, s.session(4, 100, 300), ""))
		user := botUsers[s.r.IntN(len(botUsers))]
		res := telemetry.SSHInvalidUser
		if user == "root" || s.w.Org.UserByName(user) != nil {
			res = telemetry.SSHFailed
		}
		ft := t + sec(1+s.r.Float64())
		failed := telemetry.SSH{Host: o.Bastion.Name, HostIP: o.Bastion.IP, User: user, SrcIP: src, SrcPort: c.SrcPort, SrcGeo: geo, Result: res, Method: "password", PID: 1000 + s.r.IntN(60000)}
		for _, l := range failed.FailedSession(time.Duration(t + dur - ft)) {
			sc.add(ft+int64(l.At), dsSSH, &l.SSH)
		}
		t += sec(3 + 10*s.r.Float64())
	}
	sc.play(s)
}
