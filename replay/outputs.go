package replay

import (
	"fmt"
	"io"
	"os"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/internal/metrics"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/store/columnar"
)

// files are the file outputs of a run, all committed at the end or none.
type files struct {
	events, truth, pcapF, alerts *iofile.File
	store                        *columnar.Writer

	counter *byteCounter   // counts the events NDJSON
	ndjson  *event.Writer  // on counter
	pcapW   *pcap.Writer   // on pcapF
	alertsW *event.Writer  // on alerts
	storeEv event.Sink     // the store's events table
	storeAl event.Sink     // the store's alerts table
	done    bool           // committed: abort does nothing
	made    []*iofile.File // those opened, in commit order
}

// openFiles starts every file output of outs.
func openFiles(outs *Outputs, reg prometheus.Registerer) (_ *files, err error) {
	fs := &files{}
	defer func() {
		if err != nil {
			fs.abort()
		}
	}()
	create := func(path string) (*iofile.File, error) {
		if path == "" {
			return nil, nil
		}
		f, err := iofile.Create(path)
		if err == nil {
			fs.made = append(fs.made, f)
		}
		return f, err
	}
	if fs.events, err = create(outs.Events); err != nil {
		return nil, err
	}
	if fs.events != nil {
		if fs.counter, err = newByteCounter(fs.events, reg); err != nil {
			return nil, err
		}
		fs.ndjson = event.NewWriter(fs.counter)
	}
	if fs.pcapF, err = create(outs.PCAP); err != nil {
		return nil, err
	}
	if fs.pcapF != nil {
		if fs.pcapW, err = pcap.NewWriter(fs.pcapF); err != nil {
			return nil, fmt.Errorf("%s: %w", outs.PCAP, err)
		}
	}
	if fs.truth, err = create(outs.Truth); err != nil {
		return nil, err
	}
	if fs.alerts, err = create(outs.Alerts); err != nil {
		return nil, err
	}
	if fs.alerts != nil {
		fs.alertsW = event.NewWriter(fs.alerts)
	}
	if outs.Store != "" {
		if fs.store, err = columnar.NewWriter(outs.Store); err != nil {
			return nil, err
		}
		fs.storeEv = fs.store.Table("events")
		fs.storeAl = fs.store.Table("alerts")
	}
	return fs, nil
}

// sinks are the file sinks of the event stream, in a fixed order.
func (fs *files) sinks() event.Tee {
	var t event.Tee
	if fs.ndjson != nil {
		t = append(t, fs.ndjson)
	}
	if fs.storeEv != nil {
		t = append(t, fs.storeEv)
	}
	if fs.pcapW != nil {
		t = append(t, fs.pcapW)
	}
	return t
}

// finishEvents flushes the events NDJSON and the packets once the stream
// has ended.
func (fs *files) finishEvents() error {
	if fs.ndjson != nil {
		if err := fs.ndjson.Close(); err != nil {
			return fmt.Errorf("cannot write %s: %w", fs.events.Path(), err)
		}
	}
	if fs.pcapW != nil {
		if err := fs.pcapW.Close(); err != nil {
			return fmt.Errorf("cannot write %s: %w", fs.pcapF.Path(), err)
		}
	}
	return nil
}

// writeAlert writes one alert to the alerts NDJSON and the store's alerts
// table.
func (fs *files) writeAlert(e *event.Event) error {
	if fs.alertsW != nil {
		if err := fs.alertsW.Write(e); err != nil {
			return fmt.Errorf("cannot write %s: %w", fs.alerts.Path(), err)
		}
	}
	if fs.storeAl != nil {
		if err := fs.storeAl.Write(e); err != nil {
			return fmt.Errorf("column store: alerts: %w", err)
		}
	}
	return nil
}

// writeAlerts writes the engine's alerts, in its order.
func (fs *files) writeAlerts(alerts []*detectors.Alert) error {
	if fs.alertsW == nil && fs.storeAl == nil {
		return nil
	}
	for _, a := range alerts {
		if err := fs.writeAlert(a.Event()); err != nil {
			return err
		}
	}
	return nil
}

// commit writes the truth and commits every output, the column store last;
// when one fails, those already committed are removed, so that either
// every output appears or none does.
func (fs *files) commit(tr *truth.Truth) error {
	if fs.alertsW != nil {
		if err := fs.alertsW.Close(); err != nil {
			return fmt.Errorf("cannot write %s: %w", fs.alerts.Path(), err)
		}
	}
	if fs.truth != nil {
		if err := tr.Write(fs.truth); err != nil {
			return fmt.Errorf("cannot write %s: %w", fs.truth.Path(), err)
		}
	}
	var committed []string
	for _, f := range fs.made {
		if err := f.Commit(); err != nil {
			fs.abort() // the outputs not committed yet and the store
			removeAll(committed)
			return err
		}
		if !f.InPlace() {
			committed = append(committed, f.Path())
		}
	}
	fs.done = true
	if fs.store != nil {
		// Close commits the store, or removes its staging folder.
		if err := fs.store.Close(); err != nil {
			removeAll(committed)
			return fmt.Errorf("column store: %w", err)
		}
	}
	return nil
}

// removeAll removes outputs already committed, when a later one failed.
func removeAll(paths []string) {
	for _, p := range paths {
		os.Remove(p)
	}
}

// abort discards every output not yet committed: the temporary files and
// the store's staging folder.
func (fs *files) abort() {
	if fs.done {
		return
	}
	fs.done = true
	for _, f := range fs.made {
		f.Abort()
	}
	if fs.store != nil {
		fs.store.Abort()
	}
}

// byteCounter counts the bytes of events NDJSON written, for the Result
// and the soclab_generate_bytes_written_total metric.
type byteCounter struct {
	w   io.Writer
	n   int64
	ctr prometheus.Counter
}

func newByteCounter(w io.Writer, reg prometheus.Registerer) (*byteCounter, error) {
	c := &byteCounter{w: w}
	if reg != nil {
		ctr, err := metrics.Counter(reg, "generate", "bytes_written_total", "Bytes of NDJSON written (before compression).")
		if err != nil {
			return nil, err
		}
		c.ctr = ctr
	}
	return c, nil
}

// Write implements io.Writer, counting what it passes on.
func (c *byteCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if c.ctr != nil {
		c.ctr.Add(float64(n))
	}
	return n, err
}
