package pcap

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// writeAll runs events through a Writer with FullCapture (these tests
// check the flow/packet contract packet by packet) and returns the pcap
// bytes.
func writeAll(t testing.TB, events []*event.Event) ([]byte, *Writer) {
	t.Helper()
	return writeWith(t, FullCapture, events)
}

// writeWith runs events through a Writer with capture policy p and
// returns the pcap bytes.
func writeWith(t testing.TB, p Policy, events []*event.Event) ([]byte, *Writer) {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w.Policy = p
	for _, e := range events {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Bytes() != int64(buf.Len()) {
		t.Fatalf("Bytes() = %d, wrote %d", w.Bytes(), buf.Len())
	}
	return buf.Bytes(), w
}

func TestWriteSampleFile(t *testing.T) {
	out := os.Getenv("PCAP_OUT")
	if out == "" {
		t.Skip("set PCAP_OUT to write the sample capture")
	}
	data, w := writeAll(t, sampleEvents())
	t.Logf("packets %d bytes %d stats %+v", w.Packets(), w.Bytes(), w.Stats())
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every packet belongs to one flow (or firewall) event, lies inside its
// span, and the per-direction packet and IP byte totals equal the event's.
func TestPacketsMatchFlows(t *testing.T) {
	events := sampleEvents()
	data, w := writeAll(t, events)
	if s := w.Stats(); s.Mismatched != 0 || s.Unmatched != 0 || s.Ignored != 0 || s.HTTP != 23 || s.DNS != 5 || s.Firewall != 1 {
		t.Fatalf("stats %+v", s)
	}
	frames := decodeAll(t, data)
	if int64(len(frames)) != w.Packets() {
		t.Fatalf("decoded %d frames, Packets() = %d", len(frames), w.Packets())
	}
	want := expectations(t, events)
	var last time.Time
	for i := range frames {
		f := &frames[i]
		if f.ts.Before(last) {
			t.Fatalf("frame %d at %v before frame %d at %v", i+1, f.ts, i, last)
		}
		last = f.ts
		x, fromClient := match(want, f)
		if x == nil {
			t.Fatalf("frame %d (%v:%d > %v:%d) matches no event", i+1, f.src, f.sport, f.dst, f.dport)
		}
		if ns := f.ts.UnixNano(); ns < x.start || ns > x.end {
			t.Errorf("frame %d at %v outside event %s [%v, %v]", i+1, f.ts, x.id, time.Unix(0, x.start).UTC(), time.Unix(0, x.end).UTC())
		}
		if fromClient {
			x.gotSrcP, x.gotSrcB = x.gotSrcP+1, x.gotSrcB+f.ipLen
		} else {
			x.gotDstP, x.gotDstB = x.gotDstP+1, x.gotDstB+f.ipLen
		}
	}
	for k, x := range want {
		if x.gotSrcP != x.srcPkts || x.gotSrcB != x.srcBytes || x.gotDstP != x.dstPkts || x.gotDstB != x.dstBytes {
			t.Errorf("%s %v: packets/bytes src %d/%d dst %d/%d, event says %d/%d %d/%d", x.id, k,
				x.gotSrcP, x.gotSrcB, x.gotDstP, x.gotDstB, x.srcPkts, x.srcBytes, x.dstPkts, x.dstBytes)
		}
	}
}

// TCP sequence and acknowledgement numbers run across each conversation:
// every segment starts where the sender's last ended, and every ACK
// acknowledges all the other side has sent.
func TestTCPSequence(t *testing.T) {
	events := sampleEvents()
	data, _ := writeAll(t, events)
	want := expectations(t, events)
	next := map[tuple]uint32{} // by sender
	flags := map[tuple]string{}
	for i, f := range decodeAll(t, data) {
		if f.tcp == nil {
			continue
		}
		me, peer := f.key(true), f.key(false)
		tcp := f.tcp
		switch {
		case tcp.SYN:
			next[me] = tcp.Seq + 1
		case tcp.RST:
		default:
			if n, ok := next[me]; !ok || tcp.Seq != n {
				t.Fatalf("frame %d: seq %d, want %d", i+1, tcp.Seq, n)
			}
			next[me] = tcp.Seq + uint32(len(f.payload)) + b2u(tcp.FIN)
		}
		if tcp.ACK && tcp.Ack != next[peer] {
			t.Fatalf("frame %d: ack %d, peer sent up to %d", i+1, tcp.Ack, next[peer])
		}
		flags[f.key(want[f.key(true)] != nil)] += tcpFlags(tcp)
	}
	for k, x := range want {
		if k.proto != 6 {
			continue
		}
		got := flags[k]
		ok := true
		switch x.state {
		case "established":
			ok = strings.HasPrefix(got, "S SA A ") && strings.HasSuffix(got, " FA FA A ")
		case "rejected":
			ok = got == "S RA "
		default:
			ok = strings.Trim(strings.ReplaceAll(got, "S ", ""), " ") == ""
		}
		if !ok {
			t.Errorf("%s (%s): flags %q", x.id, x.state, got)
		}
	}
}

// tcpFlags renders a segment's SYN, FIN, RST and ACK flags, then a space.
func tcpFlags(tcp *layers.TCP) string {
	var b strings.Builder
	for _, f := range []struct {
		on bool
		c  byte
	}{{tcp.SYN, 'S'}, {tcp.FIN, 'F'}, {tcp.RST, 'R'}, {tcp.ACK, 'A'}} {
		if f.on {
			b.WriteByte(f.c)
		}
	}
	b.WriteByte(' ')
	return b.String()
}

type runtimeMem struct{ total int64 }

func (m *runtimeMem) read() {
	runtime.GC()
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.total = int64(s.TotalAlloc)
}

// The same events give the same bytes.
func TestDeterministic(t *testing.T) {
	a, _ := writeAll(t, sampleEvents())
	b, _ := writeAll(t, sampleEvents())
	if !bytes.Equal(a, b) {
		t.Fatal("two runs over the same events differ")
	}
}

// failWriter accepts n bytes, then fails.
type failWriter struct{ n int }

var errDisk = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n := f.n
		f.n = 0
		return n, errDisk
	}
	f.n -= len(p)
	return len(p), nil
}

