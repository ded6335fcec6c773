package importer

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/soclab/soclab/generator/telemetry"
)

// pcap.go reads a pcap or pcapng capture with gopacket and maps what a
// flow sensor would log: one flow record per connection (packets and IP
// bytes each way, TCP flags, state), one DNS record per answered query,
// one proxy-shaped record per HTTP request (method, host, path, user
// agent, status), and the server name of a TLS ClientHello (SNI) as the
// flow's destination.domain. A flow idle for flowIdle ends; the rest end
// with the capture. An SSH identification string ("SSH-2.0-...") marks
// its flow's protocol as ssh.

const flowIdle = 2 * time.Minute

type flowKey struct {
	a, b  netip.AddrPort
	proto string
}

type pcapFlow struct {
	conn             telemetry.Conn
	first, last      time.Time
	sp, sb, dp, db   int64
	syn, synAck, rst bool
	flags            [5]bool // S A F R P
	protocol, sni    string
	httpReq          *telemetry.Proxy
	httpAt           time.Time
	sawClientData    bool
	sawServerData    bool
}

type pcapReader interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

func readPCAP(r *bufio.Reader, b *batch) error {
	magic, err := r.Peek(4)
	if err != nil {
		return &FormatError{File: b.file, Err: fmt.Errorf("not a pcap: %v", err)}
	}
	var src pcapReader
	var link layers.LinkType
	if binary.LittleEndian.Uint32(magic) == 0x0A0D0D0A {
		ng, err := pcapgo.NewNgReader(r, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return &FormatError{File: b.file, Err: fmt.Errorf("not a pcapng capture: %v", err)}
		}
		src, link = ng, ng.LinkType()
	} else {
		pr, err := pcapgo.NewReader(r)
		if err != nil {
			return &FormatError{File: b.file, Err: fmt.Errorf("not a pcap capture: %v", err)}
		}
		src, link = pr, pr.LinkType()
	}
	flows := map[flowKey]*pcapFlow{}
	lastSweep := time.Time{}
	n := 0
	for {
		data, ci, err := src.ReadPacketData()
		if err == io.EOF || err == io.ErrUnexpectedEOF && n > 0 {
			break
		}
		if err != nil {
			return &FormatError{File: b.file, Line: n + 1, Err: fmt.Errorf("packet %d: %v", n+1, err)}
		}
		n++
		b.read++
		t := ci.Timestamp.UTC()
		b.arrived(t)
		packet(b, flows, link, data, t, n)
		if t.Sub(lastSweep) > flowIdle/4 {
			emitFlows(b, flows, func(f *pcapFlow) bool { return t.Sub(f.last) > flowIdle })
			lastSweep = t
		}
	}
	emitFlows(b, flows, func(*pcapFlow) bool { return true })
	return nil
}

// emitFlows emits and forgets the flows that have ended, in the order
// they began (then by their addresses), not the map's: events are given
// their event.id in the order they are added.
func emitFlows(b *batch, flows map[flowKey]*pcapFlow, ended func(*pcapFlow) bool) {
	var done []flowKey
	for k, f := range flows {
		if ended(f) {
			done = append(done, k)
		}
	}
	slices.SortFunc(done, func(x, y flowKey) int {
		if c := flows[x].first.Compare(flows[y].first); c != 0 {
			return c
		}
		if c := x.a.Compare(y.a); c != 0 {
			return c
		}
		if c := x.b.Compare(y.b); c != 0 {
			return c
		}
		return strings.Compare(x.proto, y.proto)
	})
	for _, k := range done {
		emitFlow(b, flows[k])
		delete(flows, k)
	}
}

