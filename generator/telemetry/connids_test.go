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
	for range 3 {
		for _, c := range conns {
			if got, want := ids.communityID(c), CommunityID(c); got != want {
				t.Fatalf("%+v: got %s want %s", c, got, want)
			}
		}
	}
	var none *ConnIDs
	if got, want := none.communityID(conns[0]), CommunityID(conns[0]); got != want {
		t.Fatalf("nil ConnIDs: got %s want %s", got, want)
	}
}
