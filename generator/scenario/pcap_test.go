package scenario

import (
	"io"
	"testing"

	"github.com/soclab/soclab/generator/pcap"
)

// TestPcapWriterAcceptsEveryScenario writes every scenario's events as
// packets: the writer must join every DNS and proxy event to its flow and
// find no flow that breaks the contract.
func TestPcapWriterAcceptsEveryScenario(t *testing.T) {
	small := map[string]map[string]any{
		"data-exfil": {"megabytes": 30},
		"backup-job": {"gigabytes": 1, "streams": 4},
	}
	for _, info := range Catalogue() {
		if info.ID == "backup-job" {
			continue // gigabytes of packets: too slow for a unit test
		}
		t.Logf("%s", info.ID)
		res := mustGenerate(t, info.ID, testEnv(7, 1, small[info.ID]))
		w, err := pcap.NewWriter(io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{}
		for _, e := range res.Events {
			want[e.Dataset()]++
			if err := w.Write(e); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		s := w.Stats()
		if s.Mismatched != 0 || s.Unmatched != 0 || s.Ignored != 0 || s.Flows != want["zeek.connection"] ||
			s.DNS != want["zeek.dns"] || s.HTTP != want["soclab.proxy"] {
			t.Errorf("%s: pcap stats %+v for events %v", info.ID, s, want)
		}
	}
}
