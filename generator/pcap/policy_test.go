package pcap

import (
	"bytes"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// TestDefaultPolicyKeepsOpeningAndTeardown writes a 50 MB flow with the
// default policy: its handshake, its first packets within the stream
// depth, and its teardown are captured, nothing else; sequence numbers
// after the gap still count every byte sent.
func TestDefaultPolicyKeepsOpeningAndTeardown(t *testing.T) {
	const size = 50 << 20
	data, w := writeWith(t, DefaultPolicy, bigFlow(size))
	if w.Stats().Truncated != 1 || w.Packets() > DefaultPolicy.HeadPackets+3 {
		t.Fatalf("packets %d, truncated %d", w.Packets(), w.Stats().Truncated)
	}
	r, err := pcapgo.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var flags []string
	var synAckSeq, finSeq uint32
	var payload int64
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(data, layers.LinkTypeEthernet, gopacket.Default)
		tcp := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
		f := ""
		if tcp.SYN {
			f += "S"
		}
		if tcp.FIN {
			f += "F"
		}
		if tcp.RST {
			f += "R"
		}
		flags = append(flags, f)
		if tcp.SrcPort == 443 {
			if tcp.SYN {
				synAckSeq = tcp.Seq
			}
			if tcp.FIN {
				finSeq = tcp.Seq
			}
			payload += int64(len(tcp.Payload))
		}
	}
	if flags[0] != "S" || flags[1] != "S" || flags[2] != "" {
		t.Errorf("handshake not first: %v", flags[:3])
	}
	n := len(flags)
	if flags[n-3] != "F" || flags[n-2] != "F" || flags[n-1] != "" {
		t.Errorf("teardown not last: %v", flags[n-3:])
	}
	if payload == 0 || payload > DefaultPolicy.StreamDepth+1460 {
		t.Errorf("captured %d payload bytes of the server, depth %d", payload, DefaultPolicy.StreamDepth)
	}
	if finSeq-synAckSeq != 1+size {
		t.Errorf("server FIN at sequence +%d, want +%d: the bytes left out must still count", finSeq-synAckSeq, 1+size)
	}
}
