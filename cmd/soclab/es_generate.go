package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/elastic"
)

// esStream is the Elasticsearch side of soclab generate: the events go to
// their data streams, and the bundled detectors run on the same (possibly
// real-time) stream so that their alerts reach the alerts index as they
// fire. Its Close never fails the file outputs: what Elasticsearch did not
// take is reported by report, after the files are committed.
type esStream struct {
	ix     *elastic.Indexer
	eng    *detectors.Engine
	client *elastic.Client
	out    io.Writer
	err    error
	alerts int
}

// newESStream opens the indexer of namespace ns and compiles rules (with
// --lab, the lab's selection and pipelines, so that the alerts sent agree
// with the lab's workspace and key); documents that fail go to deadLetter.
func newESStream(ctx context.Context, c *elastic.Client, ns string, rules []*sigma.Rule, opts detectors.Options, deadLetter string, reg prometheus.Registerer, out io.Writer) (*esStream, error) {
	ix, err := c.NewIndexer(ctx, elastic.IndexerOptions{Namespace: ns, DeadLetterPath: deadLetter, Registerer: reg})
	if err != nil {
		return nil, err
	}
	s := &esStream{ix: ix, client: c, out: out}
	opts.OnAlert, opts.Registerer = s.alert, reg
	s.eng, err = detectors.Compile(rules, opts)
	if err != nil {
		ix.Close()
		return nil, err
	}
	return s, nil
}

func (s *esStream) alert(a *detectors.Alert) {
	s.alerts++
	if err := s.ix.Write(a.Event()); err != nil && s.err == nil {
		s.err = err
	}
}

// Write sends e to Elasticsearch and through the detectors.
func (s *esStream) Write(e *event.Event) error {
	if err := s.ix.Write(e); err != nil {
		return err
	}
	if err := s.eng.Write(e); err != nil {
		return err
	}
	return s.err
}

// Close flushes the detectors' last alerts, closes the indexer and checks
// Elasticsearch's counts; the outcome is kept for report.
func (s *esStream) Close() error {
	s.err = errors.Join(s.err, s.eng.Close(), s.ix.Close())
	if s.err == nil {
		s.err = s.client.Verify(context.Background(), s.ix.Namespace(), s.ix.Counts())
	}
	return nil
}

// report prints what was sent and returns the error to exit with.
func (s *esStream) report() error {
	printIngest(s.out, s.ix.Namespace(), s.ix.Stats())
	fmt.Fprintf(s.out, "%d alerts sent to %s\n", s.alerts, elastic.AlertsIndex(s.ix.Namespace()))
	if s.err != nil {
		return fmt.Errorf("elasticsearch: %w", s.err)
	}
	return nil
}

// deadLetterBeside names the dead-letter file next to the events output
// (in the current folder when the events go to standard output).
func deadLetterBeside(out, ns string) string {
	dir := "."
	if out != "-" {
		dir = filepath.Dir(out)
	}
	return filepath.Join(dir, "deadletter-"+ns+".ndjson")
}
