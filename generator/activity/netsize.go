package activity

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/soclab/soclab/generator/telemetry"
)

// The sizes below follow the pcap writer's contract (package pcap): a
// flow's packets are IPv4 packets without options, so its bytes are 20 (IP)
// plus 20 (TCP) or 8 (UDP) per packet plus the payload, and the payload of
// DNS and HTTP exchanges is exactly what the writer will put on the wire.

const (
	tcpOverhead = 20 + 20 // IPv4 and TCP headers, no options
	udpOverhead = 20 + 8  // IPv4 and UDP headers
	mss         = 1460    // payload bytes of a full TCP segment
)

// dnsQueryBytes is the IP length of the query datagram for name and qtype.
func dnsQueryBytes(name, qtype string) int64 {
	return udpOverhead + int64(dnsQueryLen(name, qtype))
}

// dnsAnswerBytes is the IP length of the response datagram.
func dnsAnswerBytes(name, qtype string, answers []telemetry.DNSAnswer) int64 {
	return udpOverhead + int64(dnsMessageLen(name, qtype, answers))
}

// httpRequestMin is the smallest request head the pcap writer makes for a
// proxy line; http.request.bytes is never below it.
func httpRequestMin(method, host, path, query, ua string) int64 {
	return int64(httpRequestLen(method, host, path, query, ua))
}

// httpResponseMin is the smallest response head for a status and MIME type.
func httpResponseMin(status int, mime string) int64 {
	return int64(httpResponseLen(status, mime))
}

// tcpTally adds up the packets and bytes of an established TCP conversation
// as its exchanges are added: the handshake and teardown, the data segments
// each way at MSS per segment, and the receiver's ACK for every two data
// segments.
type tcpTally struct {
	srcPk, srcPay, dstPk, dstPay int64
}

// exchange adds one request of req payload bytes answered by resp bytes.
func (t *tcpTally) exchange(req, resp int64) {
	rs, ps := segments(req), segments(resp)
	t.srcPk += rs + (ps+1)/2
	t.dstPk += ps + (rs+1)/2
	t.srcPay += req
	t.dstPay += resp
}

// counts returns source packets, source bytes, destination packets and
// destination bytes, with the handshake (SYN, ACK / SYN-ACK) and the
// teardown (FIN, ACK / FIN-ACK) included: an established flow always has at
// least 4 packets from its client and 2 from its server.
func (t *tcpTally) counts() (srcPk, srcB, dstPk, dstB int64) {
	srcPk = t.srcPk + 4
	dstPk = t.dstPk + 2
	return srcPk, srcPk*tcpOverhead + t.srcPay, dstPk, dstPk*tcpOverhead + t.dstPay
}

// segments is the fewest TCP data segments that carry n payload bytes.
func segments(n int64) int64 { return (n + mss - 1) / mss }

// The functions below compute the lengths the pcap writer documents
// (pcap.DNSQueryLen, pcap.DNSMessageLen, pcap.HTTPRequestLen,
// pcap.HTTPResponseLen) for the names and records benign activity uses:
// names without empty or over-long labels, A and CNAME answers.

func dnsQueryLen(name, qtype string) int {
	return 12 + len(strings.Trim(name, ".")) + 6
}

func dnsMessageLen(name, qtype string, answers []telemetry.DNSAnswer) int {
	n := dnsQueryLen(name, qtype)
	for _, a := range answers {
		rr := len(strings.Trim(a.Name, ".")) + 2 + 10
		switch a.Type {
		case "A":
			n += rr + 4
		case "AAAA":
			n += rr + 16
		case "CNAME":
			n += rr + len(strings.Trim(a.Data, ".")) + 2
		}
	}
	return n
}

func httpRequestLen(method, host, path, query, ua string) int {
	if method == "" {
		method = "GET"
	}
	if path == "" {
		path = "/"
	}
	n := len(method) + 1 + len(path) + len(" HTTP/1.1\r\nHost: ") + len(host) + 2
	if query != "" {
		n += 1 + len(query)
	}
	if ua != "" {
		n += len("User-Agent: ") + len(ua) + 2
	}
	return n + len("Accept: */*\r\n") + len("Connection: keep-alive\r\n") + 2
}

func httpResponseLen(status int, mime string) int {
	reason := http.StatusText(status)
	if reason == "" {
		reason = "Unknown"
	}
	n := len("HTTP/1.1 ") + len(strconv.Itoa(status)) + 1 + len(reason) + 2
	if mime != "" {
		n += len("Content-Type: ") + len(mime) + 2
	}
	return n + len("Content-Length: 0\r\n") + len("Connection: keep-alive\r\n") + 2
}
