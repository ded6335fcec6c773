// Package scenariotest checks that generated network events keep the pcap
// contract, so that any activity source (scenarios, benign activity) can
// assert it in its tests: flows count their packets and bytes as the pcap
// writer rebuilds them, every DNS event has its UDP flow, and every proxy
// event lies inside a TCP flow that can carry its request and response.
package scenariotest

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/telemetry"
)

// Header bytes per packet: IPv4 with TCP, IPv4 with UDP.
const (
	tcpHeader = pcap.IPv4HeaderLen + pcap.TCPHeaderLen
	udpHeader = pcap.IPv4HeaderLen + pcap.UDPHeaderLen
)

// Flow checks one zeek.connection event on its own.
func Flow(e *event.Event) error {
	sp, sb := num(e, "source.packets"), num(e, "source.bytes")
	dp, db := num(e, "destination.packets"), num(e, "destination.bytes")
	state, transport := e.Str("soclab.flow.state"), e.Str("network.transport")
	hdr := int64(tcpHeader)
	if transport == "udp" {
		hdr = udpHeader
	}
	start, end := timeOf(e, "event.start"), timeOf(e, "event.end")
	switch {
	case !start.Equal(e.Time()):
		return fmt.Errorf("event.start %s is not @timestamp %s", start, e.Time())
	case end.Before(start):
		return fmt.Errorf("event.end %s before event.start %s", end, start)
	case num(e, "event.duration") != int64(end.Sub(start)):
		return fmt.Errorf("event.duration %d is not event.end - event.start", num(e, "event.duration"))
	case sb < hdr*sp || db < hdr*dp:
		return fmt.Errorf("bytes below headers: source %d bytes in %d packets, destination %d in %d", sb, sp, db, dp)
	case num(e, "network.bytes") != sb+db || num(e, "network.packets") != sp+dp:
		return fmt.Errorf("network.bytes/packets are not the sums of both sides")
	case e.Str("network.community_id") != telemetry.CommunityID(conn(e)):
		return fmt.Errorf("network.community_id does not match the 5-tuple")
	}
	if transport == "udp" {
		if sp < 1 {
			return fmt.Errorf("udp flow without a client datagram")
		}
		return nil
	}
	switch state {
	case "established":
		if sp < 4 || dp < 2 {
			return fmt.Errorf("established flow with %d client and %d server packets (want ≥ 4 and ≥ 2)", sp, dp)
		}
		if sb-hdr*sp > (sp-4+1)*65495 || db-hdr*dp > (dp-2+1)*65495 {
			return fmt.Errorf("more payload than the packets can carry")
		}
	case "rejected":
		if sp != 1 || dp != 1 {
			return fmt.Errorf("rejected flow with %d and %d packets (want 1 and 1)", sp, dp)
		}
	case "no_reply":
		if sp < 1 || sp > 3 || dp != 0 {
			return fmt.Errorf("no_reply flow with %d and %d packets (want 1–3 and 0)", sp, dp)
		}
	default:
		return fmt.Errorf("unknown soclab.flow.state %q", state)
	}
	return nil
}

// Network checks every flow of events, that every DNS event has a UDP flow
// on its 5-tuple at its @timestamp sized exactly for its query and answer,
// and that every proxy event lies in a TCP flow on its 5-tuple whose bytes
// hold its request and response heads. It returns one error per problem,
// naming the event id.
func Network(events []*event.Event) []error {
	var errs []error
	flows := map[string][]*event.Event{}
	for _, e := range events {
		if e.Dataset() == event.DatasetFlow {
			if err := Flow(e); err != nil {
				errs = append(errs, fmt.Errorf("flow %s: %w", e.ID(), err))
			}
			k := key(e)
			flows[k] = append(flows[k], e)
		}
	}
	for _, e := range events {
		var err error
		switch e.Dataset() {
		case event.DatasetDNS:
			err = dnsPair(e, flows[key(e)])
		case event.DatasetProxy:
			err = proxyPair(e, flows[key(e)])
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", e.Dataset(), e.ID(), err))
		}
	}
	return errs
}

