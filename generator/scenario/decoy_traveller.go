package scenario

import (
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "vpn-traveller", Kind: truth.KindDecoy,
			Summary:  "a travelling employee signs in from home before the flight, then connects to the VPN from abroad and works normally: sign-ins from two countries in a day, and a trip that is expected",
			Datasets: []string{dsVPN, dsSSO, dsFlow, dsDNS, dsProxy, dsFW},
			Roles:    []string{"traveller_ip", "traveller", "traveller_home_ip"},
		},
		params: []param{
			pStart("a working hour at the destination, at least 10 h into the window when it can be"),
			pUser("user", "the traveller", "a person marked as a traveller who does not work from home"),
			pCountry("country", "where the traveller is", "a country with an office, other than home, within 6000 km when there is one"),
			pIP("ip", "the hotel or office address abroad", "an internet address located in country", true),
			pDur("session", "how long the VPN session lasts", "2 h to 7 h (at most three quarters of the window)", 10*time.Minute, 24*time.Hour),
		},
		run: vpnTraveller,
	})
}

func vpnTraveller(g *gen) {
	o := g.o
	u := g.userP("user", isHuman, func(r *rand.Rand) *org.User {
		var travellers []*org.User
		for _, u := range humans(o) {
			// Not a home worker: the background keeps their home VPN
			// session going, which would put them in two places at once.
			if u.Traveller && !u.Remote {
				travellers = append(travellers, u)
			}
		}
		if len(travellers) == 0 {
			travellers = humans(o)
		}
		return pick(r, travellers)
	})
	country := g.countryP("country", func(r *rand.Rand) *org.Country {
		var away, near []*org.Country
		for _, c := range org.Countries[:14] {
			if c.ISO != u.Home.ISO {
				away = append(away, c)
				if distanceKm(u.Home, c) <= 6000 {
					near = append(near, c)
				}
			}
		}
		if len(near) > 0 {
			return pick(r, near)
		}
		return pick(r, away)
	})
	ip := g.ipP("ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, country.ISO) })
	session := g.durP("session", func(r *rand.Rand) time.Duration { return g.fitDur(between(r, 2*time.Hour, 7*time.Hour)) })
	dest := hoursIn(zone(country), 8, 18, false)
	t := g.startP(session+2*time.Minute, func(r *rand.Rand, lo, hi time.Time) time.Time {
		if later := g.env.From.Add(10 * time.Hour); later.Before(hi) && later.After(lo) {
			lo = later
		}
		return dest(r, lo, hi)
	})

	g.homeSignIn(t, u, country)
	assigned := nthAddr(o.VPNPool, 200+g.r.IntN(800))
	v := telemetry.VPN{Gateway: o.VPNGateway, User: u.Name, SrcIP: ip, SrcPort: g.port(), SrcGeo: g.o.Geo(ip), AssignedIP: assigned}
	in, out := v, v
	in.Action = telemetry.VPNLogin
	g.vpn(t, in)
	g.emit(t.Add(ms(g.r, 20000, 120000)), &telemetry.SSO{IdP: o.IdP, User: u.Name, Email: u.Email, App: pick(g.r, o.SaaSApps),
		SrcIP: ip, SrcGeo: g.o.Geo(ip), UserAgent: browserUAs[0], Success: true, MFAMethod: "push", MFAResult: "success"})
	var up, down int64
	at := t.Add(between(g.r, 2*time.Minute, 10*time.Minute))
	saas := o.ServicesOf(org.ServiceSaaS)
	for at.Before(t.Add(session - 5*time.Minute)) {
		if g.r.IntN(3) == 0 {
			fs := pick(g.r, o.FileServers)
			s, r := int64(2000+g.r.IntN(20000)), int64(50000+g.r.IntN(3000000))
			_, _, end := g.tcp(at, tcpConn{src: assigned, dst: fs.IP, dport: 445, proto: "smb", sent: s, recv: r, dur: between(g.r, time.Second, time.Minute)})
			up, down, at = up+s, down+r, end
		} else {
			svc := pick(g.r, saas)
			sip := pick(g.r, svc.IPs)
			_, done := g.resolveA(at, assigned, "", svc.Domain, sip, 300)
			res := pick(g.r, svc.Paths)
			_, _, end := g.web(done.Add(ms(g.r, 1, 5)), webReq{client: assigned, user: u.Name, server: sip, host: svc.Domain, path: res.Path,
				ua: browserUAs[0], mime: res.MIME, category: svc.Category, resp: int64(2000 + g.r.IntN(80000))})
			up, down, at = up+1500, down+40000, end
		}
		at = at.Add(between(g.r, 5*time.Minute, 40*time.Minute))
	}
	out.Action, out.Duration = telemetry.VPNLogout, session
	out.BytesIn, out.BytesOut = up+int64(g.r.IntN(4_000_000)), down+int64(g.r.IntN(40_000_000))
	g.emit(t.Add(session), &out)
	g.ioc("ip", ip.String(), "traveller_ip")
	g.ioc("user", u.Name, "traveller")
	g.user(u.Name)
	g.host(o.VPNGateway.Name)
}

// homeSignIn is the traveller checking mail from home before leaving: an
// SSO sign-in from a home-country address, early enough for the flight
// (the distance at airliner speed and two hours of airports, at least
// three hours, and a margin)
// and within the day, so that the one-day multi-country rule sees the trip
// as it sees an attacker. It has its own random source so that the rest
// of the decoy is drawn as before; it is left out when the window leaves
// no room before the foreign sign-in.
func (g *gen) homeSignIn(t time.Time, u *org.User, dest *org.Country) {
	r := g.dr("home sign-in")
	// At least three hours: a trip that the impossible-travel rule would
	// call impossible is not the trip of a traveller.
	flight := max(time.Duration(distanceKm(u.Home, dest)/maxSpeed*float64(time.Hour))+2*time.Hour, 3*time.Hour)
	at := t.Add(-flight - between(r, 20*time.Minute, time.Hour))
	if at.Before(g.env.From) || t.Sub(at) >= 11*time.Hour {
		return
	}
	ip := publicIP(g.o, r, u.Home.ISO)
	g.emit(at, &telemetry.SSO{IdP: g.o.IdP, User: u.Name, Email: u.Email, App: pick(r, g.o.SaaSApps),
		SrcIP: ip, SrcGeo: g.o.Geo(ip), UserAgent: browserUAs[0], Success: true, MFAMethod: "push", MFAResult: "success"})
	g.ioc("ip", ip.String(), "traveller_home_ip")
}
