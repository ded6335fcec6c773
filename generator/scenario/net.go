package scenario

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// The network helpers every scenario shares. They keep the pcap contract:
//
//   - a flow's @timestamp is its first packet and event.end its last;
//     source.* and destination.* count the IP packets and bytes (20 bytes
//     of IPv4, 20 of TCP or 8 of UDP, and the payload) each side sends;
//   - an established TCP flow has at least 4 client packets (SYN, ACK, FIN,
//     ACK) and 2 server packets (SYN-ACK, FIN-ACK) besides its data
//     segments and ACKs; a rejected one is a SYN and a RST-ACK; a no_reply
//     one is 1–3 SYNs and nothing back;
//   - a DNS query is a zeek.dns event and a UDP flow with the same
//     5-tuple and @timestamp, one datagram each way, sized exactly by the
//     pcap package;
//   - a web request is a TCP flow and a soclab.proxy event on its 5-tuple,
//     logged once the handshake is done and before the flow ends, with
//     enough client bytes for the request head (and TLS) and server bytes
//     for the response head.

// State names of soclab.flow.state.
const (
	established = "established"
	rejected    = "rejected"
	noReply     = "no_reply"
)

// port draws a client's ephemeral port (49152–65535).
func (g *gen) port() int { return 49152 + g.r.IntN(16384) }

// direction tells how a connection crosses the perimeter.
func direction(src, dst netip.Addr) string {
	return telemetry.Direction(org.IsInternal(src), org.IsInternal(dst))
}

// tcpConn describes one TCP connection for tcp.
type tcpConn struct {
	src, dst     netip.Addr
	sport, dport int    // sport 0: an ephemeral port is drawn
	proto        string // application protocol, e.g. "ssh", "smb"
	state        string // "" means established
	sent, recv   int64  // payload bytes from the client and from the server
	dur          time.Duration
	syns         int    // SYNs of a no_reply flow (1–3; 0 means 1)
	domain       string // destination.domain, as the sensor learnt it from DNS
}

// tcp emits the flow of c starting at t and returns its id, 5-tuple and
// last packet's time.
func (g *gen) tcp(t time.Time, c tcpConn) (string, telemetry.Conn, time.Time) {
	if c.sport == 0 {
		c.sport = g.port()
	}
	conn := telemetry.Conn{SrcIP: c.src, SrcPort: c.sport, DstIP: c.dst, DstPort: c.dport, Transport: "tcp"}
	f := &telemetry.Flow{
		Sensor: g.o.Sensor, Conn: conn, Protocol: c.proto, Direction: direction(c.src, c.dst),
		State: c.state, SrcGeo: g.o.Geo(c.src), DstGeo: g.o.Geo(c.dst), DstDomain: c.domain,
	}
	switch c.state {
	case rejected:
		f.SrcPackets, f.SrcBytes, f.DstPackets, f.DstBytes = 1, tcpHeader, 1, tcpHeader
		f.TCPFlags, f.Duration = "SAR", max(c.dur, time.Millisecond)
	case noReply:
		n := int64(max(1, min(c.syns, 3)))
		f.SrcPackets, f.SrcBytes, f.TCPFlags = n, n*tcpHeader, "S"
		f.Duration = time.Duration(n-1)*time.Second + time.Millisecond // retransmits after 1 s, 2 s
		if n == 3 {
			f.Duration += time.Second
		}
	default:
		f.State = established
		ds, dr := segments(c.sent), segments(c.recv)
		f.SrcPackets = 4 + ds + dr/2
		f.DstPackets = 2 + dr + ds/2
		f.SrcBytes = f.SrcPackets*tcpHeader + c.sent
		f.DstBytes = f.DstPackets*tcpHeader + c.recv
		f.TCPFlags = "SAF"
		if c.sent > 0 || c.recv > 0 {
			f.TCPFlags = "SAFP"
		}
		f.Duration = max(c.dur, 3*time.Millisecond)
	}
	f.Duration = f.Duration.Truncate(time.Millisecond)
	id := g.emit(t, f)
	return id, conn, t.Truncate(time.Millisecond).Add(f.Duration)
}

// dnsQuery describes one lookup for lookup.
type dnsQuery struct {
	client  netip.Addr
	host    string // the client's host name
	name    string
	qtype   string // "" means "A"
	rcode   string // "" means "NOERROR"
	answers []telemetry.DNSAnswer
	rtt     time.Duration // 0: drawn (1–40 ms)
}

// lookup emits a DNS query to the internal resolver: the zeek.dns event
// and its UDP flow, at the same time on the same 5-tuple. It returns the
// dns event's id and the time the answer arrived.
func (g *gen) lookup(t time.Time, q dnsQuery) (string, time.Time) {
	if q.qtype == "" {
		q.qtype = "A"
	}
	if q.rtt == 0 {
		q.rtt = ms(g.r, 1, 40)
	}
	conn := telemetry.Conn{SrcIP: q.client, SrcPort: g.port(), DstIP: g.o.Resolver.IP, DstPort: 53, Transport: "udp"}
	id := g.emit(t, &telemetry.DNS{
		Resolver: g.o.DNSObs, Conn: conn, ClientHost: q.host, ID: uint16(g.r.IntN(65536)),
		Name: q.name, QType: q.qtype, RCode: q.rcode, Answers: q.answers,
	})
	g.emit(t, &telemetry.Flow{
		Sensor: g.o.Sensor, Conn: conn, Protocol: "dns", Direction: direction(q.client, conn.DstIP),
		Duration: q.rtt, State: established,
		SrcPackets: 1, SrcBytes: udpHeader + dnsQueryLen(q.name, q.qtype),
		DstPackets: 1, DstBytes: udpHeader + dnsAnswerLen(q.name, q.qtype, q.answers),
	})
	return id, t.Truncate(time.Millisecond).Add(q.rtt)
}

