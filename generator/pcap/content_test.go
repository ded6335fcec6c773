package pcap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/google/gopacket/layers"
	"github.com/soclab/soclab/event"
)

// streams reassembles each conversation's two byte streams from a capture,
// keyed by the client's 5-tuple.
func streams(t *testing.T, events []*event.Event) (cli, srv map[tuple][]byte, frames []frame) {
	t.Helper()
	data, _ := writeAll(t, events)
	frames = decodeAll(t, data)
	want := expectations(t, events)
	cli, srv = map[tuple][]byte{}, map[tuple][]byte{}
	for i := range frames {
		f := &frames[i]
		if x, fromClient := match(want, f); x != nil && fromClient {
			cli[f.key(true)] = append(cli[f.key(true)], f.payload...)
		} else if x != nil {
			srv[f.key(false)] = append(srv[f.key(false)], f.payload...)
		}
	}
	return cli, srv, frames
}

// Every DNS record's query and response decode to the logged id, name,
// type, response code and answers.
func TestDNSPackets(t *testing.T) {
	events := sampleEvents()
	_, _, frames := streams(t, events)
	n := 0
	for _, e := range events {
		if e.Dataset() != "zeek.dns" {
			continue
		}
		n++
		k, _ := connOf(e)
		var q, r *layers.DNS
		for i := range frames {
			switch f := &frames[i]; {
			case f.dns == nil:
			case f.key(true) == k:
				q = f.dns
			case f.key(false) == k:
				r = f.dns
			}
		}
		if q == nil || r == nil {
			t.Fatalf("%s: query %v, response %v", e.ID(), q != nil, r != nil)
		}
		id := strconv.Itoa(int(q.ID))
		name, qtype := str(e, "dns.question.name"), str(e, "dns.question.type")
		if q.QR || !r.QR || id != str(e, "dns.id") || r.ID != q.ID {
			t.Errorf("%s: ids %d/%d flags %v/%v, want id %s", e.ID(), q.ID, r.ID, q.QR, r.QR, str(e, "dns.id"))
		}
		for _, m := range []*layers.DNS{q, r} {
			if len(m.Questions) != 1 || string(m.Questions[0].Name) != name || m.Questions[0].Type.String() != qtype {
				t.Errorf("%s: question %s %v, want %s %s", e.ID(), m.Questions[0].Name, m.Questions[0].Type, name, qtype)
			}
		}
		if got := rcodeName(r.ResponseCode); got != str(e, "dns.response_code") {
			t.Errorf("%s: rcode %s, want %s", e.ID(), got, str(e, "dns.response_code"))
		}
		v, _ := e.Get("dns.answers")
		objs := v.ObjectsVal()
		if len(r.Answers) != len(objs) {
			t.Fatalf("%s: %d answers, want %d", e.ID(), len(r.Answers), len(objs))
		}
		for i, obj := range objs {
			a := event.Event{Fields: obj}
			got := r.Answers[i]
			if string(got.Name) != str(&a, "name") || got.Type.String() != str(&a, "type") || int64(got.TTL) != num(&a, "ttl") || answerData(got) != str(&a, "data") {
				t.Errorf("%s: answer %d = %s %v %d %q, want %s %s %d %q", e.ID(), i, got.Name, got.Type, got.TTL, answerData(got),
					str(&a, "name"), str(&a, "type"), num(&a, "ttl"), str(&a, "data"))
			}
		}
	}
	if n != 5 {
		t.Fatalf("checked %d DNS records", n)
	}
}

func rcodeName(c layers.DNSResponseCode) string {
	for name, code := range rcodes {
		if code == c {
			return name
		}
	}
	return c.String()
}

// answerData renders a decoded record as soclab logs its data.
func answerData(rr layers.DNSResourceRecord) string {
	switch rr.Type {
	case layers.DNSTypeA, layers.DNSTypeAAAA:
		ip, _ := netip.AddrFromSlice(rr.IP)
		return ip.Unmap().String()
	case layers.DNSTypeCNAME:
		return string(rr.CNAME)
	case layers.DNSTypeMX:
		if rr.MX.Preference == 10 && string(rr.MX.Name) == "mx2.example.com" {
			return string(rr.MX.Name) // logged without a preference
		}
		return fmt.Sprintf("%d %s", rr.MX.Preference, rr.MX.Name)
	case layers.DNSTypeTXT:
		return string(bytes.Join(rr.TXTs, nil))
	}
	return ""
}

