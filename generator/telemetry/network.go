package telemetry

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
)

// Conn is a connection's 5-tuple. Flow, DNS and proxy records of one
// conversation share it (and so their network.community_id), which is how
// the pcap writer and a trainee tie them together.
type Conn struct {
	SrcIP     netip.Addr
	SrcPort   int
	DstIP     netip.Addr
	DstPort   int
	Transport string // "tcp", "udp", "icmp"
}

// Direction is the network.direction of a connection whose source and
// destination are local or not: "internal" both, "outbound" the source
// only, "inbound" the destination only, "external" neither. Each caller
// says what local is (an organisation's ranges, private addresses, a
// conn.log's local_orig and local_resp).
func Direction(srcLocal, dstLocal bool) string {
	switch {
	case srcLocal && dstLocal:
		return "internal"
	case srcLocal:
		return "outbound"
	case dstLocal:
		return "inbound"
	}
	return "external"
}

// add writes the connection's fields; ids (which may be nil) remembers
// community ids.
func (c *Conn) add(e *event.Event, ids *ConnIDs) {
	addIP(e, "source.ip", c.SrcIP)
	addInt(e, "source.port", int64(c.SrcPort))
	addIP(e, "destination.ip", c.DstIP)
	addInt(e, "destination.port", int64(c.DstPort))
	addStr(e, "network.transport", c.Transport)
	if c.SrcIP.Is6() {
		e.Add("network.type", event.String("ipv6"))
	} else {
		e.Add("network.type", event.String("ipv4"))
	}
	e.Add("network.community_id", event.String(ids.communityID(*c)))
}

// Flow is one network connection seen by the network sensor, as Zeek's
// conn.log through Elastic's Zeek integration (dataset zeek.connection);
// @timestamp is its first packet.
//
// Fields: observer.*, event.action ("network_flow"), event.type (Elastic's
// for the conn_state: ["connection","start","end"] for SF,
// ["connection","start"] for S0, ["connection","start","denied"] for REJ),
// event.outcome ("success" when the responder answered, "failure" when it
// refused or never replied), event.start, event.end, event.duration,
// source.{ip,port,bytes,packets,geo} (bytes are IP bytes, Zeek's
// orig_ip_bytes), destination.{ip,port,bytes,packets,geo,domain},
// network.{transport,protocol,direction,type,bytes,packets,community_id},
// zeek.session_id (the uid, see ZeekUID), zeek.connection.{state,
// state_message,history,local_orig,local_resp,missed_bytes} (zeek.go), and
// soclab's own soclab.flow.tcp_flags (the flags seen, in the order "SAFRP":
// SYN, ACK, FIN, RST, PSH) and soclab.flow.state ("established",
// "rejected", "no_reply").
type Flow struct {
	Sensor     Observer
	Conn       Conn
	Protocol   string // application protocol: "http", "tls", "dns", "ssh", "smb", "rdp", "winrm", ...
	Direction  string // "inbound", "outbound", "internal", "external"
	Duration   time.Duration
	SrcBytes   int64
	SrcPackets int64
	DstBytes   int64
	DstPackets int64
	State      string // "established", "rejected", "no_reply"
	TCPFlags   string
	DstDomain  string
	SrcGeo     *Geo
	DstGeo     *Geo
	// UID, ConnState, History and MissedBytes are what an imported
	// conn.log says (Zeek's uid, conn_state, history, missed_bytes); when
	// empty they are derived from the rest (see zeek.go). State stays
	// soclab's own view of the flow.
	UID         string
	ConnState   string
	History     string
	MissedBytes int64
}

// Build writes the event into e.
func (f *Flow) Build(e *event.Event, m Meta) {
	state := f.State
	if state == "" {
		state = "established"
	}
	cs := zeekConnState(f.Conn.Transport, state, f.ConnState)
	begin(e, m, event.DatasetFlow, catNetwork, cs.types)
	e.Add("event.action", event.String("network_flow"))
	e.Add("event.outcome", event.String(outcome(state == "established")))
	e.Add("event.start", event.Time(m.Time))
	e.Add("event.end", event.Time(m.Time.Add(f.Duration)))
	e.Add("event.duration", event.Int(int64(f.Duration)))
	addObserver(e, f.Sensor)
	f.Conn.add(e, m.ConnIDs)
	addStr(e, "network.protocol", f.Protocol)
	addStr(e, "network.direction", f.Direction)
	e.Add("source.bytes", event.Int(f.SrcBytes))
	e.Add("source.packets", event.Int(f.SrcPackets))
	e.Add("destination.bytes", event.Int(f.DstBytes))
	e.Add("destination.packets", event.Int(f.DstPackets))
	e.Add("network.bytes", event.Int(f.SrcBytes+f.DstBytes))
	e.Add("network.packets", event.Int(f.SrcPackets+f.DstPackets))
	addStr(e, "destination.domain", f.DstDomain)
	addGeo(e, "source", f.SrcGeo)
	addGeo(e, "destination", f.DstGeo)
	addStr(e, "soclab.flow.tcp_flags", f.TCPFlags)
	e.Add("soclab.flow.state", event.String(state))
	addZeekConn(e, m, f, cs)
	related(e, []netip.Addr{f.Conn.SrcIP, f.Conn.DstIP}, nil, nil)
}

