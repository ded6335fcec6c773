package scenario

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "dns-tunnel", Kind: truth.KindAttack,
			Summary:    "one host sends data out in DNS: hundreds of TXT queries for long, high-entropy subdomains (base32 or hex) of one domain, answered with encoded records",
			Techniques: []string{"T1071.004", "T1048.003"},
			Datasets:   []string{dsDNS, dsFlow},
			Roles:      []string{"tunnel_domain", "infected_host"},
		},
		params: []param{
			pStart("any time of the window"),
			pHost("host", "the host that tunnels", "a workstation"),
			pStr("domain", "the domain whose name server receives the data", "an invented second-level domain on a cheap top-level domain"),
			pInt("queries", "how many queries are sent", "300 to 1200", 10, 20000),
			pDur("interval", "mean time between queries", "0.5 s to 3 s", 10*time.Millisecond, 10*time.Minute),
			pFloat("jitter", "how much each interval varies, as a fraction of it", "0.5", 0, 1),
			pEnum("qtype", "the query type", "TXT", "TXT", "CNAME", "A"),
			pEnum("encoding", "how data is written into names", "base32 or hex, at random", "base32", "hex"),
			pInt("length", "characters of encoded data per query (split into labels of up to 63)", "50 to 120", 16, 200),
		},
		run: dnsTunnel,
	})
}

func dnsTunnel(g *gen) {
	o := g.o
	host := g.hostP("host", nil, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	domain := g.strP("domain", apexDomain)
	queries := g.intP("queries", func(r *rand.Rand) int { return intIn(r, 300, 1200) })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return ms(r, 500, 3000) })
	jitter := g.floatP("jitter", func(*rand.Rand) float64 { return 0.5 })
	qtype := g.strP("qtype", func(*rand.Rand) string { return "TXT" })
	alphabet := map[string]string{"base32": base32Alphabet, "hex": hexAlphabet}[g.strP("encoding", func(r *rand.Rand) string { return pick(r, []string{"base32", "hex"}) })]
	length := g.intP("length", func(r *rand.Rand) int { return intIn(r, 50, 120) })
	span := time.Duration(float64(queries)*float64(interval)*(1+jitter)) + time.Minute
	t := g.startP(span, anyTime)

	var first, last string
	for i := range queries {
		name := tunnelName(g.r, alphabet, i, length, domain)
		id, _ := g.lookup(t, dnsQuery{client: host.IP, host: host.Name, name: name, qtype: qtype,
			answers: []telemetry.DNSAnswer{tunnelAnswer(g.r, name, qtype, domain)}, rtt: ms(g.r, 30, 180)})
		if first == "" {
			first = id
		}
		last = id
		t = t.Add(jittered(g.r, interval, jitter))
	}
	g.milestone(first, "first encoded query to "+domain)
	g.milestone(last, "last encoded query")
	g.ioc("domain", domain, "tunnel_domain")
	g.ioc("host", host.Name, "infected_host")
	g.host(host.Name)
}

// tunnelName writes a sequence number and n characters of data as labels
// of up to 63 characters under domain.
func tunnelName(r *rand.Rand, alphabet string, seq, n int, domain string) string {
	data := drawClean(r, func(r *rand.Rand) string { return randomString(r, alphabet, n) })
	head := fmt.Sprintf("%04x", seq&0xffff)
	k := min(len(data), 63-len(head))
	labels := []string{head + data[:k]}
	for data = data[k:]; len(data) > 0; data = data[k:] {
		k = min(len(data), 63)
		labels = append(labels, data[:k])
	}
	return strings.Join(labels, ".") + "." + domain
}

// tunnelAnswer is the name server's reply: encoded data, never cached.
func tunnelAnswer(r *rand.Rand, name, qtype, domain string) telemetry.DNSAnswer {
	a := telemetry.DNSAnswer{Name: name, Type: qtype, TTL: 0}
	switch qtype {
	case "TXT":
		a.Data = drawClean(r, func(r *rand.Rand) string { return randomString(r, base32Alphabet, 16+r.IntN(180)) })
	case "CNAME":
		a.Data = drawClean(r, func(r *rand.Rand) string { return randomString(r, base32Alphabet, 20+r.IntN(40)) }) + "." + domain
	default:
		a.Data = org.RandomInternetIP(r).String()
	}
	return a
}
