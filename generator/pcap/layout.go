package pcap

import (
	"bytes"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// proxyInfo is what the writer keeps of a soclab.proxy event.
type proxyInfo struct {
	method, scheme, host, path, query, ua string
	status                                int
	mime                                  string
}

// headerLen returns the IP and transport header bytes of one packet.
func (g *flowGen) headerLen() int64 {
	n := int64(IPv4HeaderLen)
	if g.key.src.Is6() {
		n = IPv6HeaderLen
	}
	if g.key.proto == 17 {
		return n + UDPHeaderLen
	}
	return n + TCPHeaderLen
}

// maxSegment is the largest payload one packet can carry.
func (g *flowGen) maxSegment() int64 { return 65535 - g.headerLen() }

// minDNS is the smallest DNS message with a question: header, root name,
// type and class.
const minDNS = 17

// prepare fixes the flow's packet plan and payload streams before its
// first packet. It returns false when the flow event broke the contract
// (too few packets for its state, fewer bytes than headers, more payload
// than its packets can carry); the flow is then written as close to the
// event as the contract allows.
func (g *flowGen) prepare(seed uint64) (ok bool) {
	ok = g.fixCounts()
	if g.key.proto == 6 && g.state == stateEstablished {
		g.planSegments()
	}
	g.total = g.cli.packets + g.srv.packets
	g.cli.isn, g.srv.isn = uint32(seed), uint32(seed>>32)
	g.cli.ipID, g.srv.ipID = uint16(seed>>16), uint16(seed>>48)
	return g.makeStreams(seed) && ok
}

// fixCounts turns the event's byte counts into payloads and raises packet
// counts to what the state needs.
func (g *flowGen) fixCounts() bool {
	ok := true
	need := func(n *int64, min int64) {
		if *n < min {
			*n, ok = min, false
		}
	}
	switch {
	case g.key.proto == 17:
		need(&g.cli.packets, 1)
	case g.state == stateEstablished:
		need(&g.cli.packets, 4)
		need(&g.srv.packets, 2)
	default:
		need(&g.cli.packets, 1)
		if g.state == stateRejected {
			need(&g.srv.packets, 1)
		} else if g.srv.packets > 0 {
			g.srv.packets, ok = 0, false
		}
	}
	carriers := func(s *side, control int64) int64 { return max(s.packets-control, 1) }
	for _, s := range []*side{&g.cli, &g.srv} {
		if s.payload < 0 {
			s.payload, ok = 0, false
		}
		limit := int64(0)
		if dns := g.key.proto == 17 && (g.key.dport == 53 || g.key.sport == 53); dns && s.payload < minDNS*s.packets {
			s.payload, ok = minDNS*s.packets, false // a DNS datagram holds at least a header and a question
		}
		switch {
		case g.key.proto == 17:
			limit = s.packets * g.maxSegment()
		case g.state == stateEstablished && s == &g.cli:
			limit = carriers(s, 4) * g.maxSegment()
		case g.state == stateEstablished:
			limit = carriers(s, 2) * g.maxSegment()
		}
		if s.payload > limit {
			s.payload, ok = limit, false
		}
	}
	return ok
}

// planSegments splits each side's spare packets (beyond handshake and
// teardown) into data segments and pure ACKs: at least enough segments for
// the payload at MSS, and no more ACKs than the other side has segments to
// acknowledge, as far as the payload allows.
func (g *flowGen) planSegments() {
	dc, ds := g.cli.packets-4, g.srv.packets-2
	g.kc, g.ks = minSegments(g.cli.payload, dc), minSegments(g.srv.payload, ds)
	for range 4 {
		g.ac, g.bs = dc-g.kc, ds-g.ks
		if g.ac > g.ks {
			g.kc += min(g.ac-g.ks, g.cli.payload-g.kc)
		}
		g.ac = dc - g.kc
		if g.bs > g.kc {
			g.ks += min(g.bs-g.kc, g.srv.payload-g.ks)
		}
		g.bs = ds - g.ks
	}
}

func minSegments(payload, spare int64) int64 {
	return min(spare, DataSegments(payload))
}

// makeStreams builds what each side sends: DNS messages, an HTTP exchange,
// a TLS exchange, or opaque bytes.
func (g *flowGen) makeStreams(seed uint64) bool {
	g.cli.st = opaque(g.key.dport, g.cli.payload, seed)
	g.srv.st = opaque(g.key.dport, g.srv.payload, seed>>7)
	switch {
	case g.key.proto == 17 && g.dns == nil && (g.key.dport == 53 || g.key.sport == 53):
		n := dnsNameWire(g.cli.payload, g.cli.packets)
		g.cli.st = stream{size: g.cli.payload, fill: fillDNSQuery, seed: seed, nameWire: n}
		g.srv.st = stream{size: g.srv.payload, fill: fillDNSResponse, seed: seed, nameWire: n}
		g.cli.perDatagram, g.srv.perDatagram = true, true
	case g.dns != nil && g.key.proto == 17:
		return g.dnsStreams()
	case g.proxy != nil && g.key.proto == 6:
		return g.proxyStreams(seed)
	case g.key.proto == 6 && g.state == stateEstablished:
		g.openingStreams(seed)
	}
	return true
}

// opaque is the payload of a flow no record describes: TLS records on port
// 443, opaque bytes elsewhere.
func opaque(port uint16, size int64, seed uint64) stream {
	if port == 443 && size > recordHeader {
		return stream{size: size, fill: fillRecords, seed: seed}
	}
	return stream{size: size, fill: fillRandom, seed: seed}
}

// dnsStreams makes every client datagram the query and every server
// datagram the response; ok is false when the flow's sizes do not fit them.
func (g *flowGen) dnsStreams() bool {
	q, r := serializeDNS(dnsMessage(g.dns, false)), serializeDNS(dnsMessage(g.dns, true))
	n := dnsNameWire(g.cli.payload, g.cli.packets)
	g.cli.st = stream{head: q, size: g.cli.payload, fill: fillDNSQuery, seed: uint64(g.dns.id), nameWire: n}
	g.srv.st = stream{head: r, size: g.srv.payload, fill: fillDNSResponse, seed: uint64(g.dns.id), nameWire: n}
	g.cli.perDatagram, g.srv.perDatagram = true, true
	return g.cli.payload == g.cli.packets*int64(len(q)) && g.srv.payload == g.srv.packets*int64(len(r))
}

func serializeDNS(m *layers.DNS) []byte {
	buf := gopacket.NewSerializeBuffer()
	if err := m.SerializeTo(buf, gopacket.SerializeOptions{FixLengths: true}); err != nil {
		return nil // unreachable: dnsMessage only builds encodable records
	}
	return buf.Bytes()
}

// proxyStreams makes the HTTP request and response, or for HTTPS the TLS
// hellos and records.
func (g *flowGen) proxyStreams(seed uint64) bool {
	p := g.proxy
	if p.scheme == "https" || (p.scheme == "" && g.key.dport == 443) {
		client := tlsClientOf(p.ua)
		cs, ok1 := tlsStream(g.cli.payload, func(sid int, full bool) []byte { return clientHello(client, p.host, sid, full, seed) }, seed)
		ss, ok2 := tlsStream(g.srv.payload, func(sid int, full bool) []byte { return serverHello(sid, full, seed>>3) }, seed>>3)
		if ok1 {
			g.cli.st = cs
		}
		if ok2 {
			g.srv.st = ss
		}
		return ok1 && ok2
	}
	ok := true
	base := HTTPRequestLen(p.method, p.host, p.path, p.query, p.ua)
	pad, fits := planRequest(p.method, base, g.cli.payload, seed)
	head := requestHead(p.method, p.host, p.path, p.query, p.ua, pad)
	if !fits {
		head, ok = head[:g.cli.payload], false
	}
	g.cli.st = stream{head: head, size: g.cli.payload, fill: fillText, seed: seed}
	body, etag, fits := planResponse(HTTPResponseLen(p.status, p.mime), g.srv.payload)
	head = responseHead(p.status, p.mime, body, etag)
	if !fits {
		head, ok = head[:g.srv.payload], false
	}
	pre, suf := bodyWrap(p.mime, body)
	g.srv.st = stream{head: append(head, pre...), suffix: suf, size: g.srv.payload, fill: fillText, seed: seed >> 5}
	if ok && bytes.HasPrefix(pre, pngHead) {
		fixPNG(&g.srv.st, body)
	}
	return ok
}
