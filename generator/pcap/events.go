package pcap

import (
	"net/netip"
	"strconv"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// The fields of soclab events the writer reads.

func str(e *event.Event, key string) string {
	v, _ := e.Get(key)
	return v.Text()
}

func num(e *event.Event, key string) int64 {
	v, ok := e.Get(key)
	if !ok {
		return 0
	}
	if v.Kind() == event.KindString {
		n, _ := strconv.ParseInt(v.Str(), 10, 64)
		return n
	}
	return v.IntVal()
}

// unixNano returns a date field as Unix ns; ok is false when it is missing.
func unixNano(e *event.Event, key string) (int64, bool) {
	v, ok := e.Get(key)
	switch {
	case !ok:
		return 0, false
	case v.Kind() == event.KindTime:
		return v.UnixNano(), true
	case v.Kind() == event.KindString:
		t, err := time.Parse(time.RFC3339Nano, v.Str())
		return t.UnixNano(), err == nil
	}
	return 0, false
}

// connOf reads the 5-tuple of a network event; ok is false when it is not
// TCP or UDP between two valid addresses of one family.
func connOf(e *event.Event) (k tuple, ok bool) {
	src, err1 := netip.ParseAddr(str(e, "source.ip"))
	dst, err2 := netip.ParseAddr(str(e, "destination.ip"))
	if err1 != nil || err2 != nil {
		return k, false
	}
	k = tuple{src: src.Unmap(), dst: dst.Unmap(), sport: uint16(num(e, "source.port")), dport: uint16(num(e, "destination.port"))}
	switch str(e, "network.transport") {
	case "tcp":
		k.proto = 6
	case "udp":
		k.proto = 17
	default:
		return k, false
	}
	return k, k.src.Is4() == k.dst.Is4()
}

func dnsOf(e *event.Event) *dnsInfo {
	d := &dnsInfo{
		id:    uint16(num(e, "dns.id")),
		name:  str(e, "dns.question.name"),
		qtype: str(e, "dns.question.type"),
		rcode: str(e, "dns.response_code"),
	}
	v, _ := e.Get("dns.answers")
	for _, obj := range v.ObjectsVal() {
		a := event.Event{Fields: obj}
		d.answers = append(d.answers, telemetry.DNSAnswer{
			Name: str(&a, "name"), Type: str(&a, "type"), Data: str(&a, "data"), TTL: int(num(&a, "ttl")),
		})
	}
	return d
}

func proxyOf(e *event.Event) *proxyInfo {
	return &proxyInfo{
		method: str(e, "http.request.method"),
		scheme: str(e, "url.scheme"),
		host:   str(e, "url.domain"),
		path:   str(e, "url.path"),
		query:  str(e, "url.query"),
		ua:     str(e, "user_agent.original"),
		status: int(num(e, "http.response.status_code")),
		mime:   str(e, "http.response.mime_type"),
	}
}
