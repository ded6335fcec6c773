package scenariotest

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/telemetry"
)

var (
	t0     = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	client = netip.MustParseAddr("10.10.1.5")
	server = netip.MustParseAddr("203.0.113.9")
)

func build(b interface {
	Build(*event.Event, telemetry.Meta)
}, at time.Time, id string) *event.Event {
	e := &event.Event{}
	b.Build(e, telemetry.Meta{Time: at, ID: id})
	return e
}

func goodFlow() *telemetry.Flow {
	return &telemetry.Flow{Conn: telemetry.Conn{SrcIP: client, SrcPort: 50000, DstIP: server, DstPort: 443, Transport: "tcp"},
		Duration: time.Second, State: "established", SrcPackets: 6, SrcBytes: 6*40 + 900, DstPackets: 4, DstBytes: 4*40 + 5000}
}

func TestFlowInvariants(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(f *telemetry.Flow)
		want string
	}{
		{"good", func(*telemetry.Flow) {}, ""},
		{"few packets", func(f *telemetry.Flow) { f.SrcPackets = 3; f.SrcBytes = 200 }, "want ≥ 4 and ≥ 2"},
		{"bytes below headers", func(f *telemetry.Flow) { f.DstBytes = 100 }, "bytes below headers"},
		{"rejected with data", func(f *telemetry.Flow) { f.State = "rejected" }, "want 1 and 1"},
		{"no_reply answered", func(f *telemetry.Flow) { f.State, f.SrcPackets, f.SrcBytes = "no_reply", 2, 80 }, "want 1–3 and 0"},
		{"unknown state", func(f *telemetry.Flow) { f.State = "half-open" }, "unknown soclab.flow.state"},
	} {
		f := goodFlow()
		tc.edit(f)
		err := Flow(build(f, t0, "f1"))
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestNetworkPairs(t *testing.T) {
	resolver := netip.MustParseAddr("10.20.0.13")
	conn := telemetry.Conn{SrcIP: client, SrcPort: 50001, DstIP: resolver, DstPort: 53, Transport: "udp"}
	answers := []telemetry.DNSAnswer{{Name: "a.example", Type: "A", Data: server.String(), TTL: 60}}
	dns := build(&telemetry.DNS{Conn: conn, Name: "a.example", QType: "A", Answers: answers}, t0, "d1")
	udp := &telemetry.Flow{Conn: conn, Duration: 5 * time.Millisecond, SrcPackets: 1, DstPackets: 1,
		SrcBytes: 28 + int64(pcap.DNSQueryLen("a.example", "A")), DstBytes: 28 + int64(pcap.DNSMessageLen("a.example", "A", answers))}
	f := goodFlow()
	proxy := &telemetry.Proxy{Conn: f.Conn, Method: "GET", Scheme: "https", Host: "a.example", Path: "/", Status: 200}
	if errs := Network([]*event.Event{dns, build(udp, t0, "u1"), build(f, t0, "f1"), build(proxy, t0.Add(100*time.Millisecond), "p1")}); len(errs) != 0 {
		t.Fatalf("good records: %v", errs)
	}
	udp.DstBytes++
	late := build(proxy, t0.Add(2*time.Second), "p1")
	errs := Network([]*event.Event{dns, build(udp, t0, "u1"), build(f, t0, "f1"), late})
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), "zeek.dns d1: flow u1 carries") || !strings.Contains(errs[1].Error(), "soclab.proxy p1: no tcp flow") {
		t.Fatalf("got %v", errs)
	}
}
