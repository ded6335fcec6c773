package scenario

import (
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "c2-beacon", Kind: truth.KindAttack,
			Summary:    "an implant on a workstation calls a rarely seen domain at a steady interval with jitter: DNS lookups when the answer expires, then small HTTPS requests of steady size through the proxy with a fixed, dated user agent",
			Techniques: []string{"T1071.001", "T1573"},
			Datasets:   []string{dsDNS, dsFlow, dsProxy},
			Roles:      []string{"c2_domain", "c2_ip", "infected_host", "c2_user_agent"},
		},
		params: []param{
			pStart("a working hour of the workstation owner's weekday"),
			pHost("host", "the infected workstation", "a workstation"),
			pStr("domain", "the domain the implant calls", "an invented domain on a cheap top-level domain"),
			pCountry("country", "where the server is located", "a country outside the organisation's offices"),
			pIP("c2_ip", "the server's address", "an internet address located in country", true),
			pDur("interval", "the check-in period", "45 s to 5 min", time.Second, 24*time.Hour),
			pFloat("jitter", "how much each period varies, as a fraction of it", "0.1 to 0.3", 0, 0.9),
			pDur("duration", "how long the implant runs", "2 h to 6 h (at most three quarters of the window)", time.Minute, 7*24*time.Hour),
			pEnum("scheme", "the protocol of the check-ins", "https 7 times in 10", "https", "http"),
			pStr("user_agent", "the implant's fixed user agent", "a dated browser or library agent"),
			pStr("path", "the check-in path", "an API-like path"),
			pInt("ttl", "seconds the DNS answer is cached", "300", 1, 86400),
		},
		run: c2Beacon,
	})
}

func c2Beacon(g *gen) {
	o := g.o
	host := g.hostP("host", isWorkstation, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	domain := g.strP("domain", rareDomain)
	country := g.countryP("country", func(r *rand.Rand) *org.Country { return pick(r, hostile()) })
	ip := g.ipP("c2_ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, country.ISO) })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return between(r, 45*time.Second, 5*time.Minute).Round(time.Second) })
	jitter := g.floatP("jitter", func(r *rand.Rand) float64 { return 0.1 + 0.2*r.Float64() })
	duration := g.durP("duration", func(r *rand.Rand) time.Duration { return g.fitDur(between(r, 2*time.Hour, 6*time.Hour)) })
	scheme := g.strP("scheme", func(r *rand.Rand) string { return map[bool]string{true: "https", false: "http"}[r.IntN(10) < 7] })
	ua := g.strP("user_agent", func(r *rand.Rand) string { return pick(r, oddUAs) })
	path := g.strP("path", checkinPath)
	ttl := g.intP("ttl", func(*rand.Rand) int { return 300 })
	if duration/interval > 20000 {
		g.fail("interval", "%s over %s makes more than 20000 check-ins: lengthen the interval", interval, duration)
		return
	}
	start := g.startP(duration+2*time.Minute, workHours(tzOf(o, host)))

	run := g.beacon(beaconSpec{
		host: host, user: ownerName(host), domain: domain, ip: ip, scheme: scheme, path: path,
		query: "id=" + randomString(g.r, hexAlphabet, 8), ua: ua, mime: pick(g.r, []string{"application/json", "text/html", "application/octet-stream"}),
		category: "uncategorized", interval: interval, jitter: jitter, ttl: ttl,
		from: start, until: start.Add(duration), resp: int64(40 + g.r.IntN(200)), wobble: 6,
	})
	if scheme == "https" {
		g.showTechniques("T1071.001", "T1573")
	} else {
		g.showTechniques("T1071.001") // plain http: no encrypted channel
	}
	g.milestone(run.firstDNS, "first lookup of "+domain)
	g.milestone(run.firstReq, "first check-in")
	g.milestone(run.lastReq, "last check-in")
	g.ioc("domain", domain, "c2_domain")
	g.ioc("ip", ip.String(), "c2_ip")
	g.ioc("host", host.Name, "infected_host")
	g.ioc("user_agent", ua, "c2_user_agent")
	g.host(host.Name)
	g.user(ownerName(host))
}

// checkinPath invents an API-like path.
func checkinPath(r *rand.Rand) string {
	return drawClean(r, func(r *rand.Rand) string {
		return pick(r, []string{"/api/v1/", "/api/v2/", "/cdn/", "/static/", "/v3/"}) +
			pick(r, []string{"status", "poll", "config", "sync", "metrics", "health", "updates", "session"}) +
			pick(r, []string{"", ".php", ".js", ".json", "/check"})
	})
}
