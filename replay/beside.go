package replay

import (
	"errors"
	"io"
	"strings"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
)

// besideSink puts recorded events into a generated stream: before each
// generated event it writes every recorded event whose @timestamp is
// earlier or equal (recorded first on a tie), and drain writes the rest
// once the generator is done. The generator writes in time order and so
// does Merged, so the stream stays in time order.
type besideSink struct {
	src  *recordedFiles
	out  event.Sink
	next *event.Event // the recorded event read but not yet written
	at   int64        // next's @timestamp, Unix ns
	done bool         // the recorded files are exhausted
	sum  *generator.Summary
}

// newBesideSink writes src's events into out beside the generator's.
func newBesideSink(src *recordedFiles, out event.Sink) *besideSink {
	return &besideSink{src: src, out: out, sum: &generator.Summary{ByDataset: map[string]int64{}}}
}

// Write implements event.Sink for the generator's events.
func (b *besideSink) Write(e *event.Event) error {
	if err := b.until(e.Time().UnixNano(), true); err != nil {
		return err
	}
	return b.out.Write(e)
}

// Close implements event.Sink; the generator never closes its sink, and
// Run drains and closes the outputs itself.
func (b *besideSink) Close() error { return nil }

// drain writes the recorded events left after the last generated one.
func (b *besideSink) drain() error { return b.until(0, false) }

// until writes the pending recorded events up to and including at (all of
// them when not bounded). Merged's event stays valid until its next Next,
// which is called only once the event is written.
func (b *besideSink) until(at int64, bounded bool) error {
	for {
		if b.next == nil {
			if b.done {
				return nil
			}
			e, err := b.src.Next()
			if errors.Is(err, io.EOF) {
				b.done = true
				return nil
			}
			if err != nil {
				return err
			}
			b.next, b.at = e, e.Time().UnixNano()
		}
		if bounded && b.at > at {
			return nil
		}
		countDataset(b.sum, b.next.Dataset())
		if err := b.out.Write(b.next); err != nil {
			return err
		}
		b.next = nil
	}
}

// countDataset counts one event of dataset ds in sum.
func countDataset(sum *generator.Summary, ds string) {
	if n, ok := sum.ByDataset[ds]; ok {
		sum.ByDataset[ds] = n + 1
	} else {
		sum.ByDataset[strings.Clone(ds)] = 1 // ds may point into the reader's buffer
	}
	sum.Events++
}

// addSummary adds the recorded counts of rec to the generator's sum.
func addSummary(sum, rec *generator.Summary) {
	if sum.ByDataset == nil {
		sum.ByDataset = map[string]int64{}
	}
	for ds, n := range rec.ByDataset {
		sum.ByDataset[ds] += n
	}
	sum.Events += rec.Events
}