func TestFailingWriter(t *testing.T) {
	for _, n := range []int{0, 100, 300 << 10} {
		w, err := NewWriter(&failWriter{n: n})
		w.Policy = FullCapture
		if err != nil {
			t.Fatal(err) // the header is buffered
		}
		var werr error
		for _, e := range append(sampleEvents(), bigFlow(50<<20)...) {
			if werr = w.Write(e); werr != nil {
				break
			}
		}
		cerr := w.Close()
		if cerr == nil || !errors.Is(cerr, errDisk) {
			t.Fatalf("after %d bytes: Close = %v (Write = %v), want %v", n, cerr, werr, errDisk)
		}
		if err := w.Write(sampleEvents()[0]); !errors.Is(err, ErrClosed) {
			t.Fatalf("Write after Close = %v", err)
		}
	}
}

// bigFlow is one established download of size payload bytes, then an
// event an hour later that moves the stream past it.
func bigFlow(size int64) []*event.Event {
	s := &sample{}
	c := conn("10.10.1.99", 60000, "203.0.113.80", 443, "tcp")
	segs := DataSegments(size)
	s.flow(time.Hour, c, "established", 10*time.Minute, 4+segs/2, 0, 2+segs, size)
	s.add(2*time.Hour, (&telemetry.SSH{}).Build)
	return s.events
}

// A 50 MB transfer goes through the writer without its bytes ever being
// held: allocations stay a fraction of the payload.
func TestBigFlowStreams(t *testing.T) {
	const size = 50 << 20
	events := bigFlow(size)
	var before, after runtimeMem
	before.read()
	w, err := NewWriter(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	w.Policy = Policy{} // every packet
	for _, e := range events {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	after.read()
	if got := after.total - before.total; got > size/4 {
		t.Fatalf("allocated %d bytes for a %d byte flow", got, size)
	}
	if want := 4 + DataSegments(size)/2 + 2 + DataSegments(size); w.Packets() != want {
		t.Fatalf("packets %d, want %d", w.Packets(), want)
	}
}

// A sensor with FullCapture still stops capturing a flow after
// DefaultMaxFlowPackets, and says so in Stats; the flows around it are
// whole.
func TestMaxFlowPacketsCapsOneFlow(t *testing.T) {
	w, err := NewWriter(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	w.Policy = FullCapture
	for _, e := range bigFlow(50 << 20) {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The cap, and the teardown the policy always keeps.
	if w.Packets() != DefaultMaxFlowPackets || w.Stats().Truncated != 1 {
		t.Fatalf("packets %d, truncated %d", w.Packets(), w.Stats().Truncated)
	}
}
