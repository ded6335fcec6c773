package telemetry

import (
	"net/netip"
	"testing"
)

func TestCommunityIDKnownVector(t *testing.T) {
	// The Community ID specification's example flow.
	c := Conn{SrcIP: netip.MustParseAddr("128.232.110.120"), SrcPort: 34855, DstIP: netip.MustParseAddr("66.35.250.204"), DstPort: 80, Transport: "tcp"}
	if got := CommunityID(c); got != "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" {
		t.Fatalf("got %s", got)
	}
	rev := Conn{SrcIP: c.DstIP, SrcPort: c.DstPort, DstIP: c.SrcIP, DstPort: c.SrcPort, Transport: "tcp"}
	if CommunityID(rev) != CommunityID(c) {
		t.Fatal("community id depends on direction")
	}
}

func TestSplitDomain(t *testing.T) {
	for _, tc := range []struct{ in, reg, sub, tld string }{
		{"a.b.example.co.uk", "example.co.uk", "a.b", "co.uk"},
		{"www.example.com", "example.com", "www", "com"},
		{"example.com.", "example.com", "", "com"},
		{"localhost", "", "", ""},
	} {
		reg, sub, tld := SplitDomain(tc.in)
		if reg != tc.reg || sub != tc.sub || tld != tc.tld {
			t.Errorf("%s: got %q %q %q", tc.in, reg, sub, tld)
		}
	}
}
