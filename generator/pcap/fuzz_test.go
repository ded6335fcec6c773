package pcap

import (
	"testing"
	"time"
)

// FuzzFlow writes one flow of arbitrary counts: the writer must not fail
// or panic, every frame must decode (a UDP port 53 payload as a whole DNS
// message), and a flow it does not count as mismatched must match its
// event exactly.
func FuzzFlow(f *testing.F) {
	f.Add(uint8(0), false, uint16(443), uint16(10), uint32(5000), uint16(12), uint32(90000), uint32(2000))
	f.Add(uint8(1), false, uint16(22), uint16(1), uint32(40), uint16(1), uint32(40), uint32(1))
	f.Add(uint8(2), false, uint16(80), uint16(3), uint32(120), uint16(0), uint32(0), uint32(3000))
	f.Add(uint8(0), true, uint16(40000), uint16(3), uint32(900), uint16(2), uint32(100), uint32(10))
	f.Add(uint8(0), false, uint16(80), uint16(4), uint32(1), uint16(1), uint32(0), uint32(0))
	// made-up DNS in large datagrams once did not decode (TestMadeUpDNSLargeDatagrams)
	f.Add(uint8(0), true, uint16(0), uint16(107), uint32(4943), uint16(167), uint32(89880), uint32(9000))
	f.Add(uint8(0), true, uint16(0), uint16(1), uint32(46), uint16(1), uint32(46), uint32(1))
	f.Fuzz(func(t *testing.T, state uint8, udp bool, port, srcPkts uint16, srcBytes uint32, dstPkts uint16, dstBytes, durMs uint32) {
		checkFlow(t, state, udp, port, srcPkts, srcBytes, dstPkts, dstBytes, time.Duration(durMs)*time.Millisecond)
	})
}

// FuzzFlowSpan is FuzzFlow with a span in nanoseconds: event.end need not
// fall on a millisecond (such flows once made the writer loop forever).
func FuzzFlowSpan(f *testing.F) {
	f.Add(uint8(0), false, uint16(443), uint16(10), uint32(5000), uint16(12), uint32(90000), uint64(1500123))
	f.Add(uint8(0), false, uint16(443), uint16(40), uint32(20000), uint16(60), uint32(900000), uint64(999))
	f.Add(uint8(1), false, uint16(22), uint16(1), uint32(40), uint16(1), uint32(40), uint64(1))
	f.Add(uint8(0), true, uint16(53), uint16(1), uint32(60), uint16(1), uint32(90), uint64(31000001))
	f.Add(uint8(0), true, uint16(53), uint16(107), uint32(4943), uint16(167), uint32(89880), uint64(1500000001))
	f.Fuzz(func(t *testing.T, state uint8, udp bool, port, srcPkts uint16, srcBytes uint32, dstPkts uint16, dstBytes uint32, span uint64) {
		checkFlow(t, state, udp, port, srcPkts, srcBytes, dstPkts, dstBytes, time.Duration(span%uint64(24*time.Hour)))
	})
}

// checkFlow writes one flow of arbitrary counts and span, and checks it as
// FuzzFlow says.
func checkFlow(t *testing.T, state uint8, udp bool, port, srcPkts uint16, srcBytes uint32, dstPkts uint16, dstBytes uint32, span time.Duration) {
	{
		if srcBytes > 4<<20 || dstBytes > 4<<20 || srcPkts > 5000 || dstPkts > 5000 {
			t.Skip("too big")
		}
		transport := "tcp"
		if udp {
			transport = "udp"
		}
		// ports whose payload gopacket decodes with a strict decoder, save DNS
		// over UDP, are left to tshark's test: opaque bytes do not parse there.
		port = []uint16{53, 443, 40000, 22, 80}[port%5]
		if port == 53 && !udp {
			port = 5353
		}
		c := conn("10.0.0.1", 40000, "10.0.0.2", int(port), transport)
		h := hdr(c)
		s := &sample{}
		st := []string{"established", "rejected", "no_reply"}[state%3]
		s.flow(0, c, st, span, int64(srcPkts), int64(srcBytes)-h*int64(srcPkts), int64(dstPkts), int64(dstBytes)-h*int64(dstPkts))
		data, w := writeAll(t, s.events)
		frames := decodeAll(t, data)
		for i := range frames {
			if f := &frames[i]; f.proto == 17 && port == 53 && len(f.payload) >= minDNS {
				checkDNSPayload(t, f.payload, f.sport == 53)
			}
		}
		if w.Stats().Mismatched > 0 {
			return
		}
		want := expectations(t, s.events)
		for i := range frames {
			x, fromClient := match(want, &frames[i])
			if fromClient {
				x.gotSrcP, x.gotSrcB = x.gotSrcP+1, x.gotSrcB+frames[i].ipLen
			} else {
				x.gotDstP, x.gotDstB = x.gotDstP+1, x.gotDstB+frames[i].ipLen
			}
		}
		for _, x := range want {
			if x.gotSrcP != x.srcPkts || x.gotSrcB != x.srcBytes || x.gotDstP != x.dstPkts || x.gotDstB != x.dstBytes {
				t.Fatalf("src %d/%d dst %d/%d, event %d/%d %d/%d", x.gotSrcP, x.gotSrcB, x.gotDstP, x.gotDstB, x.srcPkts, x.srcBytes, x.dstPkts, x.dstBytes)
			}
		}
	}
}
