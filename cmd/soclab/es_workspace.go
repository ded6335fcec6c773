package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs/instance"
	"github.com/soclab/soclab/store/elastic"
)

// connectIfSet connects to the cluster when --es-url or SOCLAB_ES_URL names
// one, and returns nil otherwise. Commands connect before their long work,
// so a wrong URL or password fails at once.
func (f *esFlags) connectIfSet(ctx context.Context) (*elastic.Client, error) {
	if _, enabled, err := f.Config(); err != nil || !enabled {
		return nil, err
	}
	return f.Connect(ctx)
}

// workspaceNamespace is the namespace a workspace's data goes to in
// Elasticsearch: the trainee's id, or "<lab>-<seed>" in self-study.
func workspaceNamespace(in *instance.Info, who instance.Who) (string, error) {
	if who.Trainee != "" {
		return elastic.Namespace(who.Trainee)
	}
	return elastic.Namespace(fmt.Sprintf("%s-%d", in.Lab, who.Seed))
}

// ingestWorkspace sends a finished workspace's events and alerts to
// Elasticsearch, into namespace ns; documents that fail go to the
// workspace's deadletter.ndjson. It reports what was sent to out and
// fails when a document failed or the cluster's counts differ.
func ingestWorkspace(ctx context.Context, c *elastic.Client, dir, ns string, reg prometheus.Registerer, out io.Writer) error {
	var srcs []event.Source
	for _, name := range []string{instance.EventsFile, instance.AlertsFile} {
		f, err := iofile.Open(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		defer f.Close()
		srcs = append(srcs, event.NewReader(f, filepath.Join(dir, name)))
	}
	deadLetter := filepath.Join(dir, "deadletter.ndjson")
	st, err := elastic.Load(ctx, c, &chain{srcs: srcs}, elastic.IndexerOptions{Namespace: ns, DeadLetterPath: deadLetter, Registerer: reg})
	printIngest(out, ns, st)
	if err != nil {
		return fmt.Errorf("elasticsearch: %w", err)
	}
	if st.Failed == 0 {
		os.Remove(deadLetter)
	}
	return nil
}

// chain is a Source that reads its sources one after the other.
type chain struct {
	srcs []event.Source
}

// Next implements event.Source.
func (c *chain) Next() (*event.Event, error) {
	for len(c.srcs) > 0 {
		e, err := c.srcs[0].Next()
		if errors.Is(err, io.EOF) {
			c.srcs = c.srcs[1:]
			continue
		}
		return e, err
	}
	return nil, io.EOF
}
