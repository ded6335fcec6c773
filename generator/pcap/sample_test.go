package pcap

import (
	"net/netip"
	"sort"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// The sample stream: one conversation of every kind the writer knows, in
// the shape the generator makes them.

var (
	t0       = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	sensor   = telemetry.Observer{Name: "sensor-01", Type: "sensor"}
	resolver = telemetry.Observer{Name: "dns-01", Type: "dns"}
	proxyObs = telemetry.Observer{Name: "proxy-01", Type: "proxy"}
	fwObs    = telemetry.Observer{Name: "fw-01", Type: "firewall"}
	ua       = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36"
)

func conn(src string, sport int, dst string, dport int, transport string) telemetry.Conn {
	return telemetry.Conn{SrcIP: netip.MustParseAddr(src), SrcPort: sport, DstIP: netip.MustParseAddr(dst), DstPort: dport, Transport: transport}
}

type sample struct {
	events []*event.Event
	n      int
}

func (s *sample) add(at time.Duration, build func(e *event.Event, m telemetry.Meta)) {
	e := &event.Event{}
	s.n++
	build(e, telemetry.Meta{Time: t0.Add(at), ID: "ev-" + itoa(int64(s.n))})
	s.events = append(s.events, e)
}

func hdr(c telemetry.Conn) int64 {
	n := int64(IPv4HeaderLen)
	if c.SrcIP.Is6() {
		n = IPv6HeaderLen
	}
	if c.Transport == "udp" {
		return n + UDPHeaderLen
	}
	return n + TCPHeaderLen
}

// dnsPair adds a DNS record and its flow at the same time, dnsFirst
// choosing which comes first.
func (s *sample) dnsPair(at time.Duration, c telemetry.Conn, d telemetry.DNS, dnsFirst bool) {
	d.Conn, d.Resolver = c, resolver
	f := telemetry.Flow{Sensor: sensor, Conn: c, Protocol: "dns", Direction: "internal", Duration: 3 * time.Millisecond,
		SrcPackets: 1, DstPackets: 1, State: "established",
		SrcBytes: hdr(c) + int64(DNSQueryLen(d.Name, d.QType)),
		DstBytes: hdr(c) + int64(DNSMessageLen(d.Name, d.QType, d.Answers))}
	if dnsFirst {
		s.add(at, d.Build)
		s.add(at, f.Build)
	} else {
		s.add(at, f.Build)
		s.add(at, d.Build)
	}
}

// web adds a TCP flow and, delay later, its proxy record; extra bytes of
// payload beyond the minimal HTTP heads go to each side.
func (s *sample) web(at, delay time.Duration, c telemetry.Conn, p telemetry.Proxy, reqExtra, respExtra, srcPkts, dstPkts int64) {
	p.Conn, p.Proxy = c, proxyObs
	h := hdr(c)
	req := int64(HTTPRequestLen(p.Method, p.Host, p.Path, p.Query, p.UserAgent)) + reqExtra
	resp := int64(HTTPResponseLen(p.Status, p.MIME)) + respExtra
	f := telemetry.Flow{Sensor: sensor, Conn: c, Protocol: "http", Direction: "outbound", Duration: 2 * time.Second,
		SrcPackets: srcPkts, DstPackets: dstPkts, State: "established", DstDomain: p.Host,
		SrcBytes: h*srcPkts + req, DstBytes: h*dstPkts + resp}
	s.add(at, f.Build)
	s.add(at+delay, p.Build)
}

func (s *sample) flow(at time.Duration, c telemetry.Conn, state string, dur time.Duration, srcPkts, srcPayload, dstPkts, dstPayload int64) {
	h := hdr(c)
	f := telemetry.Flow{Sensor: sensor, Conn: c, Direction: "outbound", Duration: dur, State: state,
		SrcPackets: srcPkts, SrcBytes: h*srcPkts + srcPayload, DstPackets: dstPkts, DstBytes: h*dstPkts + dstPayload}
	s.add(at, f.Build)
}

// sampleEvents returns the sample stream, ordered by @timestamp as the
// generator emits it.
func sampleEvents() []*event.Event {
	s := &sample{}
	ws, dns := "10.10.1.23", "10.10.0.53"
	s.dnsPair(0, conn(ws, 53001, dns, 53, "udp"), telemetry.DNS{ID: 4242, Name: "www.example.com", QType: "A", RCode: "NOERROR",
		Answers: []telemetry.DNSAnswer{{Name: "www.example.com", Type: "CNAME", Data: "edge.example.net", TTL: 300}, {Name: "edge.example.net", Type: "A", Data: "93.184.216.34", TTL: 60}}}, false)
	s.dnsPair(time.Millisecond, conn(ws, 53002, dns, 53, "udp"), telemetry.DNS{ID: 7, Name: "nope.invalid-domain.com", QType: "A", RCode: "NXDOMAIN"}, true)
	s.dnsPair(2*time.Millisecond, conn("fd00::23", 53003, "fd00::53", 53, "udp"), telemetry.DNS{ID: 65535, Name: "example.org", QType: "AAAA", RCode: "NOERROR",
		Answers: []telemetry.DNSAnswer{{Name: "example.org", Type: "AAAA", Data: "2606:2800:220:1:248:1893:25c8:1946", TTL: 3600}}}, false)
	s.dnsPair(3*time.Millisecond, conn(ws, 53004, dns, 53, "udp"), telemetry.DNS{ID: 99, Name: "aGVsbG8gd29ybGQgdGhpcyBpcyBhIHR1bm5lbCBwYXlsb2FkIGVuY29kZWQgaW4.gYmFzZTY0.t.badc2.xyz", QType: "TXT", RCode: "NOERROR",
		Answers: []telemetry.DNSAnswer{{Name: "aGVsbG8gd29ybGQgdGhpcyBpcyBhIHR1bm5lbCBwYXlsb2FkIGVuY29kZWQgaW4.gYmFzZTY0.t.badc2.xyz", Type: "TXT", Data: string(make300()), TTL: 0}}}, true)
	s.dnsPair(4*time.Millisecond, conn(ws, 53005, dns, 53, "udp"), telemetry.DNS{ID: 1, Name: "example.com", QType: "MX", RCode: "NOERROR",
		Answers: []telemetry.DNSAnswer{{Name: "example.com", Type: "MX", Data: "10 mail.example.com", TTL: 300}, {Name: "example.com", Type: "MX", Data: "mx2.example.com", TTL: 300}}}, false)
	get := telemetry.Proxy{User: "jdoe", Method: "GET", Scheme: "http", Host: "www.example.com", Path: "/index.html", Query: "q=1&lang=en",
		Status: 200, MIME: "text/html", UserAgent: ua, Category: "business"}
	s.web(10*time.Millisecond, 150*time.Millisecond, conn(ws, 50001, "93.184.216.34", 80, "tcp"), get, 0, 5000, 8, 8)
	for i, extra := range []int64{1, 5, 13, 14, 40, 900, 5000} {
		g := get
		g.Path = "/p/" + itoa(int64(i))
		s.web(20*time.Millisecond+time.Duration(i)*time.Millisecond, 2*time.Second, conn(ws, 50100+i, "93.184.216.34", 80, "tcp"), g, extra, extra*3, 12, 12)
	}
	post := telemetry.Proxy{User: "jdoe", Method: "POST", Scheme: "http", Host: "upload.badfiles.biz", Path: "/u", Status: 201, MIME: "application/json", UserAgent: "curl/8.5.0"}
	s.web(40*time.Millisecond, time.Second, conn(ws, 50200, "198.51.100.7", 80, "tcp"), post, 200_000, 30, 200, 100)
	tls := telemetry.Proxy{User: "jdoe", Method: "GET", Scheme: "https", Host: "login.microsoftonline.com", Path: "/common/oauth2/token", Status: 200, MIME: "application/json", UserAgent: ua}
	s.web(50*time.Millisecond, 300*time.Millisecond, conn(ws, 50300, "20.190.160.1", 443, "tcp"), tls, 2000, 20000, 10, 20)
	tinyTLS := tls
	tinyTLS.UserAgent, tinyTLS.Path = "", "/"
	s.web(51*time.Millisecond, 0, conn(ws, 50301, "20.190.160.1", 443, "tcp"), tinyTLS, 0, 0, 4, 2)
	s.web(52*time.Millisecond, time.Second, conn("fd00::23", 50302, "2606:2800:220:1::1", 443, "tcp"), tls, 35, 36, 6, 6)
	dl := get
	dl.Path, dl.MIME = "/files/setup.iso", "application/octet-stream"
	s.web(60*time.Millisecond, time.Second, conn(ws, 50400, "203.0.113.50", 80, "tcp"), dl, 0, 3_000_000, 1100, 2100)
	for i, mime := range []string{"image/png", "image/gif", "image/jpeg", "application/x-msdownload", "text/xml", "application/javascript", "application/zip", "application/pdf", "text/css", ""} {
		g := get
		g.Path, g.MIME, g.Status = "/m/"+itoa(int64(i)), mime, []int{200, 404, 302, 500, 304, 204}[i%6]
		s.web(65*time.Millisecond+time.Duration(i)*time.Millisecond, 100*time.Millisecond, conn(ws, 50450+i, "93.184.216.35", 80, "tcp"), g, 0, 2000, 5, 5)
	}
	s.flow(70*time.Millisecond, conn(ws, 50500, "10.10.2.10", 22, "tcp"), "established", 30*time.Second, 40, 4000, 30, 6000)
	s.flow(80*time.Millisecond, conn(ws, 50600, "10.10.2.11", 445, "tcp"), "established", time.Second, 4, 0, 2, 0)
	s.flow(90*time.Millisecond, conn(ws, 50700, "10.10.2.12", 3389, "tcp"), "rejected", time.Millisecond, 1, 0, 1, 0)
	s.flow(100*time.Millisecond, conn(ws, 50800, "10.10.2.13", 8443, "tcp"), "no_reply", 3*time.Second, 3, 0, 0, 0)
	s.flow(110*time.Millisecond, conn(ws, 50900, "198.51.100.9", 443, "tcp"), "established", 5*time.Second, 20, 3000, 25, 30000)
	s.flow(120*time.Millisecond, conn(ws, 51000, "198.51.100.10", 40000, "udp"), "no_reply", time.Second, 2, 300, 0, 0)
	s.flow(125*time.Millisecond, conn("10.10.0.53", 41000, "192.0.2.53", 53, "udp"), "established", 20*time.Millisecond, 1, 45, 1, 400)
	s.flow(126*time.Millisecond, conn("10.10.0.53", 41001, "192.0.2.53", 53, "udp"), "established", 20*time.Millisecond, 2, 600, 2, 2000)
	s.add(130*time.Millisecond, (&telemetry.Firewall{Firewall: fwObs, Conn: conn("203.0.113.99", 44444, "10.10.0.10", 23, "tcp"), Rule: "deny-inbound", Direction: "inbound"}).Build)
	s.add(140*time.Millisecond, (&telemetry.SSH{}).Build)
	sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].Time().Before(s.events[j].Time()) })
	return s.events
}

func make300() []byte {
	b := make([]byte, 300)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return b
}

func dnsSampleRecord() telemetry.DNS {
	return telemetry.DNS{ID: 4242, Name: "www.example.com", QType: "A", RCode: "NOERROR",
		Answers: []telemetry.DNSAnswer{{Name: "www.example.com", Type: "A", Data: "93.184.216.34", TTL: 60}}}
}
