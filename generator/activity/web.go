package activity

import (
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// maxRequests bounds the requests one web session makes on its connection.
const maxRequests = 8

// maxSpread bounds how long after its flow's start a request is made.
const maxSpread = int64(8 * time.Second)

// webRequest is one HTTP request of a session, decided when it starts.
type webRequest struct {
	method string
	res    org.Resource
	query  string
	status int
	req    int64
	resp   int64
	at     int64 // time of the request
	took   int64 // time to the response
}

// webSession is one connection through the proxy: an optional DNS lookup
// (its event and UDP flow), the TCP flow, then one proxy line per request,
// all on the same 5-tuple. Sessions are pooled per source.
type webSession struct {
	st      *site
	dst     int
	user    string
	ua      string
	host    string // the client's host name, when known
	dnsConn telemetry.Conn
	conn    telemetry.Conn
	lookup  bool
	blocked bool
	tDNS    int64
	rtt     int64
	t0, dur int64
	reqs    [maxRequests]webRequest
	n, step int
	web     *webSource
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

// open starts a session from client at t to st; the caller then adds
// requests with add and calls schedule.
func (ws *webSource) open(t int64, client telemetry.Conn, st *site, user, ua, host string, lookup bool) *webSession {
	x := ws.session()
	x.st, x.user, x.ua, x.host, x.lookup = st, user, ua, host, lookup
	x.blocked = st.blocked
	x.dst = ws.r.IntN(len(st.ips))
	x.n, x.step = 0, 0
	x.tDNS = t
	x.rtt = ms(int64(1 + ws.r.IntN(30)))
	if lookup {
		x.dnsConn = ws.dnsConn(client.SrcIP)
		t += x.rtt + ms(int64(ws.r.IntN(5)))
	}
	x.conn = client
	x.conn.DstIP = st.ips[x.dst]
	x.t0 = t
	return x
}

// add appends a request made at offset after the previous one.
func (x *webSession) add(method string, res org.Resource, query string, status int, body int64, gap int64) {
	if x.n == maxRequests {
		return
	}
	r := &x.reqs[x.n]
	prev := x.t0 + ms(40+int64(x.web.r.IntN(120))) // TCP and TLS handshakes
	if x.n > 0 {
		prev = x.reqs[x.n-1].at + x.reqs[x.n-1].took
	}
	r.method, r.res, r.query, r.status = method, res, query, status
	r.at = min(prev+gap, x.t0+maxSpread) // the pcap writer joins a proxy line to a flow of at most pcap.MatchWindow before
	r.took = ms(int64(15 + x.web.r.IntN(400)))
	ua := x.ua
	r.req = httpRequestMin(method, x.st.domain, res.Path, query, ua) + int64(x.web.r.IntN(400))
	if method == "POST" || method == "PUT" {
		r.req += body / 8
	}
	r.resp = httpResponseMin(status, res.MIME) + body
	x.n++
}

// schedule computes the flow's duration and queues the session.
func (x *webSession) schedule() {
	last := &x.reqs[x.n-1]
	x.dur = last.at + last.took - x.t0 + ms(int64(x.web.r.IntN(30000)))
	if x.lookup {
		x.web.at(x.tDNS, x)
	} else {
		x.step = 2
		x.web.at(x.t0, x)
	}
}

func (x *webSession) fire(s *Source, now int64, e *event.Event) int {
	ws := x.web
	step := x.step
	x.step++
	switch {
	case step == 0:
		d := telemetry.DNS{Resolver: s.w.Org.DNSObs, Conn: x.dnsConn, ClientHost: x.host, ID: uint16(s.r.Uint32()), Name: x.st.domain, QType: "A", Answers: x.st.answers}
		d.Build(e, s.meta(now))
		s.at(now, x)
		return dsDNS
	case step == 1:
		s.at(x.t0, x)
		return s.dnsFlow(e, now, x.dnsConn, x.st.domain, "A", x.st.answers, x.rtt)
	case step == 2:
		var tally tcpTally
		for i := 0; i < x.n; i++ {
			tally.exchange(x.reqs[i].req, x.reqs[i].resp)
		}
		s.at(x.reqs[0].at, x)
		return s.tcpFlow(e, now, x.conn, "http", x.dur, &tally, x.st.domain)
	}
	i := step - 3
	r := &x.reqs[i]
	p := telemetry.Proxy{
		Proxy: s.w.Org.ProxyObs, Conn: x.conn, User: x.user, Method: r.method, Scheme: "https",
		Host: x.st.domain, Path: r.res.Path, Query: r.query, Status: r.status, ReqBytes: r.req, RespBytes: r.resp,
		MIME: r.res.MIME, UserAgent: x.ua, Blocked: x.blocked, Category: x.st.category, Duration: time.Duration(r.took),
	}
	if i > 0 {
		p.Referrer = "https://" + x.st.domain + x.reqs[0].res.Path
	}
	p.Build(e, s.meta(now))
	if i+1 < x.n {
		s.at(x.reqs[i+1].at, x)
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
