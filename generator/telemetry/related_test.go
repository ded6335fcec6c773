package telemetry

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
)

// Cached lists read the same as freshly built ones, however often and in
// whatever mix the same addresses and names come back.
func TestRelatedCachedListsMatch(t *testing.T) {
	for round := range 3 {
		for i := range 3000 {
			a := netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)})
			b := netip.AddrFrom4([4]byte{93, 184, byte(i % 7), byte(i % 251)})
			ips := []netip.Addr{a, b}
			if i%5 == 0 {
				ips = []netip.Addr{a, a}
			}
			user, host := fmt.Sprintf("user%d", i%97), fmt.Sprintf("ws-%04d", i%1013)
			var e event.Event
			related(&e, ips, []string{user}, []string{host})
			want := fmt.Sprintf("related.hosts=[%s] related.ip=[%s] related.user=[%s]", host, a, user)
			if i%5 != 0 {
				want = fmt.Sprintf("related.hosts=[%s] related.ip=[%s %s] related.user=[%s]", host, a, b, user)
			}
			if got := listsText(&e); got != want {
				t.Fatalf("round %d, %d: got %s want %s", round, i, got, want)
			}
		}
	}
}

// listsText renders an event's list fields as "key=[a b]", sorted by key.
func listsText(e *event.Event) string {
	e.Sort()
	var parts []string
	for _, f := range e.Fields {
		var vs []string
		for _, v := range f.Val.ListVal() {
			vs = append(vs, v.Str())
		}
		parts = append(parts, f.Key+"=["+strings.Join(vs, " ")+"]")
	}
	return strings.Join(parts, " ")
}
