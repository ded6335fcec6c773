package pcap

import (
	"testing"
	"time"
)

// A flow whose event.end is not on a millisecond (its duration has
// sub-millisecond digits) once made the writer loop forever; whatever the
// span, writing must end and the packets must match the event.
func TestSubMillisecondFlowDuration(t *testing.T) {
	for _, dur := range []time.Duration{1, 999, time.Microsecond, 1500 * time.Microsecond, time.Second + 1, 37*time.Second + 123456} {
		for _, tc := range []struct {
			port           int
			transport      string
			srcP, dstP     int64
			srcPay, dstPay int64
			state          string
		}{
			{443, "tcp", 40, 60, 20000, 900000, "established"},
			{80, "tcp", 6, 6, 700, 3000, "established"},
			{22, "tcp", 1, 1, 0, 0, "rejected"},
			{40000, "udp", 3, 2, 300, 200, "established"},
		} {
			s := &sample{}
			c := conn("10.0.0.1", 50000, "10.0.0.2", tc.port, tc.transport)
			s.flow(0, c, tc.state, dur, tc.srcP, tc.srcPay, tc.dstP, tc.dstPay)
			done := make(chan struct{})
			var frames int
			go func() {
				defer close(done)
				data, w := writeAll(t, s.events)
				if w.Stats().Mismatched != 0 {
					t.Errorf("%v %d/%s: mismatched %+v", dur, tc.port, tc.transport, w.Stats())
				}
				frames = len(decodeAll(t, data))
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("duration %v port %d/%s: the writer did not finish", dur, tc.port, tc.transport)
			}
			if want := tc.srcP + tc.dstP; int64(frames) != want {
				t.Errorf("duration %v port %d/%s: %d frames, want %d", dur, tc.port, tc.transport, frames, want)
			}
		}
	}
}

// Reading a TLS record stream at or past its end (a head longer than the
// stream, an offset beyond it) must return, with zeros past the end: this
// read once looped forever.
func TestReadRecordsPastEnd(t *testing.T) {
	for _, tc := range []struct {
		head, size, off int64
		n               int
	}{
		{0, 100, 100, 10},
		{0, 100, 95, 10},
		{10, 5, 0, 20},
		{0, recordMax + 3, recordMax, 40},
		{0, 0, 0, 1},
		{6, 6, 6, 3},
	} {
		s := stream{head: make([]byte, tc.head), size: tc.size, fill: fillRecords, seed: 1}
		dst := make([]byte, tc.n)
		for i := range dst {
			dst[i] = 0xff
		}
		done := make(chan struct{})
		go func() { defer close(done); s.read(tc.off, dst) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%+v: read did not return", tc)
		}
		past := max(tc.size, tc.head) - tc.off // bytes before the end
		for i := max(past, 0); i < int64(tc.n); i++ {
			if dst[i] != 0 {
				t.Fatalf("%+v: byte %d past the end is %#x", tc, i, dst[i])
			}
		}
	}
}