// resolveA looks name up and answers with ip.
func (g *gen) resolveA(t time.Time, client netip.Addr, host, name string, ip netip.Addr, ttl int) (string, time.Time) {
	return g.lookup(t, dnsQuery{client: client, host: host, name: name,
		answers: []telemetry.DNSAnswer{{Name: name, Type: "A", Data: ip.String(), TTL: ttl}}})
}

// webReq describes one HTTP(S) request through the proxy for web.
type webReq struct {
	client         netip.Addr
	user           string
	server         netip.Addr
	port           int    // 0: 443 for https, 80 for http
	scheme         string // "" means "https"
	method         string // "" means "GET"
	host, path     string
	query          string
	ua, referrer   string
	status         int // 0 means 200
	mime, category string
	body           int64         // request body bytes
	resp           int64         // response body bytes
	rtt            time.Duration // round trip to the server; 0: drawn (20–120 ms)
	think          time.Duration // the server's time to answer; 0: drawn (20–200 ms)
	rate           float64       // bytes per second of the transfer; 0: 4 MB/s
}

// tlsClient and tlsServer are the bytes a TLS 1.3 handshake adds to each
// side of an HTTPS exchange (ClientHello and Finished; ServerHello,
// certificate chain and Finished), on top of the HTTP bytes.
const (
	tlsClient = 580
	tlsServer = 3900
)

// web emits a request through the proxy: a TCP flow from the client to the
// origin server and, once its handshake is done, the soclab.proxy event on
// the same 5-tuple. It returns the proxy event's id, the flow's id and the
// time the flow ends.
func (g *gen) web(t time.Time, w webReq) (proxyID, flowID string, end time.Time) {
	if w.scheme == "" {
		w.scheme = "https"
	}
	if w.method == "" {
		w.method = "GET"
	}
	if w.status == 0 {
		w.status = 200
	}
	if w.port == 0 {
		w.port = map[bool]int{true: 443, false: 80}[w.scheme == "https"]
	}
	if w.rtt == 0 {
		w.rtt = ms(g.r, 20, 120)
	}
	if w.think == 0 {
		w.think = ms(g.r, 20, 200)
	}
	if w.rate == 0 {
		w.rate = 4e6
	}
	head := httpRequestLen(w.method, w.host, w.path, w.query, w.ua)
	reqBytes := head + w.body
	respBytes := httpResponseLen(w.status, w.mime) + w.resp
	sent, recv := reqBytes, respBytes
	hs := w.rtt // TCP handshake
	if w.scheme == "https" {
		sent, recv = sent+tlsClient, recv+tlsServer
		hs += w.rtt // TLS handshake
	}
	transfer := time.Duration(float64(w.body+w.resp) / w.rate * float64(time.Second))
	dur := (hs + w.think + transfer + w.rtt).Truncate(time.Millisecond)
	domain := w.host
	if _, err := netip.ParseAddr(domain); err == nil {
		domain = ""
	}
	// The sensor names proxied web traffic "http" whatever the scheme, as
	// benign browsing does.
	flowID, conn, end := g.tcp(t, tcpConn{src: w.client, dst: w.server, dport: w.port,
		proto: "http", sent: sent, recv: recv, dur: dur, domain: domain})
	p := &telemetry.Proxy{
		Proxy: g.o.ProxyObs, Conn: conn, User: w.user, Method: w.method, Scheme: w.scheme,
		Host: w.host, Path: w.path, Query: w.query, Status: w.status, ReqBytes: reqBytes, RespBytes: respBytes,
		MIME: w.mime, UserAgent: w.ua, Referrer: w.referrer, Category: w.category,
		Duration: (w.think + transfer).Truncate(time.Millisecond),
	}
	proxyID = g.emit(t.Add(hs), p)
	return proxyID, flowID, end
}

// vpn emits a VPN gateway record from v.SrcIP, after the firewall's allow
// of the client's connection to the published address on 443, and returns
// the VPN record's id. The client port is drawn when v.SrcPort is 0.
func (g *gen) vpn(t time.Time, v telemetry.VPN) string {
	if v.SrcPort == 0 {
		v.SrcPort = g.port()
	}
	v.Gateway, v.SrcGeo = g.o.VPNGateway, g.o.Geo(v.SrcIP)
	conn := telemetry.Conn{SrcIP: v.SrcIP, SrcPort: v.SrcPort, DstIP: g.o.PublicIP, DstPort: 443, Transport: "tcp"}
	if v.Action != telemetry.VPNLogout {
		g.firewall(t, conn, true, "allow-vpn-inbound")
		t = t.Add(ms(g.r, 900, 3000))
	}
	return g.emit(t, &v)
}

// firewall emits a perimeter firewall decision on conn.
func (g *gen) firewall(t time.Time, conn telemetry.Conn, allow bool, rule string) string {
	return g.emit(t, &telemetry.Firewall{
		Firewall: g.o.Firewall, Conn: conn, Allow: allow, Rule: rule,
		Direction: direction(conn.SrcIP, conn.DstIP), SrcGeo: g.o.Geo(conn.SrcIP), DstGeo: g.o.Geo(conn.DstIP),
	})
}
