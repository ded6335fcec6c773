package pcap

import (
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/soclab/soclab/generator/telemetry"
)

// A UDP port 53 flow without a DNS record and with large datagrams (found
// by FuzzFlow) once carried made-up messages that did not decode ("resource
// record length exceeds data"): every datagram must be a well-formed DNS
// message and the flow's bytes must stay exact.
func TestMadeUpDNSLargeDatagrams(t *testing.T) {
	for _, dur := range []time.Duration{9 * time.Second, 2 * time.Millisecond, 1500*time.Millisecond + 1} {
		s := &sample{}
		c := conn("10.0.0.1", 40000, "10.0.0.2", 53, "udp")
		f := telemetry.Flow{Sensor: sensor, Conn: c, Direction: "outbound", Duration: dur, State: "established",
			SrcPackets: 107, SrcBytes: 4943, DstPackets: 167, DstBytes: 89880}
		s.add(0, f.Build)
		data, w := writeAll(t, s.events)
		if st := w.Stats(); st.Mismatched != 0 {
			t.Fatalf("%v: mismatched %+v", dur, st)
		}
		frames := decodeAll(t, data)
		var gotSrcP, gotSrcB, gotDstP, gotDstB int64
		for i := range frames {
			f := &frames[i]
			checkDNSPayload(t, f.payload, f.sport == 53)
			if f.dport == 53 {
				gotSrcP, gotSrcB = gotSrcP+1, gotSrcB+f.ipLen
			} else {
				gotDstP, gotDstB = gotDstP+1, gotDstB+f.ipLen
			}
		}
		if gotSrcP != 107 || gotSrcB != 4943 || gotDstP != 167 || gotDstB != 89880 {
			t.Fatalf("%v: src %d/%d dst %d/%d, want 107/4943 167/89880", dur, gotSrcP, gotSrcB, gotDstP, gotDstB)
		}
	}
}

// Made-up DNS messages of every size from the smallest up, and large ones,
// decode and account for all their bytes, whatever name length the flow
// asks for.
func TestFillDNSMessageSizes(t *testing.T) {
	sizes := []int{}
	for n := minDNS; n <= 700; n++ {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 1472, 9000, 65507-1, 65507)
	for _, nameWire := range []int{0, 1, 2, 3, 4, 17, 63, 64, 65, 249, 250} {
		for _, n := range sizes {
			for _, resp := range []bool{false, true} {
				dst := make([]byte, n)
				fillDNSMessage(dst, resp, uint64(n)*7919+uint64(nameWire), nameWire)
				checkDNSPayload(t, dst, resp)
			}
		}
	}
}

// checkDNSPayload decodes a made-up DNS message and checks that it has one
// question, that its parts add up to its length and that it is a response
// when it should be.
func checkDNSPayload(t *testing.T, b []byte, response bool) {
	t.Helper()
	var d layers.DNS
	if err := d.DecodeFromBytes(b, gopacket.NilDecodeFeedback); err != nil {
		t.Fatalf("%d-byte message does not decode: %v\n% x", len(b), err, b)
	}
	if d.QR != response || len(d.Questions) != 1 || len(d.Answers) != 0 || len(d.Authorities) != 0 {
		t.Fatalf("%d-byte message: QR %v, %d questions, %d answers, %d authorities", len(b), d.QR, len(d.Questions), len(d.Answers), len(d.Authorities))
	}
	name := len(d.Questions[0].Name) + 2 // labels and root
	if len(d.Questions[0].Name) == 0 {
		name = 1
		if b[12] != 0 {
			name = 2 // a pointer to a zero byte of the header
		}
	}
	n := 12 + name + 4
	for _, rr := range d.Additionals {
		if rr.Type != layers.DNSTypeOPT || len(rr.Name) != 0 {
			t.Fatalf("%d-byte message: additional %v %q", len(b), rr.Type, rr.Name)
		}
		n += 11 + len(rr.Data)
	}
	if n != len(b) {
		t.Fatalf("%d-byte message: parts add up to %d\n% x", len(b), n, b)
	}
}
