package telemetry

import (
	"fmt"
	"testing"
)

// fullURL, cached or not, is the request's URL.
func TestFullURLMatchesURL(t *testing.T) {
	for round := range 2 {
		for i := range 6000 {
			p := Proxy{Scheme: "https", Host: fmt.Sprintf("cdn%d.example.com", i%37), Path: fmt.Sprintf("/a/%d.js", i%211)}
			p.Conn.DstPort = 443
			switch i % 9 {
			case 1:
				p.Query = "q=x"
			case 2:
				p.Conn.DstPort = 8443
			case 3:
				p.Scheme, p.Conn.DstPort = "http", 80
			case 4:
				p.Scheme, p.Conn.DstPort = "http", 443
			}
			if got, want := p.fullURL(), p.URL(); got != want {
				t.Fatalf("round %d, %+v: got %s want %s", round, p, got, want)
			}
		}
	}
}
