package pcap

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/soclab/soclab/generator/telemetry"
)

// Records without their flow: a DNS record gets its own exchange, a proxy
// record too late for its flow joins nothing, a firewall deny of a
// connection a flow already tells of adds no packet, and a flow that
// breaks the contract is counted and still decodes.
func TestRecordsWithoutFlows(t *testing.T) {
	s := &sample{}
	c := conn("10.1.1.1", 40000, "10.1.1.53", 53, "udp")
	s.add(0, (&telemetry.DNS{Resolver: resolver, Conn: c, ID: 3, Name: "solo.example", QType: "A", RCode: "NOERROR",
		Answers: []telemetry.DNSAnswer{{Name: "solo.example", Type: "A", Data: "192.0.2.8", TTL: 9}}}).Build)
	web := conn("10.1.1.1", 40001, "192.0.2.80", 80, "tcp")
	s.flow(time.Second, web, "established", time.Second, 5, 500, 5, 500)
	s.add(time.Second+MatchWindow+time.Millisecond, (&telemetry.Proxy{Conn: web, Method: "GET", Scheme: "http", Host: "late.example", Path: "/", Status: 200}).Build)
	scan := conn("198.51.100.1", 50000, "10.1.1.1", 22, "tcp")
	s.flow(20*time.Second, scan, "rejected", time.Millisecond, 1, 0, 1, 0)
	s.add(20*time.Second, (&telemetry.Firewall{Firewall: fwObs, Conn: scan, Direction: "inbound"}).Build)
	broken := conn("10.1.1.1", 40002, "192.0.2.81", 80, "tcp")
	s.flow(30*time.Second, broken, "established", time.Second, 2, 10, 0, 0)
	data, w := writeAll(t, s.events)
	st := w.Stats()
	if st.DNS != 1 || st.Unmatched != 1 || st.Firewall != 0 || st.Mismatched != 1 || st.Flows != 3 {
		t.Fatalf("stats %+v", st)
	}
	frames := decodeAll(t, data)
	if len(frames) != 2+10+2+6 {
		t.Fatalf("%d frames", len(frames))
	}
	q, r := frames[0], frames[1]
	if q.dns == nil || r.dns == nil || len(r.dns.Answers) != 1 || r.ts.Sub(q.ts) != time.Millisecond {
		t.Fatalf("stand-in DNS exchange: %+v %+v", q.dns, r.dns)
	}
	if binary.BigEndian.Uint16(q.payload) != 3 {
		t.Fatalf("stand-in DNS id %d", binary.BigEndian.Uint16(q.payload))
	}
}

// A firewall deny no flow tells of is a lone SYN at its time.
func TestFirewallDeny(t *testing.T) {
	s := &sample{}
	c := conn("203.0.113.5", 51515, "10.0.0.1", 3389, "tcp")
	s.add(time.Minute, (&telemetry.Firewall{Firewall: fwObs, Conn: c, Direction: "inbound"}).Build)
	s.add(time.Minute, (&telemetry.Firewall{Firewall: fwObs, Conn: conn("203.0.113.5", 51516, "10.0.0.1", 3389, "tcp"), Allow: true}).Build)
	data, _ := writeAll(t, s.events)
	frames := decodeAll(t, data)
	if len(frames) != 1 || !frames[0].tcp.SYN || frames[0].tcp.ACK || !frames[0].ts.Equal(t0.Add(time.Minute)) || frames[0].dport != 3389 {
		t.Fatalf("frames %+v", frames)
	}
}