// DNSAnswer is one resource record of a response.
type DNSAnswer struct {
	Name string
	Type string // "A", "AAAA", "CNAME", "TXT", "MX"
	Data string
	TTL  int
}

// DNS is one query and its answer seen by the network sensor at the
// internal resolver, as Zeek's dns.log through Elastic's Zeek integration
// (dataset zeek.dns). Conn is the client's query to the resolver.
//
// Fields: observer.*, event.action ("dns_query"), event.type
// (["connection","protocol","info"], as Elastic writes it), event.outcome,
// host.name (the client's host, when known), source.*, destination.*,
// network.*, dns.id, dns.type ("answer"), dns.op_code, dns.header_flags,
// dns.question.{name,type,class,registered_domain,subdomain,top_level_domain},
// dns.response_code ("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED"),
// dns.answers (objects: name, type, class, data, ttl), dns.resolved_ip,
// zeek.session_id (shared with the exchange's zeek.connection record) and
// zeek.dns.{trans_id,query,qclass,qclass_name,qtype,qtype_name,rcode,
// rcode_name,AA,TC,RD,RA,rejected,answers,TTLs} (zeek.go).
type DNS struct {
	Resolver   Observer
	Conn       Conn
	ClientHost string
	ID         uint16
	Name       string
	QType      string
	RCode      string
	Answers    []DNSAnswer
	// UID is an imported dns.log's uid; empty, it is derived as the
	// exchange's flow derives it (ZeekUID).
	UID string
}

// Build writes the event into e.
func (d *DNS) Build(e *event.Event, m Meta) {
	begin(e, m, event.DatasetDNS, catNetwork, typeConnProtoInfo)
	e.Add("event.action", event.String("dns_query"))
	rcode := d.RCode
	if rcode == "" {
		rcode = "NOERROR"
	}
	e.Add("event.outcome", event.String(outcome(rcode == "NOERROR")))
	addObserver(e, d.Resolver)
	addStr(e, "host.name", d.ClientHost)
	d.Conn.add(e, m.ConnIDs)
	e.Add("network.protocol", event.String("dns"))
	e.Add("network.direction", event.String("internal"))
	id := event.String(dnsID(d.ID))
	e.Add("dns.id", id)
	e.Add("dns.type", event.String("answer"))
	e.Add("dns.op_code", event.String("QUERY"))
	e.Add("dns.header_flags", dnsHeaderFlagsRDRA)
	e.Add("dns.question.name", event.String(d.Name))
	e.Add("dns.question.type", event.String(d.QType))
	e.Add("dns.question.class", event.String("IN"))
	reg, sub, tld := SplitDomain(d.Name)
	addStr(e, "dns.question.registered_domain", reg)
	addStr(e, "dns.question.subdomain", sub)
	addStr(e, "dns.question.top_level_domain", tld)
	e.Add("dns.response_code", event.String(rcode))
	addZeekDNS(e, m, d, id, rcode)
	if len(d.Answers) > 0 {
		a := answersFields(d.Answers)
		e.Add("dns.answers", a.objs)
		if !a.resolved.IsNull() {
			e.Add("dns.resolved_ip", a.resolved)
		}
		e.Add("zeek.dns.answers", a.data)
		e.Add("zeek.dns.TTLs", a.ttls)
	}
	related(e, []netip.Addr{d.Conn.SrcIP, d.Conn.DstIP}, nil, []string{d.ClientHost})
}

// Proxy is one HTTP request through the web proxy (dataset soclab.proxy);
// the proxy inspects TLS, so HTTPS requests are logged in full. Conn is the
// client's connection to the origin server as the flow sensor sees it.
//
// Fields: observer.*, event.action ("allowed", "blocked"), event.outcome,
// event.duration, user.name, source.*, destination.{ip,port,domain},
// network.*, url.{full,original,scheme,domain,port,path,query,extension},
// http.version, http.request.{method,bytes,referrer},
// http.response.{status_code,bytes,mime_type}, user_agent.original,
// soclab.proxy.category (the URL category the proxy assigned).
type Proxy struct {
	Proxy     Observer
	Conn      Conn
	User      string
	Method    string
	Scheme    string // "http" or "https"
	Host      string
	Path      string
	Query     string
	Status    int
	ReqBytes  int64
	RespBytes int64
	MIME      string
	UserAgent string
	Referrer  string
	Blocked   bool
	Category  string
	Duration  time.Duration
}

