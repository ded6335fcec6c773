package activity

import (
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/telemetry"
)

// The sizes below follow the pcap writer's contract (package pcap): a
// flow's packets are IPv4 packets without options, so its bytes are 20 (IP)
// plus 20 (TCP) or 8 (UDP) per packet plus the payload, and the payload of
// DNS and HTTP exchanges is exactly what the writer will put on the wire.

const (
	tcpOverhead = pcap.IPv4HeaderLen + pcap.TCPHeaderLen
	udpOverhead = pcap.IPv4HeaderLen + pcap.UDPHeaderLen
)

// dnsQueryBytes is the IP length of the query datagram for name and qtype.
func dnsQueryBytes(name, qtype string) int64 {
	return udpOverhead + int64(pcap.DNSQueryLen(name, qtype))
}

// dnsAnswerBytes is the IP length of the response datagram.
func dnsAnswerBytes(name, qtype string, answers []telemetry.DNSAnswer) int64 {
	return udpOverhead + int64(pcap.DNSMessageLen(name, qtype, answers))
}

// httpRequestMin is the smallest request head the pcap writer makes for a
// proxy line; http.request.bytes is never below it. The head's length is a
// sum over its parts (see pcap.HTTPRequestLen), so it is computed from
// lengths without rendering the head; the fixed parts are measured on the
// writer's own heads once (TestHTTPSizesMatchPcap checks the sum).
func httpRequestMin(method, host, path, query, ua string) int64 {
	if method == "" {
		method = "GET"
	}
	if path == "" {
		path = "/"
	}
	n := reqFixed + len(method) + len(path) + len(host)
	if query != "" {
		n += 1 + len(query)
	}
	if ua != "" {
		n += reqUAFixed + len(ua)
	}
	return int64(n)
}

// reqFixed is the length of a request head without its method, path, host,
// query and user agent; reqUAFixed what a User-Agent line adds besides the
// agent.
var (
	reqFixed   = pcap.HTTPRequestLen("GET", "", "/", "", "") - len("GET/")
	reqUAFixed = pcap.HTTPRequestLen("GET", "", "/", "", "x") - pcap.HTTPRequestLen("GET", "", "/", "", "") - 1
)

// respKey is a response head's shape.
type respKey struct {
	status int
	mime   string
}

// httpResponseMin is the smallest response head for a status and MIME type,
// remembered per source (a handful of shapes recur).
func (s *Source) httpResponseMin(status int, mime string) int64 {
	k := respKey{status, mime}
	if n, ok := s.respLen[k]; ok {
		return n
	}
	n := int64(pcap.HTTPResponseLen(status, mime))
	if s.respLen == nil {
		s.respLen = map[respKey]int64{}
	}
	s.respLen[k] = n
	return n
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
	rs, ps := pcap.DataSegments(req), pcap.DataSegments(resp)
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
