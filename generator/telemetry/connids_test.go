package telemetry

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// A ConnIDs answers what CommunityID answers, for connections it holds,
// ones that collide in its slots and ones it never saw; a nil one hashes.
func TestConnIDsMatchCommunityID(t *testing.T) {
	var ids ConnIDs
	r := rand.New(rand.NewPCG(1, 2))
	conns := make([]Conn, 500)
	for i := range conns {
		src := netip.AddrFrom4([4]byte{10, 0, byte(r.IntN(4)), byte(r.IntN(256))})
		dst := netip.AddrFrom4([4]byte{93, 184, 216, byte(r.IntN(256))})
		conns[i] = Conn{SrcIP: src, SrcPort: 49152 + r.IntN(64), DstIP: dst, DstPort: 443, Transport: "tcp"}
		if i%7 == 0 {
			conns[i].Transport = "udp"
		}
	}
	first := make([]string, len(conns))
	for round := range 3 {
		for i, c := range conns {
			got, want := ids.communityID(c), CommunityID(c)
			if got != want {
				t.Fatalf("%+v: got %s want %s", c, got, want)
			}
			if round == 0 {
				first[i] = got
			}
		}
	}
	// Ids handed out earlier are not overwritten by later ones, which
	// share their storage.
	for i, c := range conns {
		if want := CommunityID(c); first[i] != want {
			t.Fatalf("%+v: id changed to %s, want %s", c, first[i], want)
		}
	}
	if got := ids.communityID(Conn{DstIP: conns[0].DstIP, Transport: "tcp"}); got != "" {
		t.Fatalf("connection without a source address: got %q, want none", got)
	}
	var none *ConnIDs
	if got, want := none.communityID(conns[0]), CommunityID(conns[0]); got != want {
		t.Fatalf("nil ConnIDs: got %s want %s", got, want)
	}
}
