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
			ID: "password-spray", Kind: truth.KindAttack,
			Summary:    "one password tried against many accounts on the VPN and/or the single sign-on, from two or three addresses over time, until one account lets the attacker in",
			Techniques: []string{"T1110.003"},
			Datasets:   []string{dsVPN, dsSSO, dsFlow, dsFW},
			Roles:      []string{"attacker_ip", "compromised_user"},
		},
		params: []param{
			pStart("any time of the window"),
			pEnum("channel", "where the password is tried", "vpn, sso or both, at random", "vpn", "sso", "both"),
			pInt("ips", "how many addresses the attempts come from", "2 or 3", 1, 10),
			pCountry("country", "where the addresses are located", "a country outside the organisation's offices"),
			pInt("accounts", "how many accounts are tried (at most the organisation's people)", "25 to 60", 3, 1000),
			pDur("interval", "mean time between attempts", "20 s to 90 s", time.Second, time.Hour),
			pFloat("jitter", "how much each interval varies, as a fraction of it", "0.3", 0, 1),
			pUser("user", "the account whose password matches", "a person, tried late in the spray"),
			pDur("session", "how long the attacker uses the account", "20 to 60 minutes", time.Minute, 12*time.Hour),
		},
		run: passwordSpray,
	})
}

func passwordSpray(g *gen) {
	o := g.o
	channel := g.strP("channel", func(r *rand.Rand) string { return pick(r, []string{"vpn", "sso", "both"}) })
	nIPs := g.intP("ips", func(r *rand.Rand) int { return intIn(r, 2, 3) })
	country := g.countryP("country", func(r *rand.Rand) *org.Country { return pick(r, hostile()) })
	people := humans(o)
	accounts := min(g.intP("accounts", func(r *rand.Rand) int { return intIn(r, 25, 60) }), len(people))
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return ms(r, 20000, 90000) })
	jitter := g.floatP("jitter", func(*rand.Rand) float64 { return 0.3 })
	victim := g.userP("user", isHuman, func(r *rand.Rand) *org.User { return pick(r, usersOf(o, org.RoleUser)) })
	session := g.durP("session", func(r *rand.Rand) time.Duration { return between(r, 20*time.Minute, time.Hour) })
	span := time.Duration(float64(accounts)*float64(interval)*(1+jitter)) + session + time.Minute
	t := g.startP(span, anyTime)

	r := g.dr("ips")
	ips := make([]netip.Addr, 0, nIPs)
	for len(ips) < nIPs {
		if ip := publicIP(o, r, country.ISO); !containsAddr(ips, ip) {
			ips = append(ips, ip)
		}
	}
	targets := sprayTargets(g.r, people, victim, accounts)
	ua := pick(g.r, scriptUAs)
	app := pick(g.r, o.SaaSApps)
	ips = ips[:min(len(ips), len(targets))]
	for i, u := range targets {
		ip := ips[i*len(ips)/len(targets)] // each address takes a run of accounts
		vpn := channel == "vpn" || (channel == "both" && g.r.IntN(2) == 0)
		if u == victim {
			g.sprayWin(t, ip, victim, vpn, app, ua, session)
		} else if id := g.sprayFail(t, ip, u, vpn, app, ua); i == 0 {
			g.milestone(id, "first failed login of the spray")
		}
		t = t.Add(jittered(g.r, interval, jitter))
	}
	for _, ip := range ips {
		g.ioc("ip", ip.String(), "attacker_ip")
	}
	g.ioc("user", victim.Name, "compromised_user")
	g.user(victim.Name)
}

func containsAddr(list []netip.Addr, ip netip.Addr) bool {
	for _, x := range list {
		if x == ip {
			return true
		}
	}
	return false
}

// sprayTargets lists n accounts to try, the victim placed at 60–90 %.
func sprayTargets(r *rand.Rand, people []*org.User, victim *org.User, n int) []*org.User {
	var others []*org.User
	for _, u := range shuffled(r, people) {
		if u != victim && len(others) < n-1 {
			others = append(others, u)
		}
	}
	at := len(others) * (6 + r.IntN(4)) / 10
	return append(others[:at:at], append([]*org.User{victim}, others[at:]...)...)
}

func (g *gen) sprayFail(t time.Time, ip netip.Addr, u *org.User, vpn bool, app, ua string) string {
	if vpn {
		return g.vpn(t, telemetry.VPN{Action: telemetry.VPNLoginFailed, User: u.Name, SrcIP: ip, Reason: "invalid credentials"})
	}
	return g.emit(t, &telemetry.SSO{IdP: g.o.IdP, User: u.Name, Email: u.Email, App: app, SrcIP: ip, SrcGeo: g.o.Geo(ip),
		UserAgent: ua, Reason: ssoBadPassword, MFAMethod: "none", MFAResult: "not_attempted"})
}

// sprayWin is the attempt that works and what the attacker does with it:
// a VPN session with a few connections inside, or sign-ins to more apps.
func (g *gen) sprayWin(t time.Time, ip netip.Addr, u *org.User, vpn bool, app, ua string, session time.Duration) {
	o := g.o
	if !vpn {
		id := g.emit(t, &telemetry.SSO{IdP: o.IdP, User: u.Name, Email: u.Email, App: app, SrcIP: ip, SrcGeo: g.o.Geo(ip),
			UserAgent: ua, Success: true, MFAMethod: "none", MFAResult: "not_required"})
		g.milestone(id, "successful login as "+u.Name)
		for _, other := range shuffled(g.r, o.SaaSApps)[:2] {
			t = t.Add(between(g.r, session/6, session/3))
			g.emit(t, &telemetry.SSO{IdP: o.IdP, User: u.Name, Email: u.Email, App: other, SrcIP: ip, SrcGeo: g.o.Geo(ip),
				UserAgent: ua, Success: true, MFAMethod: "none", MFAResult: "not_required"})
		}
		return
	}
	assigned := nthAddr(o.VPNPool, 200+g.r.IntN(800))
	v := telemetry.VPN{Gateway: o.VPNGateway, User: u.Name, SrcIP: ip, SrcPort: g.port(), SrcGeo: g.o.Geo(ip), AssignedIP: assigned}
	in, out := v, v
	in.Action = telemetry.VPNLogin
	id := g.vpn(t, in)
	g.milestone(id, "successful VPN login as "+u.Name)
	var up, down int64
	at := t.Add(between(g.r, time.Minute, session/4))
	for _, h := range []*org.Host{pick(g.r, o.FileServers), pick(g.r, o.DCs), pick(g.r, o.FileServers)} {
		port, proto := 445, "smb"
		if h.Role == org.HostDC {
			port, proto = 389, "ldap"
		}
		s, rcv := int64(3000+g.r.IntN(30000)), int64(20000+g.r.IntN(2000000))
		_, _, end := g.tcp(at, tcpConn{src: assigned, dst: h.IP, dport: port, proto: proto, sent: s, recv: rcv, dur: between(g.r, 2*time.Second, 3*time.Minute)})
		up, down = up+s, down+rcv
		at = end.Add(between(g.r, 10*time.Second, session/5))
	}
	out.Action, out.Duration = telemetry.VPNLogout, max(session, at.Sub(t)+time.Minute)
	out.BytesIn, out.BytesOut = up+int64(g.r.IntN(500000)), down+int64(g.r.IntN(2000000))
	id = g.emit(t.Add(out.Duration), &out)
	g.milestone(id, "VPN session ends")
	g.host(o.VPNGateway.Name)
}
