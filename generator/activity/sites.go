package activity

import (
	"math/rand/v2"
	"net/netip"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// site is an internet service as the web sources use it: its addresses and
// the DNS answers that resolve it, built once.
type site struct {
	svc      *org.Service
	domain   string
	category string
	ips      []netip.Addr
	answers  []telemetry.DNSAnswer
	blocked  bool
	// The IP lengths of the lookup's query and response datagrams.
	queryBytes, answerBytes int64
}

// blockedSites are sites in categories the proxy blocks. Their names are
// invented, under the reserved .example top-level domain.
var blockedSites = []struct{ domain, category string }{
	{"lucky-spins-casino.example", "gambling"},
	{"sportsbook-odds.example", "gambling"},
	{"free-movie-stream.example", "streaming-media-unapproved"},
	{"torrent-index.example", "peer-to-peer"},
	{"hide-my-surf.example", "anonymizers"},
	{"browser-games-arcade.example", "games"},
}

// sites builds the web sources' view of the organisation's internet.
func (w *World) sites(r *rand.Rand) (all []*site, blocked []*site) {
	for _, svc := range w.Org.Services {
		all = append(all, newSite(svc, svc.Domain, svc.Category, svc.IPs))
	}
	for _, b := range blockedSites {
		ips := []netip.Addr{org.RandomInternetIP(r)}
		svc := &org.Service{Domain: b.domain, Kind: org.ServicePopular, Category: b.category, IPs: ips, Paths: []org.Resource{{Path: "/", MIME: "text/html"}}}
		st := newSite(svc, b.domain, b.category, ips)
		st.blocked = true
		blocked = append(blocked, st)
	}
	return all, blocked
}

func newSite(svc *org.Service, domain, category string, ips []netip.Addr) *site {
	st := &site{svc: svc, domain: domain, category: category, ips: ips}
	for _, ip := range ips {
		st.answers = append(st.answers, telemetry.DNSAnswer{Name: domain, Type: "A", Data: ip.String(), TTL: 300})
	}
	st.queryBytes, st.answerBytes = dnsQueryBytes(domain, "A"), dnsAnswerBytes(domain, "A", st.answers)
	return st
}
