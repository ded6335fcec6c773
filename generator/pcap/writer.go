package pcap

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/soclab/soclab/event"
)

// MatchWindow is how long after a flow's first packet its soclab.proxy
// record may arrive and still be joined to it. The writer holds back every
// packet until the stream has moved this far past it, so memory grows with
// the flows that start within one window, not with the stream.
const MatchWindow = 10 * time.Second

// dnsStandIn is the gap between query and response of a zeek.dns event
// that has no flow.
const dnsStandIn = time.Millisecond

// Snaplen is the snapshot length in the file header: every frame is
// written whole.
const Snaplen = 262144

// DefaultMaxFlowPackets is how many packets of one flow a Writer captures
// before it stops capturing that flow, as a session-capturing sensor does
// (Arkime's maxPackets has the same default). It keeps a lab's capture small
// when a flow moves gigabytes; the flow event still tells the whole size.
const DefaultMaxFlowPackets = 10000

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("pcap: writer is closed")

// Stats counts what a Writer made of its events.
type Stats struct {
	Flows      int64 // zeek.connection events written as packets
	DNS        int64 // zeek.dns events written into a flow or on their own
	HTTP       int64 // soclab.proxy events joined to their flow
	Firewall   int64 // firewall denies written as a lone SYN
	Unmatched  int64 // proxy events without a flow (no packets)
	Mismatched int64 // flows whose event broke the contract (see package doc)
	Ignored    int64 // network events without a usable TCP or UDP 5-tuple
	Truncated  int64 // flows some of whose packets the capture policy left out
}

// Writer is an event.Sink that writes the packets of soclab's network
// events to a pcap file. It must receive the generator's stream in
// @timestamp order; it is not safe for concurrent use.
type Writer struct {
	bw      *bufio.Writer
	pw      *pcapgo.Writer
	out     countWriter
	heap    flowHeap
	pending map[tuple]*flowGen // flows whose first packet is not yet written
	now     int64
	order   uint64
	packets int64
	stats   Stats
	err     error
	closed  bool
	pk      packer
	// Policy says which packets of each flow are captured (see
	// policy.go). Set it before the first Write; NewWriter sets
	// DefaultPolicy.
	Policy Policy
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// NewWriter writes the pcap file header (Ethernet, nanosecond timestamps)
// to w and returns a Writer that appends packets to it. w is buffered; Close
// flushes it but does not close it.
func NewWriter(w io.Writer) (*Writer, error) {
	pw := &Writer{pending: map[tuple]*flowGen{}, now: math.MinInt64, pk: newPacker(), Policy: DefaultPolicy}
	pw.bw = bufio.NewWriterSize(w, 256<<10)
	pw.out.w = pw.bw
	pw.pw = pcapgo.NewWriterNanos(&pw.out)
	if err := pw.pw.WriteFileHeader(Snaplen, layers.LinkTypeEthernet); err != nil {
		return nil, fmt.Errorf("pcap: write file header: %w", err)
	}
	return pw, nil
}

// Packets returns the number of packets written so far.
func (w *Writer) Packets() int64 { return w.packets }

// Bytes returns the size of the pcap output so far, file header included
// (part of it may still be buffered until Close).
func (w *Writer) Bytes() int64 { return w.out.n }

// Stats returns what the writer made of its events so far.
func (w *Writer) Stats() Stats { return w.stats }

// Write consumes one event of the stream: flow, DNS, proxy and firewall
// events shape packets; any other event only moves the stream's clock. It
// writes every held packet older than MatchWindow before the event. The
// event is not kept.
func (w *Writer) Write(e *event.Event) error {
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	t, ok := unixNano(e, event.KeyTimestamp)
	if !ok {
		return nil
	}
	if t > w.now {
		w.now = t
		if err := w.flush(t - int64(MatchWindow)); err != nil {
			return err
		}
	}
	ds := e.Dataset()
	switch ds {
	case event.DatasetFlow, event.DatasetDNS, event.DatasetProxy, event.DatasetFirewall:
	default:
		return nil
	}
	k, ok := connOf(e)
	if !ok {
		w.stats.Ignored++
		return nil
	}
	switch ds {
	case event.DatasetFlow:
		w.addFlow(e, t, k)
	case event.DatasetDNS:
		w.addDNS(e, t, k)
	case event.DatasetProxy:
		w.addProxy(e, t, k)
	default:
		w.addFirewall(e, t, k)
	}
	return nil
}

// Close writes the packets still held and flushes the output. It does not
// close the io.Writer given to NewWriter. Calling it again does nothing.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	if err := w.flush(math.MaxInt64); err != nil {
		return err
	}
	if err := w.bw.Flush(); err != nil {
		w.err = fmt.Errorf("pcap: flush: %w", err)
	}
	return w.err
}

// flush writes, in time order, every held packet earlier than cutoff.
func (w *Writer) flush(cutoff int64) error {
	policy := w.Policy
	for len(w.heap) > 0 && w.heap[0].next < cutoff {
		g := w.heap[0]
		if !g.started {
			w.start(g)
		}
		p, done := g.nextPkt()
		if done {
			heap.Pop(&w.heap)
			continue
		}
		if err := w.pk.write(w.pw, g, p, g.timeOf(g.i-1)); err != nil {
			w.err = fmt.Errorf("pcap: write packet: %w", err)
			return w.err
		}
		w.packets++
		// Packets the policy does not capture only move the flow's
		// sequence numbers on.
		for g.i < g.total {
			if policy.keeps(g, g.peek(), g.i) {
				break
			}
			q, _ := g.nextPkt()
			skip(g, q)
			g.cut = true
		}
		if g.i >= g.total {
			if g.cut {
				w.stats.Truncated++
			}
			heap.Pop(&w.heap)
			continue
		}
		g.next = g.timeOf(g.i)
		heap.Fix(&w.heap, 0)
	}
	return nil
}

// start fixes a flow's plan before its first packet; from then on no
// record joins it.
func (w *Writer) start(g *flowGen) {
	g.started = true
	if w.pending[g.key] == g {
		delete(w.pending, g.key)
	}
	if !g.prepare(flowSeed(g.key, g.t0)) && g.hasFlow {
		w.stats.Mismatched++
	}
}
