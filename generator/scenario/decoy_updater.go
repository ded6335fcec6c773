package scenario

import (
	"math/rand/v2"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "updater-beacon", Kind: truth.KindDecoy,
			Summary:  "a workstation's software updater polls its vendor at a steady interval with small steady responses: it looks like a beacon, and it is an updater",
			Datasets: []string{dsDNS, dsFlow, dsProxy},
			Roles:    []string{"updater_domain", "updater_host"},
		},
		params: []param{
			pStart("a working hour of the workstation owner's weekday"),
			pHost("host", "the polling workstation", "a workstation"),
			pStr("domain", "the updater's domain (one of the organisation's updater services)", "one of the updater services"),
			pDur("interval", "the polling period", "5 to 20 minutes", time.Minute, 24*time.Hour),
			pFloat("jitter", "how much each period varies, as a fraction of it", "0.05", 0, 0.9),
			pDur("duration", "how long it polls", "4 h to 9 h (at most three quarters of the window)", 10*time.Minute, 7*24*time.Hour),
		},
		run: updaterBeacon,
	})
}

// updaterUAs are the agents of the updater services.
var updaterUAs = map[string]string{
	"update.microsoft.com":             "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50",
	"dl.google.com":                    "Google Update/1.3.36.372;winhttp",
	"swcdn.apple.com":                  "softwareupdated (unknown version) CFNetwork/1410.0.3 Darwin/22.6.0",
	"download.mozilla.org":             "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0",
	"definitions.avshield-updates.com": "AVShield-Updater/4.2.1",
}

func updaterBeacon(g *gen) {
	o := g.o
	host := g.hostP("host", isWorkstation, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	updaters := o.ServicesOf(org.ServiceUpdater)
	var domains []string
	for _, s := range updaters {
		domains = append(domains, s.Domain)
	}
	domain := g.strP("domain", func(r *rand.Rand) string { return pick(r, domains) })
	var svc *org.Service
	for _, s := range updaters {
		if s.Domain == domain {
			svc = s
		}
	}
	if svc == nil {
		g.fail("domain", "%q is not an updater service%s", domain, didYouMean(domain, domains))
		return
	}
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return between(r, 5*time.Minute, 20*time.Minute).Round(time.Minute) })
	jitter := g.floatP("jitter", func(*rand.Rand) float64 { return 0.05 })
	duration := g.durP("duration", func(r *rand.Rand) time.Duration { return g.fitDur(between(r, 4*time.Hour, 9*time.Hour)) })
	if duration/interval > 20000 {
		g.fail("interval", "%s over %s makes more than 20000 polls: lengthen the interval", interval, duration)
		return
	}
	start := g.startP(duration+2*time.Minute, workHours(tzOf(o, host)))
	ua, ok := updaterUAs[domain]
	if !ok {
		ua = "WinHTTP/1.0"
	}
	res := svc.Paths[0]
	g.beacon(beaconSpec{
		host: host, user: ownerName(host), domain: domain, ip: pick(g.r, svc.IPs), scheme: "https", path: res.Path,
		ua: ua, mime: res.MIME, category: svc.Category, interval: interval, jitter: jitter, ttl: 3600,
		from: start, until: start.Add(duration), resp: int64(300 + g.r.IntN(2000)), wobble: 16,
	})
	g.ioc("domain", domain, "updater_domain")
	g.ioc("host", host.Name, "updater_host")
	g.host(host.Name)
}
