package pcap

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/soclab/soclab/generator/telemetry"
)

// DNSQueryLen and DNSMessageLen are the lengths of the messages written.
func TestDNSLengths(t *testing.T) {
	long := strings.Repeat("x", 100) + ".tunnel.example"
	cases := []struct {
		name, qtype string
		answers     []telemetry.DNSAnswer
	}{
		{"example.com", "A", nil},
		{"example.com.", "AAAA", []telemetry.DNSAnswer{{Name: "example.com", Type: "AAAA", Data: "2001:db8::1", TTL: 5}}},
		{"www.example.com", "A", []telemetry.DNSAnswer{{Name: "www.example.com", Type: "CNAME", Data: "cdn.example.net."}, {Name: "cdn.example.net", Type: "A", Data: "192.0.2.1"}}},
		{long, "TXT", []telemetry.DNSAnswer{{Name: long, Type: "TXT", Data: strings.Repeat("t", 600)}, {Name: long, Type: "TXT", Data: ""}}},
		{"example.com", "MX", []telemetry.DNSAnswer{{Name: "example.com", Type: "MX", Data: "5 mx.example.com"}, {Name: "example.com", Type: "MX", Data: "mx2.example.com"}}},
		{"bad.example", "A", []telemetry.DNSAnswer{{Name: "bad.example", Type: "A", Data: "not-an-ip"}, {Name: "bad.example", Type: "A", Data: "2001:db8::1"}, {Name: "x", Type: "SPF", Data: "v=spf1"}}},
		{"4.3.2.1.in-addr.arpa", "PTR", []telemetry.DNSAnswer{{Name: "4.3.2.1.in-addr.arpa", Type: "PTR", Data: "host.example"}}},
		{"x.example", "TYPE99", nil},
	}
	for _, c := range cases {
		d := &dnsInfo{id: 1, name: c.name, qtype: c.qtype, rcode: "NOERROR", answers: c.answers}
		q, r := serializeDNS(dnsMessage(d, false)), serializeDNS(dnsMessage(d, true))
		if len(q) != DNSQueryLen(c.name, c.qtype) || len(r) != DNSMessageLen(c.name, c.qtype, c.answers) {
			t.Errorf("%s %s: wrote %d/%d bytes, lengths say %d/%d", c.name, c.qtype, len(q), len(r), DNSQueryLen(c.name, c.qtype), DNSMessageLen(c.name, c.qtype, c.answers))
		}
		m := &layers.DNS{}
		if err := m.DecodeFromBytes(r, gopacket.NilDecodeFeedback); err != nil {
			t.Errorf("%s: response does not decode: %v", c.name, err)
		}
	}
	if got := string(wireName(long)); got != strings.Repeat("x", 63)+"."+strings.Repeat("x", 37)+".tunnel.example" {
		t.Errorf("long label split as %s", got)
	}
}

// A request of any size from HTTPRequestLen up is the head plus the body
// it announces, and keeps the logged request line and headers.
func TestPlanRequest(t *testing.T) {
	for _, method := range []string{"GET", "POST"} {
		base := HTTPRequestLen(method, "h.example", "/a", "b=c", ua)
		for extra := int64(0); extra < 3000; extra++ {
			checkRequest(t, method, base, int64(base)+extra)
		}
		checkRequest(t, method, base, 5<<30)
		if _, ok := planRequest(method, base, int64(base)-1, 1); ok {
			t.Errorf("%s: a request smaller than HTTPRequestLen fits", method)
		}
	}
}

func checkRequest(t *testing.T, method string, base int, total int64) {
	t.Helper()
	p, ok := planRequest(method, base, total, 7)
	head := requestHead(method, "h.example", "/a", "b=c", ua, p)
	if !ok || int64(len(head))+max(p.body, 0) != total {
		t.Fatalf("%s %d: head %d + body %d", method, total, len(head), p.body)
	}
	if !bytes.HasPrefix(head, []byte(method+" /a?b=c HTTP/1.1\r\nHost: h.example\r\nUser-Agent: "+ua+"\r\n")) || !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
		t.Fatalf("%s %d: head %q", method, total, head)
	}
}

// A response of any size from HTTPResponseLen up is its head plus the
// Content-Length it announces.
func TestPlanResponse(t *testing.T) {
	for _, mime := range []string{"text/html", ""} {
		base := HTTPResponseLen(404, mime)
		for total := int64(base); total < int64(base)+20000; total++ {
			body, etag, ok := planResponse(base, total)
			head := responseHead(404, mime, body, etag)
			if !ok || int64(len(head))+body != total || !bytes.Contains(head, []byte("Content-Length: "+itoa(body)+"\r\n")) {
				t.Fatalf("%q %d: head %d + body %d: %q", mime, total, len(head), body, head)
			}
		}
	}
}

// TLS streams of every size fit exactly, and the compact hellos fit in the
// smallest HTTP sizes, so HTTPS never needs more than HTTP.
func TestTLSStreams(t *testing.T) {
	ch := func(sid int, full bool) []byte { return clientHello(tlsBrowser, "h.example", sid, full, 3) }
	sh := func(sid int, full bool) []byte { return serverHello(sid, full, 3) }
	for _, hello := range []func(int, bool) []byte{ch, sh} {
		for total := int64(len(hello(0, false))); total < 40000; total += 1 + total/500 {
			s, ok := tlsStream(total, hello, 1)
			if !ok || s.size != total {
				t.Fatalf("total %d: stream of %d", total, s.size)
			}
			buf := make([]byte, total)
			s.read(0, buf)
			checkTLS(t, itoa(total), buf, "", buf[5])
		}
	}
	if n, min := len(ch(0, false)), HTTPRequestLen("GET", "h.example", "", "", ""); n > min {
		t.Errorf("compact ClientHello %d > smallest request %d", n, min)
	}
	for status := 100; status < 600; status++ {
		if n, min := len(sh(0, false)), HTTPResponseLen(status, ""); n > min {
			t.Fatalf("compact ServerHello %d > smallest response %d", n, min)
		}
	}
}

// Bodies of the MIME types a dissector parses are well-formed at every
// size that fits their wrapper.
func TestBodies(t *testing.T) {
	for _, size := range []int64{0, 5, 40, 100, 5000, 70000} {
		for _, mime := range []string{"application/json", "text/xml", "image/png", "image/gif", "image/jpeg", "text/html"} {
			pre, suf := bodyWrap(mime, size)
			s := stream{head: pre, suffix: suf, size: size, fill: fillText, seed: 9}
			if bytes.HasPrefix(pre, pngHead) {
				fixPNG(&s, size)
			}
			b := make([]byte, size)
			s.read(0, b)
			if pre == nil {
				continue
			}
			var err error
			switch mime {
			case "application/json":
				var v map[string]string
				err = json.Unmarshal(b, &v)
			case "text/xml":
				var v struct{}
				err = xml.Unmarshal(b, &v)
			case "image/png":
				err = checkPNG(b)
			}
			if err != nil || !bytes.HasSuffix(b, suf) {
				t.Errorf("%s of %d bytes: %v", mime, size, err)
			}
		}
	}
}

func checkPNG(b []byte) error {
	b = b[8:]
	for len(b) > 0 {
		n := int(binary.BigEndian.Uint32(b))
		if crc32.ChecksumIEEE(b[4:8+n]) != binary.BigEndian.Uint32(b[8+n:]) {
			return fmt.Errorf("chunk %.4s: bad CRC", b[4:8])
		}
		b = b[12+n:]
	}
	return nil
}
