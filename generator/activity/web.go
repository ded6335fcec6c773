package activity

import (
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// maxRequests bounds the requests of one visit.
const maxRequests = 8

// webRequest is one HTTP request of a visit, on its own connection,
// decided when the visit starts.
type webRequest struct {
	method string
	res    org.Resource
	query  string
	status int
	req    int64
	resp   int64
	port   int   // the client's port
	start  int64 // the connection's first packet
	at     int64 // the request
	end    int64 // the connection's last packet
}

// webSession is one visit through the proxy: an optional DNS lookup (its
// event and UDP flow), then for each request a TCP connection (its flow)
// and the proxy line on that 5-tuple, one after the other. Sessions are
// pooled per source.
type webSession struct {
	st      *site
	user    string
	ua      string
	host    string // the client's host name, when known
	dnsConn telemetry.Conn
	conn    telemetry.Conn // the client's side; the port changes per request
	lookup  bool
	blocked bool
	tDNS    int64
	rtt     int64
	next    int64 // when the next connection may start
	reqs    [maxRequests]webRequest
	n, step int
	web     *webSource
	// referrer is the first request's URL, the later requests' referrer,
	// once built.
	referrer string
}

// webSource holds what the browsing and updater sources share.
type webSource struct {
	*Source
	all, blocked []*site
	byKind       map[org.ServiceKind][]*site
	free         []*webSession
}

func newWebSource(w *World, name string) *webSource {
	ws := &webSource{Source: newSource(w, name, dsProxy), byKind: map[org.ServiceKind][]*site{}}
	ws.all, ws.blocked = w.sites(ws.r)
	for _, st := range ws.all {
		ws.byKind[st.svc.Kind] = append(ws.byKind[st.svc.Kind], st)
	}
	return ws
}

func (ws *webSource) session() *webSession {
	if n := len(ws.free); n > 0 {
		x := ws.free[n-1]
		ws.free = ws.free[:n-1]
		return x
	}
	return &webSession{web: ws}
}

// open starts a visit from client at t to st; the caller then adds
// requests with add and calls schedule.
func (ws *webSource) open(t int64, client telemetry.Conn, st *site, user, ua, host string, lookup bool) *webSession {
	x := ws.session()
	x.st, x.user, x.ua, x.host, x.lookup = st, user, ua, host, lookup
	x.blocked = st.blocked
	x.n, x.step = 0, 0
	x.referrer = ""
	x.tDNS = t
	x.rtt = ms(int64(1 + ws.r.IntN(30)))
	if lookup {
		x.dnsConn = ws.dnsConn(client.SrcIP)
		t += x.rtt + ms(int64(ws.r.IntN(5)))
	}
	x.conn = client
	x.conn.DstIP = st.ips[ws.r.IntN(len(st.ips))]
	x.next = t
	return x
}

// add appends a request made gap after the previous connection closed.
func (x *webSession) add(method string, res org.Resource, query string, status int, body int64, gap int64) {
	if x.n == maxRequests {
		return
	}
	r := x.web.r
	q := &x.reqs[x.n]
	q.method, q.res, q.query, q.status = method, res, query, status
	q.port = x.web.ephemeral()
	q.start = x.next + gap
	q.at = q.start + ms(30+r.Int64N(120)) // TCP and TLS handshakes
	q.end = q.at + ms(15+r.Int64N(400)) + ms(1+r.Int64N(50))
	q.req = httpRequestMin(method, x.st.domain, res.Path, query, x.ua) + r.Int64N(400)
	if method == "POST" || method == "PUT" {
		q.req += body / 8
	}
	q.resp = x.web.httpResponseMin(status, res.MIME) + body
	x.next = q.end
	x.n++
}

// schedule queues the visit.
func (x *webSession) schedule() {
	if x.lookup {
		x.web.at(x.tDNS, x)
	} else {
		x.step = 2
		x.web.at(x.reqs[0].start, x)
	}
}

// fire emits the visit's steps: 0 the DNS event, 1 its flow, then a flow
// and a proxy line per request.
func (x *webSession) fire(s *Source, now int64, e *event.Event) int {
	ws := x.web
	step := x.step
	x.step++
	switch step {
	case 0:
		d := telemetry.DNS{Resolver: s.w.Org.DNSObs, Conn: x.dnsConn, ClientHost: x.host, ID: uint16(s.r.Uint32()), Name: x.st.domain, QType: "A", Answers: x.st.answers}
		d.Build(e, s.meta(now))
		s.at(now, x)
		return dsDNS
	case 1:
		s.at(x.reqs[0].start, x)
		return s.dnsFlow(e, now, x.dnsConn, x.st.queryBytes, x.st.answerBytes, x.rtt)
	}
	i := (step - 2) / 2
	q := &x.reqs[i]
	c := x.conn
	c.SrcPort = q.port
	if (step-2)%2 == 0 {
		var tally tcpTally
		tally.exchange(q.req, q.resp)
		s.at(q.at, x)
		return s.tcpFlow(e, now, c, "tls", q.end-q.start, &tally, x.st.domain)
	}
	p := telemetry.Proxy{
		Proxy: s.w.Org.ProxyObs, Conn: c, User: x.user, Method: q.method, Scheme: "https",
		Host: x.st.domain, Path: q.res.Path, Query: q.query, Status: q.status, ReqBytes: q.req, RespBytes: q.resp,
		MIME: q.res.MIME, UserAgent: x.ua, Blocked: x.blocked, Category: x.st.category, Duration: time.Duration(q.end - q.at),
	}
	if i > 0 {
		if x.referrer == "" {
			x.referrer = "https://" + x.st.domain + x.reqs[0].res.Path
		}
		p.Referrer = x.referrer
	}
	p.Build(e, s.meta(now))
	if i+1 < x.n {
		s.at(x.reqs[i+1].start, x)
	} else {
		x.st = nil
		ws.free = append(ws.free, x)
	}
	return dsProxy
}

// bodySize draws a response body size typical of a MIME type.
func (ws *webSource) bodySize(mime string) int64 {
	lo, hi := int64(200), int64(4000)
	switch {
	case mime == "text/html":
		lo, hi = 8000, 160000
	case strings.Contains(mime, "javascript"):
		lo, hi = 20000, 300000
	case mime == "text/css", strings.HasPrefix(mime, "font/"):
		lo, hi = 5000, 80000
	case strings.HasPrefix(mime, "image/"):
		lo, hi = 1000, 220000
	case mime == "application/json", strings.Contains(mime, "xml"):
		lo, hi = 200, 9000
	case strings.Contains(mime, "cab"), mime == "application/octet-stream":
		lo, hi = 20000, 900000
	}
	return lo + ws.r.Int64N(hi-lo)
}
