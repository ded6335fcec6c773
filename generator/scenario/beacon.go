package scenario

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
)

// beaconSpec is a program on a workstation that calls home at a steady
// pace: c2-beacon, phishing-download's implant and updater-beacon share it.
type beaconSpec struct {
	host        *org.Host
	user        string
	domain      string
	ip          netip.Addr
	scheme      string
	method      string
	path, query string
	ua          string
	mime        string
	category    string
	interval    time.Duration
	jitter      float64
	ttl         int // seconds the DNS answer is cached
	from, until time.Time
	body, resp  int64 // steady request and response body sizes
	wobble      int64 // how many bytes the response varies by
}

// beaconRun is what a beacon emitted.
type beaconRun struct {
	firstDNS, firstReq, lastReq string
	requests                    int
}

// beacon emits check-ins from b.from until b.until: a DNS lookup whenever
// the cached answer has expired, then a request through the proxy.
func (g *gen) beacon(b beaconSpec) beaconRun {
	var run beaconRun
	var expires time.Time
	for t := b.from; t.Before(b.until); t = t.Add(jittered(g.r, b.interval, b.jitter)) {
		at := t
		if !t.Before(expires) {
			id, done := g.resolveA(t, b.host.IP, b.host.Name, b.domain, b.ip, b.ttl)
			if run.firstDNS == "" {
				run.firstDNS = id
			}
			expires = t.Add(time.Duration(b.ttl) * time.Second)
			at = done.Add(ms(g.r, 1, 5))
		}
		id, _, _ := g.web(at, webReq{
			client: b.host.IP, user: b.user, server: b.ip, scheme: b.scheme, method: b.method,
			host: b.domain, path: b.path, query: b.query, ua: b.ua, mime: b.mime, category: b.category,
			body: b.body, resp: b.resp + g.r.Int64N(b.wobble+1),
		})
		if run.firstReq == "" {
			run.firstReq = id
		}
		run.lastReq = id
		run.requests++
	}
	return run
}
