package activity

import (
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// Browsing: every person visits web sites through the proxy while at work,
// about browsePerHour connections an hour, fewer at lunch; a few visits hit
// categories the proxy blocks.
const (
	browsePerHour = 40
	browseLunch   = 0.35
	blockedShare  = 0.012
)

// searchTerms are what people search for.
var searchTerms = []string{"quarterly+report+template", "weather", "excel+vlookup", "flight+status", "python+list+comprehension", "expense+policy", "conference+room+booking", "train+times", "pdf+to+word", "time+zone+converter"}

// NewBrowsing returns the source of people's web browsing (soclab.proxy,
// with the zeek.dns lookups and zeek.connection connections behind it).
func NewBrowsing(w *World) *Source {
	ws := newWebSource(w, "browsing")
	for _, p := range w.people {
		b := &browser{web: ws}
		b.clk.start(ws.Source, p)
		if t, ok := b.clk.next(ws.Source, browsePerHour, browseLunch); ok {
			ws.at(t, b)
		}
	}
	return ws.Source
}

// browser is one person's browsing actor.
type browser struct {
	web *webSource
	clk workClock
}

func (b *browser) fire(s *Source, now int64, _ *event.Event) int {
	b.visit(now)
	if t, ok := b.clk.next(s, browsePerHour, browseLunch); ok {
		s.at(t, b)
	}
	return dsNone
}

func (b *browser) visit(now int64) {
	ws, r, p := b.web, b.web.r, b.clk.p
	var st *site
	k := r.Float64()
	switch {
	case k < blockedShare:
		st = ws.blocked[r.IntN(len(ws.blocked))]
	case k < 0.45:
		st = pick(r, ws.byKind[org.ServicePopular])
	case k < 0.70:
		st = pick(r, ws.byKind[org.ServiceCDN])
	default:
		st = pick(r, ws.byKind[org.ServiceSaaS])
	}
	c := telemetry.Conn{SrcIP: b.clk.pl.ip, SrcPort: ws.ephemeral(), DstPort: 443, Transport: "tcp"}
	x := ws.open(now, c, st, p.u.Name, p.ua, p.ws.Name, st.blocked || r.Float64() < 0.5)
	switch {
	case st.blocked:
		x.add("GET", org.Resource{Path: "/", MIME: "text/html"}, "", 403, 1500+r.Int64N(2500), 0)
	case st.svc.Kind == org.ServiceSaaS:
		for n := 1 + r.IntN(6); n > 0; n-- {
			res := st.svc.Paths[r.IntN(len(st.svc.Paths))]
			method := "GET"
			if res.MIME == "application/json" && r.IntN(3) == 0 {
				method = "POST"
			}
			x.add(method, res, "", 200, ws.bodySize(res.MIME), ms(r.Int64N(3000)))
		}
	default:
		first := st.svc.Paths[0]
		query := ""
		if strings.HasSuffix(first.Path, "search") {
			query = "q=" + searchTerms[r.IntN(len(searchTerms))]
		}
		x.add("GET", first, query, 200, ws.bodySize(first.MIME), 0)
		for n := r.IntN(5); n > 0; n-- {
			res := st.svc.Paths[r.IntN(len(st.svc.Paths))]
			status, body := 200, ws.bodySize(res.MIME)
			switch v := r.IntN(100); {
			case v < 10:
				status, body = 304, 0
			case v < 12:
				status, body = 404, 300+r.Int64N(900)
			}
			x.add("GET", res, "", status, body, ms(20+r.Int64N(1500)))
		}
	}
	x.schedule()
}

func pick[T any](r interface{ IntN(int) int }, xs []T) T { return xs[r.IntN(len(xs))] }

// updaterSpec is a software updater that every workstation (or those with
// the software) polls.
type updaterSpec struct {
	domain string
	ua     string
	every  time.Duration
	jitter float64
	share  float64 // share of workstations that run it
}

var updaters = []updaterSpec{
	{"definitions.avshield-updates.com", "AVShield-Updater/5.2.1871", 30 * time.Minute, 0.04, 1},
	{"update.microsoft.com", "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50", 3 * time.Hour, 0.25, 1},
	{"dl.google.com", "Google Update/1.3.36.372;winhttp;cup-ecdsa", 5 * time.Hour, 0.2, 0.7},
	{"download.mozilla.org", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0", 6 * time.Hour, 0.2, 0.3},
	{"swcdn.apple.com", "softwareupdated/9.0 (Macintosh; macOS 15.3)", 6 * time.Hour, 0.3, 0.05},
}

// NewUpdaters returns the source of software updaters polling their update
// servers from every workstation, around the clock.
func NewUpdaters(w *World) *Source {
	ws := newWebSource(w, "updaters")
	for _, p := range w.people {
		for i := range updaters {
			spec := &updaters[i]
			st := ws.siteByDomain(spec.domain)
			if st == nil || ws.r.Float64() >= spec.share {
				continue
			}
			u := &updater{web: ws, spec: spec, st: st, host: p.ws}
			u.tm = timer{period: spec.every, jitter: spec.jitter}
			ws.at(u.tm.first(ws.Source), u)
		}
	}
	return ws.Source
}

func (ws *webSource) siteByDomain(d string) *site {
	for _, st := range ws.all {
		if st.domain == d {
			return st
		}
	}
	return nil
}

// updater is one workstation's poller of one update server.
type updater struct {
	web  *webSource
	spec *updaterSpec
	st   *site
	host *org.Host
	tm   timer
}

func (u *updater) fire(s *Source, now int64, _ *event.Event) int {
	ws, r := u.web, u.web.r
	c := telemetry.Conn{SrcIP: u.host.IP, SrcPort: ws.ephemeral(), DstPort: 443, Transport: "tcp"}
	x := ws.open(now, c, u.st, "", u.spec.ua, u.host.Name, r.Float64() < 0.3)
	res := u.st.svc.Paths[0]
	status, body := 200, ws.bodySize(res.MIME)
	if r.IntN(4) == 0 {
		status, body = 304, 0
	}
	x.add("GET", res, "", status, body, 0)
	if len(u.st.svc.Paths) > 1 && r.IntN(30) == 0 { // an update to download
		big := u.st.svc.Paths[1]
		x.add("GET", big, "", 200, 200000+r.Int64N(4000000), ms(50+r.Int64N(500)))
	}
	x.schedule()
	s.at(u.tm.next(s), u)
	return dsNone
}
