package replay

import (
	"context"
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/store/elastic"
)

// esSink is the Elasticsearch output: the events go to their data streams
// and the alerts, as they fire, to the alerts index. A failed alert is
// kept and stops the stream at the next event; what Elasticsearch did not
// take never fails the file outputs: finish reports it.
type esSink struct {
	ix     *elastic.Indexer
	client *elastic.Client
	alerts int
	err    error // the first alert that could not be queued
}

func openES(ctx context.Context, o *ESOutput, reg prometheus.Registerer) (*esSink, error) {
	ix, err := o.Client.NewIndexer(ctx, elastic.IndexerOptions{Namespace: o.Namespace, DeadLetterPath: o.DeadLetter, Registerer: reg})
	if err != nil {
		return nil, err
	}
	return &esSink{ix: ix, client: o.Client}, nil
}

// Write implements event.Sink.
func (s *esSink) Write(e *event.Event) error { return s.ix.Write(e) }

// Close implements event.Sink; finish does the work.
func (s *esSink) Close() error { return nil }

// alert sends one alert.
func (s *esSink) alert(e *event.Event) {
	s.alerts++
	if err := s.ix.Write(e); err != nil && s.err == nil {
		s.err = err
	}
}

// finish closes the indexer and, when every document was taken, checks
// Elasticsearch's counts.
func (s *esSink) finish(ctx context.Context) *ESReport {
	err := errors.Join(s.err, s.ix.Close())
	if err == nil {
		err = s.client.Verify(ctx, s.ix.Namespace(), s.ix.Counts())
	}
	return &ESReport{Namespace: s.ix.Namespace(), Stats: s.ix.Stats(), Alerts: s.alerts, Err: err}
}

// abandon closes the indexer of a failed run.
func (s *esSink) abandon() {
	s.ix.Close()
}
