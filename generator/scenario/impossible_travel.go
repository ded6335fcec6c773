package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

// maxSpeed is the fastest a person travels (an airliner), in km/h.
const maxSpeed = 1000

func init() {
	register(&spec{
		info: Info{
			ID: "impossible-travel", Kind: truth.KindAttack,
			Summary:    "one account signs in from its home country, then from a far-away country sooner than anyone could travel there",
			Techniques: []string{"T1078"},
			Datasets:   []string{dsSSO, dsVPN, dsFW},
			Roles:      []string{"attacker_ip", "compromised_user"},
		},
		params: []param{
			pStart("a working hour of the user's weekday"),
			pUser("user", "the account", "a person"),
			pEnum("channel", "where the sign-ins happen", "sso half the time, else vpn or both", "sso", "vpn", "both"),
			pIP("home_ip", "the user's own address", "an internet address in the user's home country", true),
			pCountry("far_country", "where the second sign-in comes from", "a country at least 5000 km from the user's home"),
			pIP("far_ip", "the second sign-in's address", "an internet address located in far_country", true),
			pDur("gap", "time between the two sign-ins (must be shorter than the flight)", "10 to 90 minutes", time.Minute, 48*time.Hour),
		},
		run: impossibleTravel,
	})
}

func impossibleTravel(g *gen) {
	o := g.o
	u := g.userP("user", isHuman, func(r *rand.Rand) *org.User { return pick(r, humans(o)) })
	channel := g.strP("channel", func(r *rand.Rand) string { return pick(r, []string{"sso", "sso", "vpn", "both"}) })
	homeIP := g.ipP("home_ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, u.Home.ISO) })
	far := g.countryP("far_country", func(r *rand.Rand) *org.Country { return farFrom(r, u.Home) })
	farIP := g.ipP("far_ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, far.ISO) })
	gap := g.durP("gap", func(r *rand.Rand) time.Duration { return between(r, 10*time.Minute, 90*time.Minute) })
	home := org.CountryOf(homeIP)
	if home == nil {
		home = u.Home
	}
	farC := org.CountryOf(farIP)
	if farC == nil {
		farC = far
	}
	km := distanceKm(home, farC)
	if flight := time.Duration(km / maxSpeed * float64(time.Hour)); gap >= flight {
		g.fail("gap", "%s is enough to fly the %.0f km from %s to %s (about %s): use a shorter gap or a farther country", gap, km, home.Name, farC.Name, flight.Round(time.Minute))
		return
	}
	t := g.startP(gap+40*time.Minute, workHours(u.TZ))

	vpn, sso := channel != "sso", channel != "vpn"
	browser := pick(g.r, browserUAs)
	first := g.travelSignIn(t, u, homeIP, vpn, sso, browser, pick(g.r, o.SaaSApps))
	g.milestone(first, "sign-in from "+home.Name)
	second := g.travelSignIn(t.Add(gap), u, farIP, vpn, sso, pick(g.r, browserUAs), pick(g.r, o.SaaSApps))
	g.milestone(second, fmt.Sprintf("sign-in from %s %s later", farC.Name, gap.Round(time.Minute)))
	if sso {
		g.emit(t.Add(gap+between(g.r, 3*time.Minute, 30*time.Minute)), &telemetry.SSO{IdP: o.IdP, User: u.Name, Email: u.Email,
			App: pick(g.r, o.SaaSApps), SrcIP: farIP, SrcGeo: g.o.Geo(farIP), UserAgent: browser, Success: true, MFAMethod: "push", MFAResult: "success"})
	}
	if vpn {
		g.host(o.VPNGateway.Name)
	}
	g.ioc("ip", farIP.String(), "attacker_ip")
	g.ioc("user", u.Name, "compromised_user")
	g.user(u.Name)
}

// travelSignIn signs u in from ip on the VPN and/or the SSO; it returns
// the first event's id.
func (g *gen) travelSignIn(t time.Time, u *org.User, ip netip.Addr, vpn, sso bool, ua, app string) string {
	var first string
	if sso {
		first = g.emit(t, &telemetry.SSO{IdP: g.o.IdP, User: u.Name, Email: u.Email, App: app, SrcIP: ip, SrcGeo: g.o.Geo(ip),
			UserAgent: ua, Success: true, MFAMethod: "push", MFAResult: "success"})
	}
	if vpn {
		id := g.vpn(t.Add(ms(g.r, 2000, 40000)), telemetry.VPN{Action: telemetry.VPNLogin, User: u.Name, SrcIP: ip,
			AssignedIP: nthAddr(g.o.VPNPool, 200+g.r.IntN(800))})
		if first == "" {
			first = id
		}
	}
	return first
}

// farFrom draws a country at least 5000 km from home.
func farFrom(r *rand.Rand, home *org.Country) *org.Country {
	var far []*org.Country
	for _, c := range org.Countries {
		if distanceKm(home, c) >= 5000 {
			far = append(far, c)
		}
	}
	return pick(r, far)
}

// distanceKm is the great-circle distance between two countries' cities.
func distanceKm(a, b *org.Country) float64 {
	const earth = 6371.0
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat, dLon := rad(b.Lat-a.Lat), rad(b.Lon-a.Lon)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earth * math.Asin(math.Sqrt(h))
}
