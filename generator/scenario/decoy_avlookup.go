package scenario

import (
	"math/rand/v2"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "av-reputation-lookups", Kind: truth.KindDecoy,
			Summary:  "a user unpacks an archive and the antivirus agent asks its vendor about every new file by DNS: dozens of lookups of long hashed names under one domain within minutes, answered with 127.0.0.x codes: it looks like a DNS tunnel, and it is the antivirus",
			Datasets: []string{dsDNS, dsFlow},
			Roles:    []string{"reputation_domain", "scanning_host"},
		},
		params: []param{
			pStart("a working hour of the workstation owner's weekday"),
			pHost("host", "the workstation whose agent looks the files up", "a workstation"),
			pStr("domain", "the vendor's lookup domain", "lookup.avshield-updates.com (the antivirus vendor the organisation uses)"),
			pInt("files", "how many files are looked up", "30 to 90", 1, 5000),
			pDur("interval", "mean time between lookups", "0.3 s to 3 s", time.Millisecond, time.Minute),
		},
		run: avReputationLookups,
	})
}

// avReputationLookups is an antivirus cloud lookup: the agent writes each
// file's SHA-1 into a name under the vendor's domain, and the vendor's
// name server answers with a loopback address whose last byte is the
// verdict (1 clean, 2 unknown). Real products (Sophos SXL, McAfee GTI,
// ESET LiveGrid) work this way because DNS passes every firewall and is
// cached; to a tunnelling rule it is twenty long random names in minutes.
func avReputationLookups(g *gen) {
	o := g.o
	host := g.hostP("host", isWorkstation, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	domain := g.strP("domain", func(*rand.Rand) string { return "lookup.avshield-updates.com" })
	files := g.intP("files", func(r *rand.Rand) int { return intIn(r, 30, 90) })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return ms(r, 300, 3000) })
	span := time.Duration(files)*interval*2 + time.Minute
	t := g.startP(span, workHours(tzOf(o, host)))
	for range files {
		name := randomString(g.r, hexAlphabet, 40) + ".v3.f." + domain
		verdict := pick(g.r, []string{"127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.2"})
		g.lookup(t, dnsQuery{client: host.IP, host: host.Name, name: name,
			answers: []telemetry.DNSAnswer{{Name: name, Type: "A", Data: verdict, TTL: 3600}}, rtt: ms(g.r, 15, 90)})
		t = t.Add(jittered(g.r, interval, 0.6))
	}
	reg, _, _ := telemetry.SplitDomain(domain + ".")
	if reg == "" {
		reg = domain
	}
	g.ioc("domain", reg, "reputation_domain")
	g.ioc("host", host.Name, "scanning_host")
	g.host(host.Name)
}
