package telemetry

import (
	"regexp"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

var uidShape = regexp.MustCompile(`^C[0-9A-Za-z]{17}$`)

// TestZeekUID: uids look like Zeek's, are the same for the same connection
// and start, differ otherwise, and a DNS record and its flow share one
// whether or not the builder hands a ConnIDs.
func TestZeekUID(t *testing.T) {
	c := refDNSConn
	u := ZeekUID(c, refTime)
	if !uidShape.MatchString(u) || u != ZeekUID(c, refTime) {
		t.Fatalf("uid %q", u)
	}
	seen := map[string]bool{u: true}
	for i := 1; i < 2000; i++ {
		d := c
		d.SrcPort = c.SrcPort + i%1000
		at := refTime.Add(time.Duration(i/1000) * time.Millisecond)
		v := ZeekUID(d, at)
		if !uidShape.MatchString(v) || seen[v] {
			t.Fatalf("uid %q for port %d at %v: bad shape or repeated", v, d.SrcPort, at)
		}
		seen[v] = true
	}
	for _, ids := range []*ConnIDs{nil, {}} {
		var fe, de event.Event
		m := Meta{Time: refTime, ID: "x", ConnIDs: ids}
		(&Flow{Conn: c, SrcPackets: 1, SrcBytes: 61, DstPackets: 1, DstBytes: 77}).Build(&fe, m)
		(&DNS{Conn: c, Name: "www.example.com", QType: "A"}).Build(&de, m)
		if fe.Str("zeek.session_id") != u || de.Str("zeek.session_id") != u {
			t.Errorf("ConnIDs %v: flow %q, dns %q, want %q", ids != nil, fe.Str("zeek.session_id"), de.Str("zeek.session_id"), u)
		}
	}
}

// TestZeekConnAgreesWithECS: a flow's conn_state, history and event.type
// follow its state and transport, its local flags its network.direction
// (as Elastic's pipeline would derive the direction back), and its
// outcome is success exactly when the state is SF.
func TestZeekConnAgreesWithECS(t *testing.T) {
	type want struct{ state, history, types string }
	tcp := Conn{SrcIP: refNet("10.10.0.42"), SrcPort: 50000, DstIP: refNet("93.184.216.34"), DstPort: 443, Transport: "tcp"}
	udp := refDNSConn
	for _, c := range []struct {
		f    Flow
		want want
	}{
		{Flow{Conn: tcp, State: "established", SrcPackets: 6, SrcBytes: 6*40 + 500, DstPackets: 5, DstBytes: 5*40 + 9000}, want{"SF", "ShADadFf", "connection,start,end"}},
		{Flow{Conn: tcp, State: "established", SrcPackets: 4, SrcBytes: 4 * 40, DstPackets: 3, DstBytes: 3*40 + 100}, want{"SF", "ShAdFf", "connection,start,end"}},
		{Flow{Conn: tcp, State: "established", SrcPackets: 5, SrcBytes: 5*40 + 10, DstPackets: 2, DstBytes: 2 * 40}, want{"SF", "ShADaFf", "connection,start,end"}},
		{Flow{Conn: tcp, State: "rejected", SrcPackets: 1, SrcBytes: 40, DstPackets: 1, DstBytes: 40}, want{"REJ", "Sr", "connection,start,denied"}},
		{Flow{Conn: tcp, State: "no_reply", SrcPackets: 3, SrcBytes: 120}, want{"S0", "S", "connection,start"}},
		{Flow{Conn: udp, State: "established", SrcPackets: 1, SrcBytes: 61, DstPackets: 1, DstBytes: 77}, want{"SF", "Dd", "connection,start,end"}},
		{Flow{Conn: udp, State: "no_reply", SrcPackets: 2, SrcBytes: 122}, want{"S0", "D", "connection,start"}},
	} {
		var e event.Event
		c.f.Build(&e, Meta{Time: refTime, ID: "x"})
		got := want{e.Str("zeek.connection.state"), e.Str("zeek.connection.history"), joinList(get(&e, "event.type"))}
		if got != c.want {
			t.Errorf("%s %s: got %+v, want %+v", c.f.Conn.Transport, c.f.State, got, c.want)
		}
		if ok := e.Str("event.outcome") == "success"; ok != (got.state == "SF") {
			t.Errorf("%s %s: outcome %s with state %s", c.f.Conn.Transport, c.f.State, e.Str("event.outcome"), got.state)
		}
		if e.Str("zeek.connection.state_message") == "" || get(&e, "zeek.connection.missed_bytes").IntVal() != 0 {
			t.Errorf("%s %s: state message or missed bytes missing", c.f.Conn.Transport, c.f.State)
		}
	}
	for _, dir := range []string{"internal", "outbound", "inbound", "external"} {
		var e event.Event
		(&Flow{Conn: tcp, Direction: dir}).Build(&e, Meta{Time: refTime, ID: "x"})
		orig, resp := get(&e, "zeek.connection.local_orig").BoolVal(), get(&e, "zeek.connection.local_resp").BoolVal()
		if back := elasticDirection(orig, resp); back != dir || e.Str("network.direction") != dir {
			t.Errorf("direction %s: local_orig %v, local_resp %v give %s", dir, orig, resp, back)
		}
	}
}

// elasticDirection is how Elastic's Zeek pipeline derives
// network.direction from the local flags.
func elasticDirection(orig, resp bool) string {
	switch {
	case orig && resp:
		return "internal"
	case orig:
		return "outbound"
	case resp:
		return "inbound"
	}
	return "external"
}

func joinList(v event.Value) string {
	s := ""
	for i, x := range v.ListVal() {
		if i > 0 {
			s += ","
		}
		s += x.Str()
	}
	return s
}

// TestZeekDNSAgreesWithECS: the dns.log columns repeat the ECS fields of
// the same record: id, question, response code, flags, and the answers'
// data and ttl in order; a reply without records is rejected.
func TestZeekDNSAgreesWithECS(t *testing.T) {
	for _, d := range []DNS{
		{Conn: refDNSConn, ID: 7, Name: "a.example.com", QType: "TXT", Answers: []DNSAnswer{{Name: "a.example.com", Type: "TXT", Data: "v=spf1 -all", TTL: 30}}},
		{Conn: refDNSConn, ID: 8, Name: "b.example.com", QType: "AAAA", RCode: "SERVFAIL"},
		{Conn: refDNSConn, ID: 9, Name: "c.example.com", QType: "MX", Answers: []DNSAnswer{{Name: "c.example.com", Type: "MX", Data: "10 mx.example.com", TTL: 300}, {Name: "c.example.com", Type: "MX", Data: "20 mx2.example.com", TTL: 299}}},
	} {
		var e event.Event
		d.Build(&e, Meta{Time: refTime, ID: "x"})
		if e.Str("zeek.dns.trans_id") != e.Str("dns.id") || e.Str("zeek.dns.query") != e.Str("dns.question.name") ||
			e.Str("zeek.dns.qtype_name") != e.Str("dns.question.type") || e.Str("zeek.dns.rcode_name") != e.Str("dns.response_code") {
			t.Errorf("%s: zeek columns disagree with ECS", d.Name)
		}
		if want := dnsQTypes[d.QType]; get(&e, "zeek.dns.qtype").IntVal() != want {
			t.Errorf("%s: qtype %d, want %d", d.Name, get(&e, "zeek.dns.qtype").IntVal(), want)
		}
		if rej := get(&e, "zeek.dns.rejected").BoolVal(); rej != (len(d.Answers) == 0) {
			t.Errorf("%s: rejected %v with %d answers", d.Name, rej, len(d.Answers))
		}
		data, ttls := get(&e, "zeek.dns.answers").ListVal(), get(&e, "zeek.dns.TTLs").ListVal()
		if len(data) != len(d.Answers) || len(ttls) != len(d.Answers) {
			t.Fatalf("%s: %d answers, %d TTLs for %d", d.Name, len(data), len(ttls), len(d.Answers))
		}
		for i, a := range d.Answers {
			if data[i].Str() != a.Data || ttls[i].FloatVal() != float64(a.TTL) {
				t.Errorf("%s answer %d: %q %v, want %q %d", d.Name, i, data[i].Str(), ttls[i].FloatVal(), a.Data, a.TTL)
			}
		}
	}
}

// get is e's value of key, null when e has none.
func get(e *event.Event, key string) event.Value {
	v, _ := e.Get(key)
	return v
}
