package telemetry

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
)

func TestCachedTextsMatchUncached(t *testing.T) {
	for _, s := range []string{"10.0.0.1", "203.0.113.250", "2001:db8::1", "fe80::1%eth0", "::ffff:10.0.0.1"} {
		ip := netip.MustParseAddr(s)
		for range 2 { // computed, then cached
			if got := ipText(ip); got != ip.String() {
				t.Errorf("ipText(%s) = %q", s, got)
			}
		}
	}
	for _, id := range []uint16{0, 9, 10, 65534, 65535} {
		if got := dnsID(id); got != strconv.Itoa(int(id)) {
			t.Errorf("dnsID(%d) = %q", id, got)
		}
	}
}

func TestSplitDomainEdges(t *testing.T) {
	for _, tc := range []struct{ in, reg, sub, tld string }{
		{"A.B.Example.CO.UK.", "example.co.uk", "a.b", "co.uk"},
		{"co.uk", "co.uk", "", "uk"},
		{"x.co.uk", "x.co.uk", "", "co.uk"},
		{"a..example.com", "example.com", "a.", "com"},
		{".com", ".com", "", "com"},
		{"", "", "", ""},
	} {
		reg, sub, tld := SplitDomain(tc.in)
		if reg != tc.reg || sub != tc.sub || tld != tc.tld {
			t.Errorf("%q: got %q %q %q", tc.in, reg, sub, tld)
		}
	}
}

// Answer lists that share a cache slot or differ in one field never get
// each other's fields.
func TestAnswersCacheChecksContent(t *testing.T) {
	a := []DNSAnswer{{Name: "x.example", Type: "A", Data: "192.0.2.1", TTL: 60}}
	b := []DNSAnswer{{Name: "x.example", Type: "A", Data: "192.0.2.1", TTL: 61}}
	c := []DNSAnswer{{Name: "x.example", Type: "CNAME", Data: "192.0.2.1", TTL: 60}}
	for range 2 {
		for _, list := range [][]DNSAnswer{a, b, c, a} {
			got, want := answersFields(list), buildAnswers(list)
			e1, e2 := &event.Event{}, &event.Event{}
			for _, x := range []struct {
				e *event.Event
				a *answersEntry
			}{{e1, got}, {e2, want}} {
				x.e.Add("dns.answers", x.a.objs)
				x.e.Add("dns.resolved_ip", x.a.resolved)
				x.e.Add("zeek.dns.answers", x.a.data)
				x.e.Add("zeek.dns.TTLs", x.a.ttls)
			}
			if got, want := string(event.Marshal(e1)), string(event.Marshal(e2)); got != want {
				t.Fatalf("cached %s, want %s", got, want)
			}
		}
	}
}

func TestRelatedDropsEmptyAndRepeated(t *testing.T) {
	ip := netip.MustParseAddr("10.0.0.1")
	var e event.Event
	related(&e, []netip.Addr{ip, {}, ip}, []string{"", "bob", "bob"}, []string{"h1", "h2", "h1"})
	var keys []string
	for _, f := range e.Fields {
		var vs []string
		for _, v := range f.Val.ListVal() {
			vs = append(vs, v.Str())
		}
		keys = append(keys, f.Key+"="+strings.Join(vs, "")+strconv.Itoa(len(vs)))
	}
	want := []string{"related.ip=10.0.0.11", "related.user=bob1", "related.hosts=h1h22"}
	if !slices.Equal(keys, want) {
		t.Fatalf("got %v want %v", keys, want)
	}
	var none event.Event
	related(&none, nil, []string{""}, nil)
	if len(none.Fields) != 0 {
		t.Fatalf("empty lists written: %v", none.Fields)
	}
}
