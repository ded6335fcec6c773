package telemetry

import (
	"encoding/binary"
	"strings"
	"time"
	"unsafe"

	"github.com/soclab/soclab/event"
)

// zeek.go writes the zeek.* fields Elastic's Zeek integration keeps beside
// ECS for the connection and dns data streams (the conn.log and dns.log
// columns it does not move to ECS fields), derived from the same record
// so that they always agree with its ECS fields: conn_state and history
// follow the flow's state, transport and byte counts (as the packets of
// generator/pcap show them), local_orig and local_resp its
// network.direction, the dns.log columns its question, answers and
// response code.

// zeekUIDLen is the length of a Zeek uid: "C" and 17 base62 digits.
const zeekUIDLen = 18

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// ZeekUID returns the Zeek uid (zeek.session_id) of the connection c that
// started at t: "C" and 17 base62 digits, as Zeek writes them. Zeek draws
// uids at random; soclab derives them from the 5-tuple and the start time,
// so that the same lab and seed give the same uids and a DNS exchange's
// dns record and its conn record (same 5-tuple, same start) share one, as
// in Zeek.
func ZeekUID(c Conn, t time.Time) string {
	var b [zeekUIDLen]byte
	putZeekUID(&b, c, t)
	return string(b[:])
}

func putZeekUID(b *[zeekUIDLen]byte, c Conn, t time.Time) {
	s, d := c.SrcIP.As16(), c.DstIP.As16()
	h, be := uint64(0x5a17c0de), binary.BigEndian
	for _, w := range [...]uint64{be.Uint64(s[:8]), be.Uint64(s[8:]), be.Uint64(d[:8]), be.Uint64(d[8:]),
		uint64(c.SrcPort)<<24 | uint64(c.DstPort)<<8 | uint64(protoNumbers[c.Transport]), uint64(t.UnixNano())} {
		h = mix64(h ^ w)
	}
	lo, hi := h, mix64(h^0x9e3779b97f4a7c15)
	b[0] = 'C'
	for i := 1; i <= 11; i++ {
		b[i] = base62[lo%62]
		lo /= 62
	}
	for i := 12; i < zeekUIDLen; i++ {
		b[i] = base62[hi%62]
		hi /= 62
	}
}

// mix64 is SplitMix64's finaliser: enough to spread the 5-tuple over the
// uid. Uids need no secrecy: the 5-tuple and time they hide are in the
// same record.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// zeekUIDValue is ZeekUID as a field value, carved from ids' chunk when a
// source hands one (see ConnIDs) instead of allocated alone.
func zeekUIDValue(ids *ConnIDs, c Conn, t time.Time) event.Value {
	if ids == nil {
		return event.String(ZeekUID(c, t))
	}
	b := ids.carve(zeekUIDLen)
	putZeekUID((*[zeekUIDLen]byte)(b), c, t)
	return event.String(unsafe.String(&b[0], zeekUIDLen))
}

// connState is what Zeek's conn.log says of a flow: conn_state, its
// meaning (zeek.connection.state_message, as Elastic's pipeline words it)
// and the event.type Elastic's pipeline gives the state.
type connState struct {
	state, message string
	types          event.Value
}

// The conn_states soclab's flows take, with Elastic's words and types.
var (
	connSF  = connState{"SF", "Normal establishment and termination.", typeConnStartEnd}
	connS0  = connState{"S0", "Connection attempt seen, no reply.", typeConnStart}
	connREJ = connState{"REJ", "Connection attempt rejected.", typeConnStartDenied}
	connOTH = connState{"OTH", "No SYN seen, just midstream traffic (a 'partial connection' that was not later closed).", typeConnInfo}
)

// connStates are every conn_state Zeek logs, as Elastic's pipeline words
// and types them, for records that carry their own (Flow.ConnState, from
// an imported conn.log).
var connStates = map[string]connState{
	"SF": connSF, "S0": connS0, "REJ": connREJ, "OTH": connOTH,
	"S1":     {"S1", "Connection established, not terminated.", typeConnStart},
	"S2":     {"S2", "Connection established and close attempt by originator seen (but no reply from responder).", typeConnInfo},
	"S3":     {"S3", "Connection established and close attempt by responder seen (but no reply from originator).", typeConnInfo},
	"RSTO":   {"RSTO", "Connection established, originator aborted (sent a RST).", typeConnInfo},
	"RSTR":   {"RSTR", "Responder sent a RST.", typeConnInfo},
	"RSTOS0": {"RSTOS0", "Originator sent a SYN followed by a RST, we never saw a SYN-ACK from the responder.", typeConnInfo},
	"RSTRH":  {"RSTRH", "Responder sent a SYN ACK followed by a RST, we never saw a SYN from the (purported) originator.", typeConnInfo},
	"SH":     {"SH", "Originator sent a SYN followed by a FIN, we never saw a SYN ACK from the responder (hence the connection was 'half' open).", typeConnInfo},
	"SHR":    {"SHR", "Responder sent a SYN ACK followed by a FIN, we never saw a SYN from the originator.", typeConnInfo},
}

// zeekConnState maps soclab's flow state to Zeek's: an established flow
// ran to its end (SF, the packets close it with FINs), a rejected one was
// refused (REJ: SYN answered by RST), one without reply is S0. ICMP, which
// has no handshake, is OTH.
func zeekConnState(transport, state, logged string) connState {
	if logged != "" {
		if cs, ok := connStates[logged]; ok {
			return cs
		}
	}
	switch {
	case transport == "icmp":
		return connOTH
	case state == "rejected":
		return connREJ
	case state == "no_reply":
		return connS0
	}
	return connSF
}

