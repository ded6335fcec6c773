package pcap

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/soclab/soclab/event"
)

// frame is one decoded packet of a written capture.
type frame struct {
	ts      time.Time
	src     netip.Addr
	dst     netip.Addr
	sport   uint16
	dport   uint16
	proto   uint8
	ipLen   int64
	tcp     *layers.TCP
	dns     *layers.DNS
	payload []byte
}

// decodeAll reads a capture back with gopacket and fails on any frame it
// cannot decode.
func decodeAll(t testing.TB, data []byte) []frame {
	t.Helper()
	r, err := pcapgo.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if r.LinkType() != layers.LinkTypeEthernet {
		t.Fatalf("link type %v", r.LinkType())
	}
	var out []frame
	for {
		raw, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(raw, layers.LinkTypeEthernet, gopacket.Default)
		if el := p.ErrorLayer(); el != nil {
			t.Fatalf("frame %d: %v", len(out)+1, el.Error())
		}
		if ci.Timestamp.IsZero() || ci.Timestamp.Unix() == 0 {
			t.Fatalf("frame %d: zero timestamp", len(out)+1)
		}
		f := frame{ts: ci.Timestamp}
		switch ip := p.NetworkLayer().(type) {
		case *layers.IPv4:
			f.src, _ = netip.AddrFromSlice(ip.SrcIP.To4())
			f.dst, _ = netip.AddrFromSlice(ip.DstIP.To4())
			f.ipLen = int64(ip.Length)
		case *layers.IPv6:
			f.src, _ = netip.AddrFromSlice(ip.SrcIP)
			f.dst, _ = netip.AddrFromSlice(ip.DstIP)
			f.ipLen = 40 + int64(ip.Length)
		default:
			t.Fatalf("frame %d: no IP layer", len(out)+1)
		}
		switch l4 := p.TransportLayer().(type) {
		case *layers.TCP:
			f.tcp, f.sport, f.dport, f.proto = l4, uint16(l4.SrcPort), uint16(l4.DstPort), 6
			f.payload = l4.Payload
		case *layers.UDP:
			f.sport, f.dport, f.proto = uint16(l4.SrcPort), uint16(l4.DstPort), 17
			f.payload = l4.Payload
		}
		if d, ok := p.Layer(layers.LayerTypeDNS).(*layers.DNS); ok {
			f.dns = d
		}
		out = append(out, f)
	}
	return out
}

// key returns the frame's 5-tuple from the client's side, given which end
// is the client.
func (f *frame) key(fromClient bool) tuple {
	if fromClient {
		return tuple{src: f.src, dst: f.dst, sport: f.sport, dport: f.dport, proto: f.proto}
	}
	return tuple{src: f.dst, dst: f.src, sport: f.dport, dport: f.sport, proto: f.proto}
}

// expect is what a flow (or firewall) event says about its packets.
type expect struct {
	start, end         int64
	srcPkts, srcBytes  int64
	dstPkts, dstBytes  int64
	gotSrcP, gotSrcB   int64
	gotDstP, gotDstB   int64
	dataset, state, id string
}

func expectations(t testing.TB, events []*event.Event) map[tuple]*expect {
	t.Helper()
	want := map[tuple]*expect{}
	for _, e := range events {
		k, ok := connOf(e)
		if !ok || (e.Dataset() != "zeek.connection" && e.Dataset() != "soclab.firewall") {
			continue
		}
		if _, dup := want[k]; dup {
			t.Fatalf("sample reuses the 5-tuple %v", k)
		}
		start, _ := unixNano(e, "@timestamp")
		x := &expect{start: start, end: start, dataset: e.Dataset(), id: e.ID(), state: str(e, "soclab.flow.state")}
		if e.Dataset() == "zeek.connection" {
			x.end, _ = unixNano(e, "event.end")
			x.srcPkts, x.srcBytes = num(e, "source.packets"), num(e, "source.bytes")
			x.dstPkts, x.dstBytes = num(e, "destination.packets"), num(e, "destination.bytes")
		} else {
			x.srcPkts, x.srcBytes = 1, 40
		}
		want[k] = x
	}
	return want
}

// match finds the event of a frame, in either direction.
func match(want map[tuple]*expect, f *frame) (*expect, bool) {
	if x, ok := want[f.key(true)]; ok {
		return x, true
	}
	if x, ok := want[f.key(false)]; ok {
		return x, false
	}
	return nil, false
}
