package scenario

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"path"
	"strings"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "phishing-download", Kind: truth.KindAttack,
			Summary:    "a link in an email leads a user from webmail to a look-alike domain, which serves an executable, ISO or script; minutes later the workstation starts calling a new domain at a steady pace",
			Techniques: []string{"T1566.002", "T1204.002"},
			Datasets:   []string{dsDNS, dsFlow, dsProxy},
			Roles:      []string{"phishing_domain", "download_url", "phishing_ip", "c2_domain", "c2_ip", "victim_user", "infected_host"},
		},
		params: []param{
			pStart("a working hour of the user's weekday"),
			pUser("user", "the person who clicks", "a person"),
			pStr("domain", "the look-alike domain", "a look-alike of the company's domain or of a well-known service"),
			pCountry("country", "where the servers are located", "a country outside the organisation's offices"),
			pIP("ip", "the look-alike site's address", "an internet address located in country", true),
			pStr("file", "the downloaded file's name (its extension sets the MIME type)", "a business-like name ending in .iso, .exe or .js"),
			pStr("c2_domain", "the domain the dropped program calls", "an invented domain on a cheap top-level domain"),
			pIP("c2_ip", "that domain's address", "an internet address located in country", true),
			pInt("checkins", "how many times the program calls", "10 to 30", 1, 5000),
			pDur("interval", "the check-in period", "1 to 5 minutes", time.Second, 24*time.Hour),
		},
		run: phishingDownload,
	})
}

// downloadTypes maps a file extension to its MIME type and size range.
var downloadTypes = map[string]struct {
	mime     string
	min, max int64
}{
	"exe": {"application/x-msdownload", 300_000, 4_000_000},
	"msi": {"application/x-msi", 1_000_000, 8_000_000},
	"iso": {"application/x-iso9660-image", 1_500_000, 12_000_000},
	"img": {"application/octet-stream", 1_500_000, 12_000_000},
	"js":  {"application/javascript", 8_000, 200_000},
	"zip": {"application/zip", 200_000, 3_000_000},
	"lnk": {"application/octet-stream", 2_000, 6_000},
}

func phishingDownload(g *gen) {
	o := g.o
	u := g.userP("user", isHuman, func(r *rand.Rand) *org.User { return pick(r, humans(o)) })
	domain := g.strP("domain", func(r *rand.Rand) string { return lookAlike(r, o.Domain) })
	country := g.countryP("country", func(r *rand.Rand) *org.Country { return pick(r, hostile()) })
	ip := g.ipP("ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, country.ISO) })
	file := g.strP("file", lureFile)
	c2 := g.strP("c2_domain", rareDomain)
	c2IP := g.ipP("c2_ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, country.ISO) })
	checkins := g.intP("checkins", func(r *rand.Rand) int { return intIn(r, 10, 30) })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return between(r, time.Minute, 5*time.Minute).Round(time.Second) })
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(file)), ".")
	kind, ok := downloadTypes[ext]
	if !ok {
		kind.mime, kind.min, kind.max = "application/octet-stream", 100_000, 2_000_000
	}
	span := time.Duration(float64(checkins)*1.2*float64(interval)) + 15*time.Minute
	t := g.startP(span, workHours(u.TZ))

	ws := u.Workstation
	browser := pick(g.r, browserUAs[:3])
	_, done := g.resolveA(t, ws.IP, ws.Name, domain, ip, 300)
	landing := pick(g.r, []string{"/s/", "/doc/", "/view/", "/share/"}) + randomString(g.r, hexAlphabet, 12)
	mail := "https://outlook.office365.com/mail/inbox/id/AAQk" + randomString(g.r, hexAlphabet, 20)
	click, _, end := g.web(done.Add(ms(g.r, 1, 5)), webReq{client: ws.IP, user: u.Name, server: ip, host: domain, path: landing,
		ua: browser, referrer: mail, mime: "text/html", category: "uncategorized", resp: int64(6000 + g.r.IntN(30000))})
	g.milestone(click, "link clicked in email")
	dl := path.Join(landing, "download", file)
	req := webReq{client: ws.IP, user: u.Name, server: ip, host: domain, path: dl, ua: browser,
		referrer: "https://" + domain + landing, mime: kind.mime, category: "uncategorized", resp: kind.min + g.r.Int64N(kind.max-kind.min)}
	got, _, end := g.web(end.Add(between(g.r, 3*time.Second, 40*time.Second)), req)
	g.milestone(got, "file "+file+" downloaded")

	from := end.Add(between(g.r, time.Minute, 8*time.Minute))
	run := g.beacon(beaconSpec{
		host: ws, user: u.Name, domain: c2, ip: c2IP, scheme: "https", path: checkinPath(g.r), ua: pick(g.r, oddUAs),
		mime: "application/octet-stream", category: "uncategorized", interval: interval, jitter: 0.2, ttl: 300,
		from: from, until: from.Add(time.Duration(checkins-1)*interval + interval/2), resp: int64(40 + g.r.IntN(120)), wobble: 8,
	})
	g.milestone(run.firstReq, "first check-in to "+c2)
	g.ioc("domain", domain, "phishing_domain")
	g.ioc("url", (&telemetry.Proxy{Scheme: "https", Host: domain, Path: dl, Conn: telemetry.Conn{DstPort: 443}}).URL(), "download_url")
	g.ioc("ip", ip.String(), "phishing_ip")
	g.ioc("domain", c2, "c2_domain")
	g.ioc("ip", c2IP.String(), "c2_ip")
	g.ioc("user", u.Name, "victim_user")
	g.ioc("host", ws.Name, "infected_host")
	g.user(u.Name)
	g.host(ws.Name)
}

// lureFile invents a business-like file name.
func lureFile(r *rand.Rand) string {
	return drawClean(r, func(r *rand.Rand) string {
		base := pick(r, []string{"Invoice_%04d", "Payment_Advice_%04d", "Scan_%04d", "Shipping_Documents_%04d", "Salary_Review_%04d", "Purchase_Order_%04d", "Statement_%04d"})
		return fmt.Sprintf(base, r.IntN(10000)) + "." + pick(r, []string{"iso", "iso", "exe", "js"})
	})
}