func packet(b *batch, flows map[flowKey]*pcapFlow, link layers.LinkType, data []byte, t time.Time, n int) {
	p := gopacket.NewPacket(data, link, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
	var src, dst netip.Addr
	var ipLen int64
	switch ip := p.NetworkLayer().(type) {
	case *layers.IPv4:
		src, _ = netip.AddrFromSlice(ip.SrcIP.To4())
		dst, _ = netip.AddrFromSlice(ip.DstIP.To4())
		ipLen = int64(ip.Length)
	case *layers.IPv6:
		src, _ = netip.AddrFromSlice(ip.SrcIP)
		dst, _ = netip.AddrFromSlice(ip.DstIP)
		ipLen = int64(ip.Length) + 40
	default:
		b.skip(n, "packet without IPv4 or IPv6")
		return
	}
	var sport, dport int
	var proto string
	var tcp *layers.TCP
	var payload []byte
	switch l := p.TransportLayer().(type) {
	case *layers.TCP:
		tcp, proto, sport, dport, payload = l, "tcp", int(l.SrcPort), int(l.DstPort), l.Payload
	case *layers.UDP:
		proto, sport, dport, payload = "udp", int(l.SrcPort), int(l.DstPort), l.Payload
	default:
		b.skip(n, "packet neither TCP nor UDP")
		return
	}
	a, z := netip.AddrPortFrom(src, uint16(sport)), netip.AddrPortFrom(dst, uint16(dport))
	key := flowKey{a, z, proto}
	if z.Addr().Less(a.Addr()) || z.Addr() == a.Addr() && z.Port() < a.Port() {
		key = flowKey{z, a, proto}
	}
	f := flows[key]
	if f == nil {
		f = &pcapFlow{conn: telemetry.Conn{SrcIP: src, SrcPort: sport, DstIP: dst, DstPort: dport, Transport: proto}, first: t}
		// A server's answer seen first (capture started mid-connection):
		// the client is the side with the higher, ephemeral port.
		if tcp != nil && tcp.SYN && tcp.ACK || tcp == nil && sport < dport && sport < 1024 {
			f.conn = telemetry.Conn{SrcIP: dst, SrcPort: dport, DstIP: src, DstPort: sport, Transport: proto}
		}
		flows[key] = f
	}
	f.last = t
	fromClient := src == f.conn.SrcIP && sport == f.conn.SrcPort
	if fromClient {
		f.sp++
		f.sb += ipLen
	} else {
		f.dp++
		f.db += ipLen
	}
	if tcp != nil {
		f.flags[0] = f.flags[0] || tcp.SYN
		f.flags[1] = f.flags[1] || tcp.ACK
		f.flags[2] = f.flags[2] || tcp.FIN
		f.flags[3] = f.flags[3] || tcp.RST
		f.flags[4] = f.flags[4] || tcp.PSH
		if tcp.SYN && !tcp.ACK {
			f.syn = true
		}
		if tcp.SYN && tcp.ACK {
			f.synAck = true
		}
		if tcp.RST {
			f.rst = true
		}
	}
	if proto == "udp" && (sport == 53 || dport == 53) {
		if dns, ok := p.Layer(layers.LayerTypeDNS).(*layers.DNS); ok {
			f.protocol = "dns"
			if dns.QR && len(dns.Questions) > 0 {
				b.build(t, dnsRecord(dns, telemetry.Conn{SrcIP: dst, SrcPort: dport, DstIP: src, DstPort: sport, Transport: "udp"}))
			}
		}
		return
	}
	if len(payload) == 0 {
		return
	}
	if fromClient && !f.sawClientData {
		f.sawClientData = true
		clientOpening(f, payload, t)
	} else if !fromClient && !f.sawServerData {
		f.sawServerData = true
		if bytes.HasPrefix(payload, []byte("SSH-")) {
			f.protocol = "ssh"
		}
		if f.httpReq != nil && bytes.HasPrefix(payload, []byte("HTTP/1.")) && len(payload) >= 12 {
			f.httpReq.Status, _ = strconv.Atoi(string(payload[9:12]))
		}
	}
}

// clientOpening reads what a client's first payload shows.
func clientOpening(f *pcapFlow, payload []byte, t time.Time) {
	switch {
	case bytes.HasPrefix(payload, []byte("SSH-")):
		f.protocol = "ssh"
	case len(payload) > 5 && payload[0] == 0x16 && payload[1] == 3:
		f.protocol = "tls"
		f.sni = clientHelloSNI(payload)
	default:
		if req := httpRequest(payload, f.conn); req != nil {
			f.protocol, f.httpReq, f.httpAt = "http", req, t
		}
	}
}

var httpMethods = []string{"GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT "}

// httpRequest parses an HTTP/1 request head.
func httpRequest(p []byte, c telemetry.Conn) *telemetry.Proxy {
	if !slices.ContainsFunc(httpMethods, func(m string) bool { return bytes.HasPrefix(p, []byte(m)) }) {
		return nil
	}
	head, _, _ := bytes.Cut(p, []byte("\r\n\r\n"))
	ls := strings.Split(string(head), "\r\n")
	parts := strings.Fields(ls[0])
	if len(parts) < 2 {
		return nil
	}
	r := &telemetry.Proxy{Conn: c, Method: parts[0], Scheme: "http", Host: c.DstIP.String(), ReqBytes: int64(len(p))}
	r.Path, r.Query, _ = strings.Cut(parts[1], "?")
	for _, l := range ls[1:] {
		k, v, _ := strings.Cut(l, ":")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "host":
			r.Host = strings.TrimSpace(v)
			if h, _, ok := strings.Cut(r.Host, ":"); ok {
				r.Host = h
			}
		case "user-agent":
			r.UserAgent = strings.TrimSpace(v)
		case "referer":
			r.Referrer = strings.TrimSpace(v)
		}
	}
	return r
}

