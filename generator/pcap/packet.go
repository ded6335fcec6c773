package pcap

import (
	"net/netip"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// window is the receive window every packet advertises (no window scaling:
// the contract's TCP header has no options).
const window = 64240

// macOf derives a stable, locally administered unicast MAC from an IP
// address, so that the same host always has the same MAC.
func macOf(ip netip.Addr) [6]byte {
	b := ip.As16()
	x := splitmix(uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[12])<<24 | uint64(b[13])<<16 | uint64(b[14])<<8 | uint64(b[15]) ^ uint64(b[8])<<4)
	return [6]byte{0x02, byte(x >> 32), byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)}
}

// packer turns packet descriptions into frames, reusing its layers and
// buffers from one packet to the next.
type packer struct {
	buf     gopacket.SerializeBuffer
	payload []byte
	eth     layers.Ethernet
	ip4     layers.IPv4
	ip6     layers.IPv6
	tcp     layers.TCP
	udp     layers.UDP
	opts    gopacket.SerializeOptions
}

func newPacker() packer {
	return packer{buf: gopacket.NewSerializeBuffer(), opts: gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}}
}

// write serializes packet p of flow g, sent at ts (Unix ns), and appends
// it to pw.
func (k *packer) write(pw *pcapgo.Writer, g *flowGen, p pkt, ts int64) error {
	s, r := &g.srv, &g.cli
	if p.fromCli {
		s, r = r, s
	}
	if cap(k.payload) < p.n {
		k.payload = make([]byte, p.n)
	}
	data := k.payload[:p.n]
	s.st.read(p.off, data)
	k.eth = layers.Ethernet{SrcMAC: s.mac[:], DstMAC: r.mac[:], EthernetType: layers.EthernetTypeIPv4}
	var ip gopacket.NetworkLayer
	proto := layers.IPProtocol(g.key.proto)
	if s.ip.Is4() {
		k.ip4 = layers.IPv4{Version: 4, IHL: 5, TTL: 64, Flags: layers.IPv4DontFragment, Id: s.ipID, Protocol: proto, SrcIP: s.ip.AsSlice(), DstIP: r.ip.AsSlice()}
		ip = &k.ip4
	} else {
		k.eth.EthernetType = layers.EthernetTypeIPv6
		k.ip6 = layers.IPv6{Version: 6, HopLimit: 64, NextHeader: proto, SrcIP: s.ip.AsSlice(), DstIP: r.ip.AsSlice()}
		ip = &k.ip6
	}
	s.ipID++
	var l4 gopacket.SerializableLayer
	if g.key.proto == 17 {
		k.udp = layers.UDP{SrcPort: layers.UDPPort(s.port), DstPort: layers.UDPPort(r.port)}
		_ = k.udp.SetNetworkLayerForChecksum(ip)
		l4 = &k.udp
	} else {
		k.tcpLayer(s, r, p)
		_ = k.tcp.SetNetworkLayerForChecksum(ip)
		l4 = &k.tcp
	}
	if err := gopacket.SerializeLayers(k.buf, k.opts, &k.eth, ip.(gopacket.SerializableLayer), l4, gopacket.Payload(data)); err != nil {
		return err
	}
	frame := k.buf.Bytes()
	ci := gopacket.CaptureInfo{Timestamp: time.Unix(0, ts), CaptureLength: len(frame), Length: len(frame)}
	return pw.WritePacket(ci, frame)
}

// tcpLayer fills the TCP header of p from s to r: sequence numbers count
// the SYN, the payload sent so far and the FIN; ACKs acknowledge all the
// other side has sent.
func (k *packer) tcpLayer(s, r *side, p pkt) {
	k.tcp = layers.TCP{SrcPort: layers.TCPPort(s.port), DstPort: layers.TCPPort(r.port), DataOffset: 5, Window: window}
	t := &k.tcp
	t.SYN, t.ACK, t.FIN, t.RST, t.PSH = p.flags&fSYN != 0, p.flags&fACK != 0, p.flags&fFIN != 0, p.flags&fRST != 0, p.flags&fPSH != 0
	switch {
	case t.SYN:
		t.Seq = s.isn
	case t.RST:
		t.Seq, t.Window = 0, 0
	default:
		t.Seq = s.isn + 1 + uint32(s.sent) + b2u(s.finSent)
	}
	if t.ACK {
		t.Ack = r.isn + 1 + uint32(r.sent) + b2u(r.finSent)
	}
	s.sent += int64(p.n)
	if t.FIN {
		s.finSent = true
	}
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