// Header bytes of one packet, as generator/pcap writes them (no options):
// IPv4 20 or IPv6 40, plus TCP 20 or UDP 8.
func headerBytes(c Conn) int64 {
	n := int64(20)
	if c.SrcIP.Is6() {
		n = 40
	}
	switch c.Transport {
	case "tcp":
		return n + 20
	case "udp":
		return n + 8
	}
	return n + 8 // ICMP echo header
}

// zeekHistory is the conn.log history of a flow, from the packets
// generator/pcap writes for it: a TCP flow that ran to its end is SYN (S),
// SYN-ACK (h), ACK (A), the client's data (D) acknowledged by the server
// (a), the server's data (d), then a FIN each way (F, f); a refused one is
// a SYN answered by RST (Sr); one without reply its SYN (S). UDP and ICMP
// have the data letters only (D from the client, d back).
func zeekHistory(f *Flow, cs connState) string {
	srcData := f.SrcBytes > f.SrcPackets*headerBytes(f.Conn)
	dstData := f.DstBytes > f.DstPackets*headerBytes(f.Conn)
	if f.Conn.Transport != "tcp" {
		if f.DstPackets == 0 {
			return "D"
		}
		return "Dd"
	}
	switch cs.state {
	case "REJ":
		return "Sr"
	case "S0":
		return "S"
	}
	switch {
	case srcData && dstData:
		return "ShADadFf"
	case srcData:
		return "ShADaFf"
	case dstData:
		return "ShAdFf"
	}
	return "ShAFf"
}

// localFlags are zeek.connection.local_orig and local_resp for a
// network.direction: the values from which Elastic's pipeline derives the
// direction ("internal" both local, "outbound" the originator only,
// "inbound" the responder only, "external" neither).
func localFlags(direction string, c Conn) (orig, resp bool) {
	switch direction {
	case "internal":
		return true, true
	case "outbound":
		return true, false
	case "inbound":
		return false, true
	case "external":
		return false, false
	}
	return c.SrcIP.IsPrivate(), c.DstIP.IsPrivate()
}

// addZeekConn writes the zeek.* fields of a flow's conn.log record; the
// uid and history a record carries (Flow.UID, Flow.History: an imported
// conn.log's) win over derived ones.
func addZeekConn(e *event.Event, m Meta, f *Flow, cs connState) {
	if f.UID != "" {
		e.Add("zeek.session_id", event.String(f.UID))
	} else {
		e.Add("zeek.session_id", zeekUIDValue(m.ConnIDs, f.Conn, m.Time))
	}
	e.Add("zeek.connection.state", event.String(cs.state))
	e.Add("zeek.connection.state_message", event.String(cs.message))
	if f.History != "" {
		e.Add("zeek.connection.history", event.String(f.History))
	} else {
		e.Add("zeek.connection.history", event.String(zeekHistory(f, cs)))
	}
	orig, resp := localFlags(f.Direction, f.Conn)
	e.Add("zeek.connection.local_orig", event.Bool(orig))
	e.Add("zeek.connection.local_resp", event.Bool(resp))
	e.Add("zeek.connection.missed_bytes", event.Int(f.MissedBytes))
}

// dnsQTypes are the QTYPE numbers of the record types soclab's resolver
// logs (RFC 1035, 3596, 2782, 9460).
var dnsQTypes = map[string]int64{"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16,
	"AAAA": 28, "SRV": 33, "HTTPS": 65, "ANY": 255}

// dnsRCodes are the RCODE numbers of the response codes (RFC 1035).
var dnsRCodes = map[string]int64{"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3, "NOTIMP": 4, "REFUSED": 5}

var (
	qclassIN     = event.Int(1)
	qclassINName = event.String("C_INTERNET")
	boolTrue     = event.Bool(true)
	boolFalse    = event.Bool(false)
)

// addZeekDNS writes the zeek.* fields of a DNS record's dns.log line: the
// flags match dns.header_flags (RD and RA), rejected is Zeek's "the reply
// carried no record at all" (soclab's resolver writes no authority or
// additional records, so a reply without answers is rejected), and
// answers and TTLs list dns.answers' data and ttl in order.
func addZeekDNS(e *event.Event, m Meta, d *DNS, id event.Value, rcode string) {
	if d.UID != "" {
		e.Add("zeek.session_id", event.String(d.UID))
	} else {
		e.Add("zeek.session_id", zeekUIDValue(m.ConnIDs, d.Conn, m.Time))
	}
	e.Add("zeek.dns.trans_id", id)
	e.Add("zeek.dns.query", event.String(d.Name))
	e.Add("zeek.dns.qclass", qclassIN)
	e.Add("zeek.dns.qclass_name", qclassINName)
	if n, ok := dnsQTypes[strings.ToUpper(d.QType)]; ok {
		e.Add("zeek.dns.qtype", event.Int(n))
	}
	e.Add("zeek.dns.qtype_name", event.String(d.QType))
	if n, ok := dnsRCodes[rcode]; ok {
		e.Add("zeek.dns.rcode", event.Int(n))
	}
	e.Add("zeek.dns.rcode_name", event.String(rcode))
	e.Add("zeek.dns.AA", boolFalse)
	e.Add("zeek.dns.TC", boolFalse)
	e.Add("zeek.dns.RD", boolTrue)
	e.Add("zeek.dns.RA", boolTrue)
	e.Add("zeek.dns.rejected", event.Bool(len(d.Answers) == 0))
}
