package scenario

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "backup-job", Kind: truth.KindDecoy,
			Summary:  "the backup server uploads tens of gigabytes to the off-site backup provider at night: it looks like exfiltration, and it is the nightly job",
			Datasets: []string{dsDNS, dsFlow, dsProxy},
			Roles:    []string{"backup_provider", "backup_server"},
		},
		params: []param{
			pStart("between midnight and 4 am in the headquarters' time zone"),
			pInt("gigabytes", "how much is uploaded, in GB", "5 to 40", 1, 5000),
			pInt("streams", "how many uploads it is split into", "2 to 6", 1, 100),
			pFloat("rate", "upload speed in MB/s", "40 to 110", 1, 10000),
		},
		run: backupJob,
	})
}

func backupJob(g *gen) {
	o := g.o
	gb := g.intP("gigabytes", func(r *rand.Rand) int { return intIn(r, 5, 40) })
	streams := g.intP("streams", func(r *rand.Rand) int { return intIn(r, 2, 6) })
	rate := g.floatP("rate", func(r *rand.Rand) float64 { return 40 + 70*r.Float64() }) * 1e6
	total := int64(gb) * 1_000_000_000
	span := time.Duration(float64(total)/rate*float64(time.Second)) + time.Duration(streams)*time.Minute + 2*time.Minute
	t := g.startP(span, hoursIn(zone(o.HQ), 0, 4, false))

	provider := o.ServicesOf(org.ServiceBackup)[0]
	ip := pick(g.r, provider.IPs)
	b := o.Backup
	_, done := g.resolveA(t, b.IP, b.Name, provider.Domain, ip, 300)
	t = done.Add(ms(g.r, 5, 40))
	job := randomString(g.r, hexAlphabet, 12)
	for i := range streams {
		size := total / int64(streams)
		if i == streams-1 {
			size = total - size*int64(streams-1)
		}
		_, _, end := g.web(t, webReq{client: b.IP, user: "svc-backup", server: ip, method: "PUT", host: provider.Domain,
			path: provider.Paths[0].Path, query: "job=" + job + "&part=" + strconv.Itoa(i+1), ua: "coldvault-agent/3.4.1",
			status: 201, mime: "application/json", category: provider.Category, body: size, resp: 90, rate: rate})
		t = end.Add(between(g.r, time.Second, 20*time.Second))
	}
	g.ioc("domain", provider.Domain, "backup_provider")
	g.ioc("ip", ip.String(), "backup_provider")
	g.ioc("host", b.Name, "backup_server")
	g.user("svc-backup")
	g.host(b.Name)
}