// Every HTTP proxy record's request carries the logged method, path,
// query, Host and User-Agent, its response the status and MIME type, and
// the announced Content-Length is the body that follows. HTTPS streams are
// a ClientHello naming url.domain and whole TLS records.
func TestHTTPPackets(t *testing.T) {
	events := sampleEvents()
	cli, srv, _ := streams(t, events)
	n := 0
	for _, e := range events {
		if e.Dataset() != "soclab.proxy" {
			continue
		}
		n++
		k, _ := connOf(e)
		req, resp := cli[k], srv[k]
		if str(e, "url.scheme") == "https" {
			checkTLS(t, e.ID(), req, str(e, "url.domain"), 1)
			checkTLS(t, e.ID(), resp, "", 2)
			continue
		}
		target := str(e, "url.path")
		if q := str(e, "url.query"); q != "" {
			target += "?" + q
		}
		head, body := checkHead(t, e.ID(), req, str(e, "http.request.method")+" "+target+" HTTP/1.1\r\n")
		for _, h := range []string{"Host: " + str(e, "url.domain"), "User-Agent: " + str(e, "user_agent.original")} {
			if !strings.Contains(head, "\r\n"+h+"\r\n") {
				t.Errorf("%s: request lacks %q:\n%s", e.ID(), h, head)
			}
		}
		checkLength(t, e.ID(), head, body)
		status := num(e, "http.response.status_code")
		head, body = checkHead(t, e.ID(), resp, fmt.Sprintf("HTTP/1.1 %d %s\r\n", status, reasonPhrase(int(status))))
		if mime := str(e, "http.response.mime_type"); mime != "" && !strings.Contains(head, "\r\nContent-Type: "+mime+"\r\n") {
			t.Errorf("%s: response lacks Content-Type %s:\n%s", e.ID(), mime, head)
		}
		checkLength(t, e.ID(), head, body)
	}
	if n != 23 {
		t.Fatalf("checked %d proxy records", n)
	}
}

func checkHead(t *testing.T, id string, msg []byte, first string) (head string, body []byte) {
	t.Helper()
	end := bytes.Index(msg, []byte("\r\n\r\n"))
	if end < 0 || !bytes.HasPrefix(msg, []byte(first)) {
		t.Fatalf("%s: message does not start with %q: %.200q", id, first, msg)
	}
	return string(msg[:end+2]), msg[end+4:]
}

func checkLength(t *testing.T, id, head string, body []byte) {
	t.Helper()
	want := "0"
	if _, v, ok := strings.Cut(head, "Content-Length: "); ok {
		want, _, _ = strings.Cut(v, "\r\n")
	}
	if strconv.Itoa(len(body)) != want {
		t.Errorf("%s: body of %d bytes, Content-Length %s", id, len(body), want)
	}
}

// checkTLS walks a TLS stream: a handshake record of the given hello type
// (naming sni when set), then application data records to the last byte.
func checkTLS(t *testing.T, id string, s []byte, sni string, hello byte) {
	t.Helper()
	for i := 0; len(s) > 0; i++ {
		if len(s) < 5 {
			t.Fatalf("%s: %d bytes left, less than a record header", id, len(s))
		}
		typ, n := s[0], int(binary.BigEndian.Uint16(s[3:5]))
		if 5+n > len(s) || n == 0 {
			t.Fatalf("%s: record %d of %d bytes overruns the stream (%d left)", id, i, n, len(s))
		}
		switch {
		case i == 0 && (typ != 22 || s[5] != hello):
			t.Fatalf("%s: first record type %d handshake %d, want 22/%d", id, typ, s[5], hello)
		case i > 0 && typ != 23:
			t.Fatalf("%s: record %d type %d, want application data", id, i, typ)
		case i == 0 && sni != "":
			name := append(binary.BigEndian.AppendUint16([]byte{0}, uint16(len(sni))), sni...)
			if !bytes.Contains(s[:5+n], name) {
				t.Errorf("%s: ClientHello lacks SNI %s", id, sni)
			}
		}
		s = s[5+n:]
	}
}
