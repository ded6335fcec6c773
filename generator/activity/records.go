package activity

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// Flow states and the TCP flags each shows (in the order "SAFRP").
const (
	stEstablished = "established"
	stRejected    = "rejected"
	stNoReply     = "no_reply"
)

// ephemeral returns a client port from the dynamic range.
func (s *Source) ephemeral() int { return 49152 + s.r.IntN(16384) }

// geoOf locates a public address (nil for internal ones).
func (s *Source) geoOf(ip netip.Addr) *telemetry.Geo {
	if !ip.IsValid() || !ip.Is4() || ip.As4()[0] == 10 {
		return nil
	}
	return s.w.geo(ip)
}

// direction is the flow sensor's view of a connection.
func direction(src, dst netip.Addr) string {
	return telemetry.Direction(src.Is4() && src.As4()[0] == 10, dst.Is4() && dst.As4()[0] == 10)
}

// tcpFlow builds an established TCP flow from a tally.
func (s *Source) tcpFlow(e *event.Event, t int64, c telemetry.Conn, proto string, dur int64, tally *tcpTally, domain string) int {
	f := s.estFlowRecord(c, proto, dur, tally, domain)
	f.Build(e, s.meta(t))
	return dsFlow
}

// estFlow returns the record of an established TCP flow.
func (s *Source) estFlow(c telemetry.Conn, proto string, dur int64, tally *tcpTally, domain string) *telemetry.Flow {
	f := s.estFlowRecord(c, proto, dur, tally, domain)
	return &f
}

// estFlowRecord is estFlow by value, for records built on the spot.
func (s *Source) estFlowRecord(c telemetry.Conn, proto string, dur int64, tally *tcpTally, domain string) telemetry.Flow {
	sp, sb, dp, db := tally.counts()
	dur -= dur % int64(time.Millisecond) // event.end keeps @timestamp's precision
	return telemetry.Flow{
		Sensor: s.w.Org.Sensor, Conn: c, Protocol: proto, Direction: direction(c.SrcIP, c.DstIP),
		Duration: time.Duration(dur), SrcPackets: sp, SrcBytes: sb, DstPackets: dp, DstBytes: db,
		State: stEstablished, TCPFlags: "SAFP", DstDomain: domain,
		SrcGeo: s.geoOf(c.SrcIP), DstGeo: s.geoOf(c.DstIP),
	}
}

// failedFlow builds a rejected (SYN answered by RST-ACK) or unanswered
// (1–3 SYNs) TCP connection attempt.
func (s *Source) failedFlow(e *event.Event, t int64, c telemetry.Conn, proto, state string) int {
	f := s.badFlowRecord(c, proto, state)
	f.Build(e, s.meta(t))
	return dsFlow
}

// noReplyDurations are the durations of 1, 2 and 3 unanswered SYNs.
var noReplyDurations = [3]time.Duration{0, time.Second, 3 * time.Second}

// badFlowRecord returns the record of a rejected or unanswered TCP attempt.
func (s *Source) badFlowRecord(c telemetry.Conn, proto, state string) telemetry.Flow {
	f := telemetry.Flow{
		Sensor: s.w.Org.Sensor, Conn: c, Protocol: proto, Direction: direction(c.SrcIP, c.DstIP),
		State: state, SrcGeo: s.geoOf(c.SrcIP), DstGeo: s.geoOf(c.DstIP),
	}
	if state == stRejected {
		f.SrcPackets, f.SrcBytes, f.DstPackets, f.DstBytes = 1, tcpOverhead, 1, tcpOverhead
		f.TCPFlags = "SAR"
		f.Duration = time.Duration(ms(int64(s.r.IntN(2))))
	} else {
		n := int64(1 + s.r.IntN(3))
		f.SrcPackets, f.SrcBytes = n, n*tcpOverhead
		f.TCPFlags = "S"
		f.Duration = noReplyDurations[n-1]
	}
	return f
}

// tcp returns a client connection from src to dst:port.
func (s *Source) tcp(src, dst netip.Addr, port int) telemetry.Conn {
	return telemetry.Conn{SrcIP: src, SrcPort: s.ephemeral(), DstIP: dst, DstPort: port, Transport: "tcp"}
}

// session returns the tally of a TCP session of n exchanges of about req
// and resp bytes each (each varied up to twice that).
func (s *Source) session(n int, req, resp int64) *tcpTally {
	t := &tcpTally{}
	for i := 0; i < n; i++ {
		t.exchange(req+s.r.Int64N(req+1), resp+s.r.Int64N(resp+1))
	}
	return t
}

// dnsFlow builds the UDP flow of one DNS exchange whose query and response
// datagrams are query and answer bytes long (IP lengths); it shares the DNS
// event's 5-tuple and time.
func (s *Source) dnsFlow(e *event.Event, t int64, c telemetry.Conn, query, answer, rtt int64) int {
	f := telemetry.Flow{
		Sensor: s.w.Org.Sensor, Conn: c, Protocol: "dns", Direction: direction(c.SrcIP, c.DstIP),
		Duration: time.Duration(rtt), SrcPackets: 1, SrcBytes: query,
		DstPackets: 1, DstBytes: answer, State: stEstablished,
	}
	f.Build(e, s.meta(t))
	return dsFlow
}

// dnsConn is a client's query connection to the internal resolver.
func (s *Source) dnsConn(client netip.Addr) telemetry.Conn {
	return telemetry.Conn{SrcIP: client, SrcPort: s.ephemeral(), DstIP: s.w.Org.Resolver.IP, DstPort: 53, Transport: "udp"}
}
