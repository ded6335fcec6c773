package scenario

import (
	"math/rand/v2"
	"net/netip"
	"strconv"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "data-exfil", Kind: truth.KindAttack,
			Summary:    "large uploads from one host to a rarely seen file-sharing look-alike (or a bare address) at night: a DNS lookup, then PUT/POST requests of hundreds of megabytes with matching outbound flows",
			Techniques: []string{"T1041", "T1567.002"},
			Datasets:   []string{dsDNS, dsFlow, dsProxy},
			Roles:      []string{"exfil_domain", "exfil_ip", "source_host"},
		},
		params: []param{
			pStart("between midnight and 5 am in the host owner's time zone"),
			pHost("host", "the host the data leaves from", "a workstation"),
			pEnum("mode", "where the data goes", "cloud 7 times in 10", "cloud", "ip"),
			pStr("domain", "the upload domain (cloud mode)", "an invented file-sharing look-alike"),
			pCountry("country", "where the destination is located", "any country"),
			pIP("dest_ip", "the destination address", "an internet address located in country", true),
			pInt("megabytes", "how much data leaves, in MB", "200 to 2000", 1, 200000),
			pInt("chunks", "how many uploads it is split into", "3 to 12", 1, 500),
			pEnum("method", "the HTTP method of the uploads", "PUT or POST", "PUT", "POST"),
			pFloat("rate", "upload speed in MB/s", "2 to 8", 0.1, 1000),
		},
		run: dataExfil,
	})
}

func dataExfil(g *gen) {
	o := g.o
	host := g.hostP("host", nil, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	mode := g.strP("mode", func(r *rand.Rand) string { return map[bool]string{true: "cloud", false: "ip"}[r.IntN(10) < 7] })
	domain := g.strP("domain", storageDomain)
	country := g.countryP("country", func(r *rand.Rand) *org.Country { return pick(r, org.Countries) })
	ip := g.ipP("dest_ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, country.ISO) })
	mb := g.intP("megabytes", func(r *rand.Rand) int { return intIn(r, 200, 2000) })
	chunks := min(g.intP("chunks", func(r *rand.Rand) int { return intIn(r, 3, 12) }), mb)
	method := g.strP("method", func(r *rand.Rand) string { return pick(r, []string{"PUT", "POST"}) })
	rate := g.floatP("rate", func(r *rand.Rand) float64 { return 2 + 6*r.Float64() }) * 1e6
	total := int64(mb) * 1_000_000
	span := time.Duration(float64(total)/rate*float64(time.Second)) + time.Duration(chunks)*time.Minute + 2*time.Minute
	t := g.startP(span, nightHours(tzOf(o, host)))

	hostName := domain
	if mode == "ip" {
		hostName = ip.String()
	} else {
		id, done := g.resolveA(t, host.IP, host.Name, domain, ip, 60)
		g.milestone(id, "lookup of "+domain)
		g.ioc("domain", domain, "exfil_domain")
		t = done.Add(ms(g.r, 5, 50))
	}
	object := randomString(g.r, hexAlphabet, 24)
	ua := pick(g.r, []string{"rclone/v1.66.0", "curl/8.5.0", browserUAs[0]})
	for i := range chunks {
		size := total / int64(chunks)
		if i == chunks-1 {
			size = total - size*int64(chunks-1)
		}
		id, _, end := g.web(t, webReq{client: host.IP, user: ownerName(host), server: ip, method: method, host: hostName,
			path: "/upload/" + object, query: "part=" + strconv.Itoa(i+1), ua: ua, status: 201, mime: "application/json",
			category: "uncategorized", body: size, resp: int64(60 + g.r.IntN(120)), rate: rate * (0.8 + 0.4*g.r.Float64())})
		switch i {
		case 0:
			g.milestone(id, "first upload starts")
		case chunks - 1:
			g.milestone(id, "last upload starts")
		}
		t = end.Add(between(g.r, 2*time.Second, 45*time.Second))
	}
	if mode == "ip" {
		g.showTechniques("T1041") // to a bare address, not a storage service
	} else {
		g.showTechniques("T1567.002")
	}
	g.ioc("ip", ip.String(), "exfil_ip")
	g.ioc("host", host.Name, "source_host")
	g.host(host.Name)
	g.user(ownerName(host))
}
