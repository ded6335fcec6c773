package pcap

import (
	"container/heap"
	"hash/fnv"

	"github.com/soclab/soclab/event"
)

// How records join: a flow, the DNS record of the same 5-tuple and
// @timestamp, a proxy record of the same 5-tuple up to MatchWindow after
// the flow, and a firewall deny of the same 5-tuple within MatchWindow all
// describe one conversation. Records that come before their flow leave a
// stand-in that the flow takes over.

// newGen opens a conversation starting at t and makes it the one records
// of its 5-tuple join.
func (w *Writer) newGen(k tuple, t int64) *flowGen {
	g := &flowGen{key: k, order: w.order, t0: t, next: t, idx: -1}
	w.order++
	g.cli = side{ip: k.src, port: k.sport, mac: macOf(k.src)}
	g.srv = side{ip: k.dst, port: k.dport, mac: macOf(k.dst)}
	heap.Push(&w.heap, g)
	w.pending[k] = g
	return g
}

func (w *Writer) addFlow(e *event.Event, t int64, k tuple) {
	g := w.pending[k]
	standIn := g != nil && !g.hasFlow && ((g.dns != nil && g.t0 == t) || (g.dns == nil && abs(t-g.t0) <= int64(MatchWindow)))
	if !standIn {
		g = w.newGen(k, t)
	}
	g.hasFlow = true
	g.t0, g.next = t, t
	g.proto = str(e, "network.protocol")
	g.state = str(e, "soclab.flow.state")
	if g.state == "" {
		g.state = stateEstablished
	}
	end, ok := unixNano(e, "event.end")
	if !ok {
		end = t + num(e, "event.duration")
	}
	g.dur = max(end-t, 0)
	hdr := g.headerLen()
	g.cli.packets, g.srv.packets = num(e, "source.packets"), num(e, "destination.packets")
	g.cli.payload = num(e, "source.bytes") - hdr*g.cli.packets
	g.srv.payload = num(e, "destination.bytes") - hdr*g.srv.packets
	heap.Fix(&w.heap, g.idx)
	w.stats.Flows++
}

func (w *Writer) addDNS(e *event.Event, t int64, k tuple) {
	if k.proto != 17 {
		w.stats.Ignored++
		return
	}
	d := dnsOf(e)
	w.stats.DNS++
	if g := w.pending[k]; g != nil && g.hasFlow && g.dns == nil && g.t0 == t {
		g.dns = d
		return
	}
	g := w.newGen(k, t)
	g.dns, g.dur = d, int64(dnsStandIn)
	g.cli.packets, g.srv.packets = 1, 1
	g.cli.payload = int64(DNSQueryLen(d.name, d.qtype))
	g.srv.payload = int64(DNSMessageLen(d.name, d.qtype, d.answers))
}

func (w *Writer) addProxy(e *event.Event, t int64, k tuple) {
	g := w.pending[k]
	if k.proto != 6 || g == nil || !g.hasFlow || g.proxy != nil || g.t0 > t || t-g.t0 > int64(MatchWindow) {
		w.stats.Unmatched++
		return
	}
	g.proxy = proxyOf(e)
	w.stats.HTTP++
}

// addFirewall writes a denied inbound TCP connection as its lone SYN,
// unless a flow record of the same 5-tuple already tells of it.
func (w *Writer) addFirewall(e *event.Event, t int64, k tuple) {
	if str(e, "event.action") != "deny" || k.proto != 6 {
		return
	}
	if g := w.pending[k]; g != nil && abs(t-g.t0) <= int64(MatchWindow) {
		return
	}
	g := w.newGen(k, t)
	g.state, g.cli.packets = stateNoReply, 1
	w.stats.Firewall++
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// flowSeed derives a conversation's initial sequence numbers, IP ids and
// filler offsets from its 5-tuple and start, so that the same events give
// the same bytes.
func flowSeed(k tuple, t0 int64) uint64 {
	h := fnv.New64a()
	h.Write(k.src.AsSlice())
	h.Write(k.dst.AsSlice())
	h.Write([]byte{byte(k.sport >> 8), byte(k.sport), byte(k.dport >> 8), byte(k.dport), k.proto})
	return splitmix(h.Sum64() ^ uint64(t0))
}
