package pcap

import (
	"math/bits"
	"net/netip"
)

// TCP flags of a packet description.
const (
	fSYN uint8 = 1 << iota
	fACK
	fFIN
	fRST
	fPSH
)

// The flow states of soclab.flow.state.
const (
	stateEstablished = "established"
	stateRejected    = "rejected"
	stateNoReply     = "no_reply"
)

// tuple is a connection's 5-tuple, the key that ties a flow to its DNS,
// proxy and firewall records.
type tuple struct {
	src, dst     netip.Addr
	sport, dport uint16
	proto        uint8 // 6 (TCP) or 17 (UDP)
}

// side is one end of a conversation and what it sends.
type side struct {
	ip      netip.Addr
	port    uint16
	mac     [6]byte
	packets int64 // packets it sends, from the flow event
	payload int64 // payload bytes it sends
	isn     uint32
	sent    int64 // payload bytes sent so far
	finSent bool
	ipID    uint16
	st      stream
	// perDatagram makes every UDP datagram start at the stream's first
	// byte (each DNS datagram is a whole message).
	perDatagram bool
}

// pkt describes the next packet of a flow: who sends it, its TCP flags and
// which bytes of the sender's stream it carries.
type pkt struct {
	fromCli bool
	flags   uint8
	off     int64
	n       int
}

// flowGen makes the packets of one conversation lazily, one at a time, in
// time order; it keeps only counters, so its memory does not grow with the
// flow's size.
type flowGen struct {
	key      tuple
	order    uint64 // arrival order, breaks ties between equal times
	t0, dur  int64  // first packet and span, Unix ns
	state    string
	hasFlow  bool // made from a zeek.connection event (else a DNS or firewall stand-in)
	cli, srv side
	dns      *dnsInfo
	proxy    *proxyInfo
	started  bool

	total, i       int64 // packets in all, packets made
	phase          int
	d, a           int64  // data segments and acks made in the current phase
	kc, ks, ac, bs int64  // data segments and pure ACKs of client and server
	next           int64  // time of the next packet
	idx            int    // position in the heap
	cut            bool   // the capture policy left packets out
	proto          string // network.protocol of the flow event
	serverFirst    bool   // the server sends its data before the client (SMTP)
	ahead          pkt    // packet g.i, made by peek, when hasAhead
	hasAhead       bool
}

// peek returns the packet nextPkt will return. It makes it (moving the
// flow's state on) and keeps it for nextPkt, so that a packet is made
// once whether it is looked at first or not; g.i counts it once taken.
func (g *flowGen) peek() pkt {
	if !g.hasAhead {
		g.ahead, g.hasAhead = g.makePkt(), true
	}
	return g.ahead
}

// timeOf returns the time of packet i: the packets are spread evenly over
// the flow's span, first packet at its start and last at its end.
func (g *flowGen) timeOf(i int64) int64 {
	if g.total <= 1 {
		return g.t0
	}
	return g.t0 + muldiv(g.dur, i, g.total-1)
}

// muldiv returns a*b/c without overflow, for 0 <= b <= c.
func muldiv(a, b, c int64) int64 {
	if c == 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// nextPkt returns the next packet of the flow; done is true when there is
// none left.
func (g *flowGen) nextPkt() (p pkt, done bool) {
	if g.i >= g.total {
		return p, true
	}
	p = g.peek()
	g.hasAhead = false
	g.i++
	return p, false
}

// makePkt makes packet g.i of the flow.
func (g *flowGen) makePkt() pkt {
	switch {
	case g.key.proto == 17:
		return g.nextUDP()
	case g.state == stateEstablished:
		return g.nextEstablished()
	}
	return g.nextRefused()
}

// nextUDP interleaves the client's datagrams with the server's answers.
func (g *flowGen) nextUDP() pkt {
	x, y := g.cli.packets, g.srv.packets
	if g.a < y && (g.d >= x || (g.a+1)*x <= g.d*y) {
		g.a++
		return datagram(&g.srv, g.a-1, y, false)
	}
	g.d++
	return datagram(&g.cli, g.d-1, x, true)
}

func datagram(s *side, j, n int64, fromCli bool) pkt {
	off, end := muldiv(s.payload, j, n), muldiv(s.payload, j+1, n)
	p := pkt{fromCli: fromCli, off: off, n: int(end - off)}
	if s.perDatagram {
		p.off = 0
	}
	return p
}

// nextRefused makes the SYNs of a rejected or unanswered connection, then
// the server's RST-ACKs (none for no_reply).
func (g *flowGen) nextRefused() pkt {
	if g.i < g.cli.packets {
		return pkt{fromCli: true, flags: fSYN}
	}
	return pkt{flags: fRST | fACK}
}

// nextEstablished walks the phases of a TCP conversation: handshake, the
// client's data with the server's ACKs, the server's data with the client's
// ACKs, and a FIN teardown started by the client.
func (g *flowGen) nextEstablished() pkt {
	for {
		g.phase++
		switch g.phase {
		case 1:
			return pkt{fromCli: true, flags: fSYN}
		case 2:
			return pkt{flags: fSYN | fACK}
		case 3:
			return pkt{fromCli: true, flags: fACK}
		case 4, 5:
			// The client's data then the server's, or the other way round
			// for protocols whose server speaks first (SMTP).
			cliTurn := (g.phase == 4) != g.serverFirst
			var p pkt
			var ok bool
			if cliTurn {
				p, ok = g.merge(&g.cli, g.kc, g.bs, true)
			} else {
				p, ok = g.merge(&g.srv, g.ks, g.ac, false)
			}
			if ok {
				g.phase--
				return p
			}
			if g.phase == 4 {
				g.d, g.a = 0, 0
			}
		case 6:
			return fin(&g.cli, g.kc, true)
		case 7:
			return fin(&g.srv, g.ks, false)
		default:
			return pkt{fromCli: true, flags: fACK}
		}
	}
}

// merge interleaves x data segments of sender with y pure ACKs of the
// other side, each ACK right after the data it acknowledges.
func (g *flowGen) merge(sender *side, x, y int64, senderIsCli bool) (pkt, bool) {
	if g.d >= x && g.a >= y {
		return pkt{}, false
	}
	if g.a < y && (g.d >= x || (g.a+1)*x <= g.d*y) {
		g.a++
		return pkt{fromCli: !senderIsCli, flags: fACK}, true
	}
	off, end := muldiv(sender.payload, g.d, x), muldiv(sender.payload, g.d+1, x)
	g.d++
	flags := fACK
	if g.d == x {
		flags |= fPSH
	}
	return pkt{fromCli: senderIsCli, flags: flags, off: off, n: int(end - off)}, true
}

// fin makes a side's FIN; a side with payload but no packet left for data
// sends it with its FIN.
func fin(s *side, segments int64, fromCli bool) pkt {
	p := pkt{fromCli: fromCli, flags: fFIN | fACK}
	if segments == 0 && s.payload > 0 {
		p.flags |= fPSH
		p.n = int(s.payload)
	}
	return p
}
