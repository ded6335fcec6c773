package pcap

// policy.go is the capture policy: which packets of a conversation the
// simulated sensor writes. It looks only at the packets themselves (their
// place in the flow, their flags, how far into each side's stream they
// are), never at whether a flow is malicious, so a trainee cannot read the
// truth from what was kept. It does what real sensors do to keep full
// packet capture affordable: Suricata's stream depth and Arkime's
// per-session packet limit stop capturing a session's bulk, while its
// opening (where the protocol shows itself: banners, hellos, requests) and
// its teardown stay.

// Policy says which packets of each flow a Writer captures. The flow
// events are not affected: they always give a conversation's whole size.
type Policy struct {
	// HeadPackets is how far into a flow (in packets) its pure ACKs are
	// captured (0: all). Control packets (SYN, FIN, RST and the last ACK)
	// are always captured.
	HeadPackets int64
	// StreamDepth is how many payload bytes of each side's stream are
	// captured (0: all); a segment that starts beyond it is not. Each
	// side's opening is captured whatever the other side sent first.
	StreamDepth int64
	// MaxPackets stops capturing a flow after that many packets, teardown
	// included (0: no limit).
	MaxPackets int64
}

// DefaultPolicy keeps every flow's handshake, the first 4 KiB each side
// sends, its pure ACKs among its first 16 packets, and its teardown: enough for every
// protocol opening a trainee opens a capture for (banners, hellos, HTTP
// heads, SMB2 negotiation), and small enough that every bundled lab's
// capture stays well under 150 MB.
var DefaultPolicy = Policy{HeadPackets: 16, StreamDepth: 4 << 10}

// FullCapture captures every packet (up to DefaultMaxFlowPackets a flow).
var FullCapture = Policy{MaxPackets: DefaultMaxFlowPackets}

// keeps reports whether packet p, the i-th of flow g (0-based), is
// captured.
func (c Policy) keeps(g *flowGen, p pkt, i int64) bool {
	if c.MaxPackets > 0 && i >= c.MaxPackets {
		return false
	}
	if p.flags&(fSYN|fFIN|fRST) != 0 || i == g.total-1 && g.key.proto == 6 {
		return true
	}
	if p.n > 0 {
		return c.StreamDepth == 0 || p.off < c.StreamDepth
	}
	return c.HeadPackets == 0 || i < c.HeadPackets
}

// skip accounts for a packet that is not captured: the sender's sequence
// numbers and IP ids move on as if it had been written.
func skip(g *flowGen, p pkt) {
	s := &g.srv
	if p.fromCli {
		s = &g.cli
	}
	s.ipID++
	if g.key.proto == 6 && p.flags&fSYN == 0 && p.flags&fRST == 0 {
		s.sent += int64(p.n)
		if p.flags&fFIN != 0 {
			s.finSent = true
		}
	}
}
