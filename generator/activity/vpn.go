package activity

import (
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// VPN (soclab.vpn, with the firewall's allow): on a remote or travelling
// day, a person connects from home or abroad when they start, sometimes
// drops and reconnects, and disconnects when they stop; a few logins are
// mistyped first.

// NewVPN returns the source of VPN sessions.
func NewVPN(w *World) *Source {
	s := newSource(w, "vpn", dsVPN)
	for _, p := range w.people {
		d := &vpnDay{p: p, day: w.firstDay(p)}
		s.at(max(w.from, d.day.UnixNano()-planAhead), d)
	}
	return s
}

// vpnDay plans one person's VPN sessions day after day.
type vpnDay struct {
	p   *person
	day time.Time
}

func (d *vpnDay) fire(s *Source, now int64, _ *event.Event) int {
	pl := s.w.plan(d.p, d.day)
	if pl.remote() && s.keep() {
		s.vpnDay(d.p, &pl)
	}
	d.day = nextDay(d.day)
	if t := d.day.UnixNano() - planAhead; t < s.w.to {
		s.at(max(t, s.w.from), d)
	}
	return dsNone
}

func (s *Source) vpnDay(p *person, pl *dayPlan) {
	sc := s.script()
	start := pl.arrive - minutes(2+8*s.r.Float64())
	end := pl.leave + minutes(10*s.r.Float64())
	if s.r.Float64() < 0.15 { // the connection drops once
		drop := start + int64(float64(end-start)*(0.2+0.6*s.r.Float64()))
		s.vpnSession(sc, p, pl, start, drop)
		start = drop + minutes(1+9*s.r.Float64())
	}
	s.vpnSession(sc, p, pl, start, end)
	sc.play(s)
}

// vpnSession adds the firewall's allow, the login (after a mistyped
// attempt now and then) and the logout.
func (s *Source) vpnSession(sc *script, p *person, pl *dayPlan, t, end int64) {
	o := s.w.Org
	geo := s.geoOf(pl.pub)
	port := s.ephemeral()
	fw := &telemetry.Firewall{Firewall: o.Firewall, Allow: true, Rule: "allow-vpn-inbound", Direction: "inbound", SrcGeo: geo,
		Conn: telemetry.Conn{SrcIP: pl.pub, SrcPort: port, DstIP: o.PublicIP, DstPort: 443, Transport: "tcp"}}
	sc.add(t, dsFirewall, fw)
	v := &telemetry.VPN{Gateway: o.VPNGateway, User: p.u.Name, SrcIP: pl.pub, SrcPort: port, SrcGeo: geo}
	if s.r.Float64() < typoRate {
		bad := *v
		bad.Action, bad.Reason = telemetry.VPNLoginFailed, "invalid credentials"
		sc.add(t+sec(1), dsVPN, &bad)
		t += sec(15 + 40*s.r.Float64())
		fw2 := *fw
		fw2.Conn.SrcPort = s.ephemeral()
		v.SrcPort = fw2.Conn.SrcPort
		sc.add(t, dsFirewall, &fw2)
	}
	in := *v
	in.Action, in.AssignedIP = telemetry.VPNLogin, pl.ip
	sc.add(t+sec(1+2*s.r.Float64()), dsVPN, &in)
	out := in
	out.Action, out.Duration = telemetry.VPNLogout, time.Duration(end-t)
	hours := float64(end-t) / float64(time.Hour)
	out.BytesIn = int64(hours * (5e6 + 40e6*s.r.Float64()))
	out.BytesOut = int64(hours * (30e6 + 300e6*s.r.Float64()))
	sc.add(end, dsVPN, &out)
}