// clientHelloSNI returns the server_name of a TLS ClientHello record, or "".
func clientHelloSNI(p []byte) string {
	if len(p) < 5+4+2+32+1 || p[5] != 1 {
		return ""
	}
	i := 5 + 4 + 2 + 32
	skip := func(n int) bool { i += n; return i <= len(p) }
	if !skip(1+int(p[i])) || i+2 > len(p) {
		return ""
	}
	if !skip(2+int(binary.BigEndian.Uint16(p[i:]))) || i+1 > len(p) {
		return ""
	}
	if !skip(1+int(p[i])) || i+2 > len(p) {
		return ""
	}
	end := min(len(p), i+2+int(binary.BigEndian.Uint16(p[i:])))
	i += 2
	for i+4 <= end {
		typ, l := binary.BigEndian.Uint16(p[i:]), int(binary.BigEndian.Uint16(p[i+2:]))
		i += 4
		if i+l > end {
			return ""
		}
		if typ == 0 && l >= 5 {
			ext := p[i : i+l]
			nl := int(binary.BigEndian.Uint16(ext[3:]))
			if ext[2] == 0 && 5+nl <= len(ext) {
				return string(ext[5 : 5+nl])
			}
		}
		i += l
	}
	return ""
}

func dnsRecord(d *layers.DNS, c telemetry.Conn) *telemetry.DNS {
	q := d.Questions[0]
	r := &telemetry.DNS{Conn: c, ID: d.ID, Name: string(q.Name), QType: q.Type.String(), RCode: rcodeName(d.ResponseCode)}
	for _, a := range d.Answers {
		ans := telemetry.DNSAnswer{Name: string(a.Name), Type: a.Type.String(), TTL: int(a.TTL)}
		switch a.Type {
		case layers.DNSTypeA, layers.DNSTypeAAAA:
			ans.Data = a.IP.String()
		case layers.DNSTypeCNAME:
			ans.Data = string(a.CNAME)
		case layers.DNSTypeTXT:
			ans.Data = string(bytes.Join(a.TXTs, nil))
		case layers.DNSTypeMX:
			ans.Data = string(a.MX.Name)
		default:
			continue
		}
		r.Answers = append(r.Answers, ans)
	}
	return r
}

func rcodeName(c layers.DNSResponseCode) string {
	switch c {
	case layers.DNSResponseCodeNoErr:
		return "NOERROR"
	case layers.DNSResponseCodeNXDomain:
		return "NXDOMAIN"
	case layers.DNSResponseCodeServFail:
		return "SERVFAIL"
	case layers.DNSResponseCodeRefused:
		return "REFUSED"
	}
	return strings.ToUpper(c.String())
}

func emitFlow(b *batch, f *pcapFlow) {
	state := "established"
	switch {
	case f.conn.Transport == "tcp" && f.syn && !f.synAck && f.rst && f.dp > 0:
		state = "rejected"
	case f.conn.Transport == "tcp" && f.syn && !f.synAck && f.dp == 0, f.conn.Transport == "udp" && f.dp == 0:
		state = "no_reply"
	}
	var flags strings.Builder
	for i, c := range "SAFRP" {
		if f.flags[i] {
			flags.WriteRune(c)
		}
	}
	fl := &telemetry.Flow{Conn: f.conn, Protocol: f.protocol, Direction: flowDirection(f.conn), Duration: f.last.Sub(f.first), SrcBytes: f.sb, SrcPackets: f.sp,
		DstBytes: f.db, DstPackets: f.dp, State: state, TCPFlags: flags.String(), DstDomain: f.sni}
	b.build(f.first, fl)
	if f.httpReq != nil {
		b.build(f.httpAt, f.httpReq)
	}
}
