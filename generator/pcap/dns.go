package pcap

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/google/gopacket/layers"
	"github.com/soclab/soclab/generator/telemetry"
)

// maxLabel is the longest DNS label; longer labels are split (see
// wireName).
const maxLabel = 63

// qtypes maps the question and record type names soclab logs to their
// numbers. Unknown names given as "TYPE<n>" (RFC 3597) are understood too.
var qtypes = map[string]layers.DNSType{
	"A": layers.DNSTypeA, "NS": layers.DNSTypeNS, "CNAME": layers.DNSTypeCNAME,
	"SOA": layers.DNSTypeSOA, "NULL": layers.DNSTypeNULL, "PTR": layers.DNSTypePTR,
	"MX": layers.DNSTypeMX, "TXT": layers.DNSTypeTXT, "AAAA": layers.DNSTypeAAAA,
	"SRV": layers.DNSTypeSRV, "SVCB": 64, "HTTPS": 65, "ANY": 255,
}

// rcodes maps dns.response_code to its number.
var rcodes = map[string]layers.DNSResponseCode{
	"NOERROR": layers.DNSResponseCodeNoErr, "FORMERR": layers.DNSResponseCodeFormErr,
	"SERVFAIL": layers.DNSResponseCodeServFail, "NXDOMAIN": layers.DNSResponseCodeNXDomain,
	"NOTIMP": layers.DNSResponseCodeNotImp, "REFUSED": layers.DNSResponseCodeRefused,
}

func dnsType(s string) layers.DNSType {
	s = strings.ToUpper(s)
	if t, ok := qtypes[s]; ok {
		return t
	}
	if n, err := strconv.ParseUint(strings.TrimPrefix(s, "TYPE"), 10, 16); err == nil && strings.HasPrefix(s, "TYPE") {
		return layers.DNSType(n)
	}
	return layers.DNSTypeA
}

// wireName returns name as the writer encodes it: without a trailing dot or
// empty labels, and with labels longer than 63 bytes split into 63-byte
// labels (gopacket would otherwise write a corrupt length byte).
func wireName(name string) []byte {
	name = strings.Trim(name, ".")
	if !strings.Contains(name, "..") && !hasLongLabel(name) {
		return []byte(name)
	}
	out := make([]byte, 0, len(name)+len(name)/maxLabel)
	for _, label := range strings.Split(name, ".") {
		for len(label) > 0 {
			n := min(len(label), maxLabel)
			if len(out) > 0 {
				out = append(out, '.')
			}
			out = append(out, label[:n]...)
			label = label[n:]
		}
	}
	return out
}

func hasLongLabel(name string) bool {
	run := 0
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			run = 0
			continue
		}
		if run++; run > maxLabel {
			return true
		}
	}
	return false
}

// nameLen is the encoded length of a wireName: length bytes, labels and the
// root label.
func nameLen(n []byte) int {
	if len(n) == 0 {
		return 1
	}
	return len(n) + 2
}

func questionLen(name string) int {
	// gopacket reserves len(name)+6 bytes for a question, even for the root.
	return len(wireName(name)) + 6
}

// answerRecord turns a logged answer into a resource record; ok is false
// when its data cannot be encoded as its type.
func answerRecord(a telemetry.DNSAnswer) (rr layers.DNSResourceRecord, ok bool) {
	rr = layers.DNSResourceRecord{Name: wireName(a.Name), Type: dnsType(a.Type), Class: layers.DNSClassIN, TTL: uint32(max(a.TTL, 0))}
	switch rr.Type {
	case layers.DNSTypeA, layers.DNSTypeAAAA:
		ip, err := netip.ParseAddr(a.Data)
		if err != nil || ip.Is4() != (rr.Type == layers.DNSTypeA) {
			return rr, false
		}
		rr.IP = ip.AsSlice()
	case layers.DNSTypeCNAME, layers.DNSTypeNS, layers.DNSTypePTR:
		n := wireName(a.Data)
		rr.CNAME, rr.NS, rr.PTR = n, n, n
		ok = len(n) > 0
		return rr, ok
	case layers.DNSTypeMX:
		rr.MX = mxRecord(a.Data)
		return rr, len(rr.MX.Name) > 0
	case layers.DNSTypeTXT:
		rr.TXTs = txtChunks(a.Data)
	default:
		return rr, false
	}
	return rr, true
}

// mxRecord reads "10 mail.example.com" or just "mail.example.com"
// (preference 10).
func mxRecord(data string) layers.DNSMX {
	mx := layers.DNSMX{Preference: 10}
	if pref, name, ok := strings.Cut(strings.TrimSpace(data), " "); ok {
		if p, err := strconv.ParseUint(pref, 10, 16); err == nil {
			mx.Preference = uint16(p)
			data = name
		}
	}
	mx.Name = wireName(strings.TrimSpace(data))
	return mx
}

// txtChunks splits TXT data into character-strings of at most 255 bytes.
func txtChunks(data string) [][]byte {
	chunks := make([][]byte, 0, len(data)/255+1)
	for len(data) > 255 {
		chunks = append(chunks, []byte(data[:255]))
		data = data[255:]
	}
	return append(chunks, []byte(data))
}

// recordLen is the encoded length of rr, as gopacket writes it.
func recordLen(rr *layers.DNSResourceRecord) int {
	n := nameLen(rr.Name) + 10
	switch rr.Type {
	case layers.DNSTypeA:
		return n + 4
	case layers.DNSTypeAAAA:
		return n + 16
	case layers.DNSTypeCNAME, layers.DNSTypeNS, layers.DNSTypePTR:
		return n + len(rr.CNAME) + 2
	case layers.DNSTypeMX:
		return n + 2 + len(rr.MX.Name) + 2
	case layers.DNSTypeTXT:
		for _, t := range rr.TXTs {
			n += 1 + len(t)
		}
	}
	return n
}

// dnsMessage builds the query (response false) or the response of a logged
// DNS exchange.
func dnsMessage(d *dnsInfo, response bool) *layers.DNS {
	m := &layers.DNS{
		ID: d.id, RD: true, OpCode: layers.DNSOpCodeQuery,
		Questions: []layers.DNSQuestion{{Name: wireName(d.name), Type: dnsType(d.qtype), Class: layers.DNSClassIN}},
	}
	if !response {
		return m
	}
	m.QR, m.RA = true, true
	m.ResponseCode = rcodes[strings.ToUpper(d.rcode)]
	for _, a := range d.answers {
		if rr, ok := answerRecord(a); ok {
			m.Answers = append(m.Answers, rr)
		}
	}
	return m
}

// dnsInfo is what the writer keeps of a zeek.dns event.
type dnsInfo struct {
	id      uint16
	name    string
	qtype   string
	rcode   string
	answers []telemetry.DNSAnswer
}