func dnsPair(e *event.Event, flows []*event.Event) error {
	name, qtype := e.Str("dns.question.name"), e.Str("dns.question.type")
	answers := Answers(e)
	for _, f := range flows {
		if !f.Time().Equal(e.Time()) || f.Str("network.transport") != "udp" {
			continue
		}
		wantQ := udpHeader + int64(pcap.DNSQueryLen(name, qtype))
		wantR := udpHeader + int64(pcap.DNSMessageLen(name, qtype, answers))
		if num(f, "source.bytes") != wantQ || num(f, "destination.bytes") != wantR {
			return fmt.Errorf("flow %s carries %d/%d bytes, want %d/%d", f.ID(), num(f, "source.bytes"), num(f, "destination.bytes"), wantQ, wantR)
		}
		if num(f, "source.packets") != 1 || num(f, "destination.packets") != 1 {
			return fmt.Errorf("flow %s is not one datagram each way", f.ID())
		}
		return nil
	}
	return fmt.Errorf("no udp flow on its 5-tuple at %s", e.Time())
}

func proxyPair(e *event.Event, flows []*event.Event) error {
	for _, f := range flows {
		if f.Str("network.transport") != "tcp" || e.Time().Before(f.Time()) || e.Time().After(timeOf(f, "event.end")) {
			continue
		}
		head := int64(pcap.HTTPRequestLen(e.Str("http.request.method"), e.Str("url.domain"), e.Str("url.path"), e.Str("url.query"), e.Str("user_agent.original")))
		resp := int64(pcap.HTTPResponseLen(int(num(e, "http.response.status_code")), e.Str("http.response.mime_type")))
		if num(f, "source.bytes") < tcpHeader*num(f, "source.packets")+head {
			return fmt.Errorf("flow %s: %d client bytes cannot hold the %d-byte request head", f.ID(), num(f, "source.bytes"), head)
		}
		if num(f, "destination.bytes") < tcpHeader*num(f, "destination.packets")+resp {
			return fmt.Errorf("flow %s: %d server bytes cannot hold the %d-byte response head", f.ID(), num(f, "destination.bytes"), resp)
		}
		if f.Str("soclab.flow.state") != "established" {
			return fmt.Errorf("flow %s is %s", f.ID(), f.Str("soclab.flow.state"))
		}
		return nil
	}
	return fmt.Errorf("no tcp flow on its 5-tuple spans %s", e.Time())
}

// Answers reads dns.answers back into telemetry answers.
func Answers(e *event.Event) []telemetry.DNSAnswer {
	v, ok := e.Get("dns.answers")
	if !ok {
		return nil
	}
	var out []telemetry.DNSAnswer
	for _, obj := range v.ObjectsVal() {
		var a telemetry.DNSAnswer
		for _, f := range obj {
			switch f.Key {
			case "name":
				a.Name = f.Val.Str()
			case "type":
				a.Type = f.Val.Str()
			case "data":
				a.Data = f.Val.Str()
			case "ttl":
				a.TTL = int(f.Val.IntVal())
			}
		}
		out = append(out, a)
	}
	return out
}

func key(e *event.Event) string {
	return e.Str("network.transport") + " " + e.Str("source.ip") + ":" + fmt.Sprint(num(e, "source.port")) + " " + e.Str("destination.ip") + ":" + fmt.Sprint(num(e, "destination.port"))
}

func conn(e *event.Event) telemetry.Conn {
	var c telemetry.Conn
	c.SrcIP, _ = parseAddr(e.Str("source.ip"))
	c.DstIP, _ = parseAddr(e.Str("destination.ip"))
	c.SrcPort, c.DstPort = int(num(e, "source.port")), int(num(e, "destination.port"))
	c.Transport = e.Str("network.transport")
	return c
}

func num(e *event.Event, k string) int64 {
	v, _ := e.Get(k)
	return v.IntVal()
}

func timeOf(e *event.Event, k string) time.Time {
	v, _ := e.Get(k)
	return v.TimeVal()
}

func parseAddr(s string) (netip.Addr, error) { return netip.ParseAddr(s) }