// URL returns the request's full URL.
func (p *Proxy) URL() string {
	port := ""
	if (p.Scheme == "http" || p.Scheme == "https") && !p.defaultPort() {
		port = strconv.Itoa(p.Conn.DstPort)
	}
	var b strings.Builder
	b.Grow(len(p.Scheme) + 3 + len(p.Host) + 1 + len(port) + len(p.Path) + 1 + len(p.Query))
	b.WriteString(p.Scheme)
	b.WriteString("://")
	b.WriteString(p.Host)
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	b.WriteString(p.Path)
	if p.Query != "" {
		b.WriteByte('?')
		b.WriteString(p.Query)
	}
	return b.String()
}

// Build writes the event into e.
func (p *Proxy) Build(e *event.Event, m Meta) {
	begin(e, m, event.DatasetProxy, catWebNetwork, typeAccess)
	if p.Blocked {
		e.Add("event.action", event.String("blocked"))
	} else {
		e.Add("event.action", event.String("allowed"))
	}
	e.Add("event.outcome", event.String(outcome(!p.Blocked && p.Status < 400)))
	addInt(e, "event.duration", int64(p.Duration))
	addObserver(e, p.Proxy)
	addStr(e, "user.name", p.User)
	p.Conn.add(e, m.ConnIDs)
	addStr(e, "destination.domain", p.Host)
	e.Add("network.protocol", event.String("http"))
	e.Add("network.direction", event.String("outbound"))
	full := p.fullURL()
	e.Add("url.full", event.String(full))
	e.Add("url.original", event.String(full))
	e.Add("url.scheme", event.String(p.Scheme))
	e.Add("url.domain", event.String(p.Host))
	e.Add("url.port", event.Int(int64(p.Conn.DstPort)))
	e.Add("url.path", event.String(p.Path))
	addStr(e, "url.query", p.Query)
	if ext := extension(p.Path); ext != "" {
		e.Add("url.extension", event.String(ext))
	}
	e.Add("http.version", event.String("1.1"))
	e.Add("http.request.method", event.String(p.Method))
	e.Add("http.request.bytes", event.Int(p.ReqBytes))
	addStr(e, "http.request.referrer", p.Referrer)
	e.Add("http.response.status_code", event.Int(int64(p.Status)))
	e.Add("http.response.bytes", event.Int(p.RespBytes))
	addStr(e, "http.response.mime_type", p.MIME)
	addStr(e, "user_agent.original", p.UserAgent)
	addStr(e, "soclab.proxy.category", p.Category)
	related(e, []netip.Addr{p.Conn.SrcIP, p.Conn.DstIP}, []string{p.User}, nil)
}

func extension(path string) string {
	slash := strings.LastIndexByte(path, '/')
	dot := strings.LastIndexByte(path, '.')
	if dot <= slash || dot == len(path)-1 {
		return ""
	}
	return strings.ToLower(path[dot+1:])
}

// Firewall is one decision of the perimeter firewall (dataset
// soclab.firewall).
//
// Fields: observer.*, event.action ("allow", "deny"), event.type
// (["connection", "allowed"|"denied"]), rule.name, source.*, destination.*,
// network.{transport,direction,type,community_id}, source.geo.*,
// source.as.*.
type Firewall struct {
	Firewall  Observer
	Conn      Conn
	Allow     bool
	Rule      string
	Direction string // "inbound" or "outbound"
	SrcGeo    *Geo
	DstGeo    *Geo
}

// Build writes the event into e.
func (f *Firewall) Build(e *event.Event, m Meta) {
	typ, action := typeConnDenied, "deny"
	if f.Allow {
		typ, action = typeConnAllowed, "allow"
	}
	begin(e, m, event.DatasetFirewall, catNetwork, typ)
	e.Add("event.action", event.String(action))
	addObserver(e, f.Firewall)
	addStr(e, "rule.name", f.Rule)
	f.Conn.add(e, m.ConnIDs)
	addStr(e, "network.direction", f.Direction)
	addGeo(e, "source", f.SrcGeo)
	addGeo(e, "destination", f.DstGeo)
	related(e, []netip.Addr{f.Conn.SrcIP, f.Conn.DstIP}, nil, nil)
}
