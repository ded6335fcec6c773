package event

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchLines are wide events of which a few fields are wanted.
func benchLines() [][]byte {
	r := rand.New(rand.NewPCG(5, 6))
	var lines [][]byte
	for i := range 1000 {
		lines = append(lines, fmt.Appendf(nil, `{"@timestamp":"2026-03-02T10:%02d:%02d.%03dZ","event":{"id":"ev-%d","dataset":"system.auth","action":"login","outcome":"%s","duration":%d},"source":{"ip":"203.0.113.%d","port":%d,"geo":{"country_iso_code":"NL","city_name":"Amsterdam"}},"user":{"name":"user%d","domain":"corp"},"related":{"ip":["203.0.113.%d","10.0.0.5"],"user":["user%d"]},"host":{"name":"bastion-01","os":{"family":"linux","version":"12"},"ip":["10.0.0.5"]},"process":{"name":"sshd","pid":%d,"args":["sshd","-D"]},"message":"Accepted password for user%d from 203.0.113.%d port %d ssh2"}`,
			i/60%60, i%60, r.IntN(1000), i, []string{"success", "failure"}[r.IntN(2)], r.IntN(1e6), i%256, 1024+r.IntN(60000), i%40, i%256, i%40, r.IntN(1<<16), i%40, i%256, r.IntN(60000)))
	}
	return lines
}

// BenchmarkScan compares the scanner with Decoder.Only on the same lines
// and keys.
func BenchmarkScan(b *testing.B) {
	lines := benchLines()
	keys := []string{KeyTimestamp, KeyID, KeyDataset, "event.outcome", "source.ip", "user.name", "related.ip"}
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	var e Event
	b.Run("scanner", func(b *testing.B) {
		s := NewScanner(keys)
		arena := &ScanArena{}
		s.UseArena(arena)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		failed := 0
		for b.Loop() {
			arena.Reset() // once per pass, as Stream does per batch
			for _, l := range lines {
				if s.Scan(l, &e) != nil {
					failed++
				}
			}
		}
		if failed > 0 {
			b.Fatalf("%d lines refused", failed)
		}
	})
	b.Run("decoder", func(b *testing.B) {
		var dec Decoder
		dec.Only(keys)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, l := range lines {
				if err := dec.Decode(l, &e); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
