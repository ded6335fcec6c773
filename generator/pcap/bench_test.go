package pcap

import (
	"io"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

// benchEvents is a stream of conversations like the sample's, repeated a
// minute apart.
func benchEvents(rounds int) []*event.Event {
	base := sampleEvents()
	var out []*event.Event
	for r := 0; r < rounds; r++ {
		shift := time.Duration(r) * time.Minute
		for _, e := range base {
			c := e.Clone()
			for _, key := range []string{"@timestamp", "event.start", "event.end"} {
				if v, ok := c.Get(key); ok {
					c.Set(key, event.Time(v.TimeVal().Add(shift)))
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// BenchmarkWriter reports packets/s and events/s of the sample's mix of
// DNS, HTTP, HTTPS, downloads and scans through the writer to io.Discard.
func BenchmarkWriter(b *testing.B) {
	events := benchEvents(20)
	var packets, n int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, _ := NewWriter(io.Discard)
		for _, e := range events {
			if err := w.Write(e); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		packets += w.Packets()
		n += int64(len(events))
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(packets)/sec, "packets/s")
	b.ReportMetric(float64(n)/sec, "events/s")
}

// BenchmarkSmallFlows measures events/s for DNS exchanges only, the
// generator's most frequent network events.
func BenchmarkSmallFlows(b *testing.B) {
	var events []*event.Event
	for i := 0; i < 2000; i++ {
		s := &sample{}
		s.dnsPair(time.Duration(i)*time.Millisecond, conn("10.0.0.1", 10000+i, "10.0.0.53", 53, "udp"), dnsSampleRecord(), i%2 == 0)
		events = append(events, s.events...)
	}
	var n int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, _ := NewWriter(io.Discard)
		for _, e := range events {
			_ = w.Write(e)
		}
		_ = w.Close()
		n += int64(len(events))
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
