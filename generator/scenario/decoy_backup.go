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
			ID: "backup-job", Kind: truth.KindDecoy,
			Summary:  "the backup server uploads gigabytes to the off-site backup provider at night: it looks like exfiltration, and it is the nightly job",
			Datasets: []string{dsDNS, dsFlow, dsFW},
			Roles:    []string{"backup_provider", "backup_server"},
		},
		params: []param{
			pStart("between midnight and 4 am in the headquarters' time zone"),
			pInt("gigabytes", "how much is uploaded, in GB", "2 to 10", 1, 5000),
			pInt("streams", "how many connections it is split into", "2 to 6", 1, 100),
			pFloat("rate", "upload speed in MB/s", "40 to 110", 1, 10000),
		},
		run: backupJob,
	})
}

func backupJob(g *gen) {
	o := g.o
	gb := g.intP("gigabytes", func(r *rand.Rand) int { return intIn(r, 2, 10) })
	streams := g.intP("streams", func(r *rand.Rand) int { return intIn(r, 2, 6) })
	rate := g.floatP("rate", func(r *rand.Rand) float64 { return 40 + 70*r.Float64() }) * 1e6
	total := int64(gb) * 1_000_000_000
	span := time.Duration(float64(total)/rate*float64(time.Second)) + time.Duration(streams)*time.Minute + 2*time.Minute
	t := g.startP(span, hoursIn(zone(o.HQ), 0, 4, false))

	provider := o.ServicesOf(org.ServiceBackup)[0]
	b := o.Backup
	answers := make([]telemetry.DNSAnswer, len(provider.IPs))
	for i, ip := range provider.IPs {
		answers[i] = telemetry.DNSAnswer{Name: provider.Domain, Type: "A", Data: ip.String(), TTL: 60}
	}
	_, done := g.lookup(t, dnsQuery{client: b.IP, host: b.Name, name: provider.Domain, answers: answers})
	t = done.Add(ms(g.r, 5, 40))
	ip := pick(g.r, provider.IPs)
	for i := range streams {
		size := total / int64(streams)
		if i == streams-1 {
			size = total - size*int64(streams-1)
		}
		dur := time.Duration(float64(size) / rate * float64(time.Second))
		_, conn, end := g.tcp(t, tcpConn{src: b.IP, dst: ip, dport: 443, proto: "tls", sent: size, recv: 20000 + g.r.Int64N(20000),
			dur: dur, domain: provider.Domain})
		g.firewall(t, conn, true, "allow-backup-egress")
		t = end.Add(between(g.r, 2*time.Second, 12*time.Second))
	}
	g.ioc("domain", provider.Domain, "backup_provider")
	g.ioc("ip", ip.String(), "backup_provider")
	g.ioc("host", b.Name, "backup_server")
	g.host(b.Name)
}
