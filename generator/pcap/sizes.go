package pcap

import (
	"net/http"
	"strconv"

	"github.com/soclab/soclab/generator/telemetry"
)

// Header sizes the flow contract counts: every packet of a flow is an IP
// packet without options, so a flow's bytes are its packets' header bytes
// plus its payload bytes.
const (
	IPv4HeaderLen = 20   // IPv4 header, no options
	IPv6HeaderLen = 40   // IPv6 fixed header, no extension headers
	TCPHeaderLen  = 20   // TCP header, no options
	UDPHeaderLen  = 8    // UDP header
	MSS           = 1460 // payload bytes per full TCP segment
)

// DNSQueryLen returns the wire length of the DNS query message the writer
// sends for name and qtype (no EDNS, no name compression): the UDP payload
// of the query datagram. A flow carrying it has source.bytes = 28 +
// DNSQueryLen over IPv4 (48 + over IPv6).
func DNSQueryLen(name, qtype string) int {
	return 12 + questionLen(name)
}

// DNSMessageLen returns the wire length of the DNS response message the
// writer sends for name, qtype and answers: the question echoed and one
// resource record per answer, without name compression. The response code
// does not change the length. Answers whose Data cannot be encoded (an A
// record that is not an IPv4 address, an unknown type) are left out of the
// message and of the length alike.
func DNSMessageLen(name, qtype string, answers []telemetry.DNSAnswer) int {
	n := 12 + questionLen(name)
	for i := range answers {
		if rr, ok := answerRecord(answers[i]); ok {
			n += recordLen(&rr)
		}
	}
	return n
}

// HTTPRequestLen returns the length of the smallest HTTP/1.1 request head
// the writer makes for a proxy event:
//
//	METHOD path[?query] HTTP/1.1\r\n
//	Host: host\r\n
//	User-Agent: userAgent\r\n   (left out when userAgent is "")
//	Accept: */*\r\n
//	Connection: keep-alive\r\n
//	\r\n
//
// A flow's client payload (source.bytes minus the headers) must be at least
// this long; the writer fills any extra with a Cookie header or, for larger
// extras, a body announced by Content-Length. For HTTPS the same payload
// carries a TLS ClientHello (with url.domain as SNI) and TLS records, which
// always fit in HTTPRequestLen bytes.
func HTTPRequestLen(method, host, path, query, userAgent string) int {
	return len(requestHead(method, host, path, query, userAgent, headPad{}))
}

// HTTPResponseLen returns the length of the smallest HTTP/1.1 response head
// the writer makes for a status code and MIME type (an empty body):
//
//	HTTP/1.1 status reason\r\n
//	Content-Type: mime\r\n     (left out when mime is "")
//	Content-Length: 0\r\n
//	Connection: keep-alive\r\n
//	\r\n
//
// A flow's server payload must be at least this long; the extra becomes the
// body (and an ETag header when needed to hit the size exactly). For HTTPS
// a TLS ServerHello and records always fit in HTTPResponseLen bytes.
func HTTPResponseLen(status int, mime string) int {
	return len(responseHead(status, mime, 0, 0))
}

// DataSegments returns the fewest TCP data segments that carry payload bytes
// at MSS per segment; an established flow needs at least 4 packets from its
// client and 2 from its server on top of these.
func DataSegments(payload int64) int64 {
	return (payload + MSS - 1) / MSS
}

func reasonPhrase(status int) string {
	if s := http.StatusText(status); s != "" {
		return s
	}
	return "Unknown"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
