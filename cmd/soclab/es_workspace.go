package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/labs/instance"
	"github.com/soclab/soclab/replay"
	"github.com/soclab/soclab/store/elastic"
)

// workspaceNamespace is the namespace a workspace's data goes to in
// Elasticsearch: the trainee's id, or "<lab>-<seed>" in self-study.
func workspaceNamespace(in *instance.Info, who instance.Who) (string, error) {
	if who.Trainee != "" {
		return elastic.Namespace(who.Trainee)
	}
	return elastic.Namespace(fmt.Sprintf("%s-%d", in.Lab, who.Seed))
}

// ingestWorkspace sends a finished workspace's events and then its alerts
// to Elasticsearch, into namespace ns: a recorded run with no rules whose
// only output is Elasticsearch. Documents that fail go to the workspace's
// deadletter.ndjson. It reports what was sent to out and fails when a
// document failed or the cluster's counts differ.
func ingestWorkspace(ctx context.Context, c *elastic.Client, dir, ns string, reg prometheus.Registerer, out io.Writer) error {
	deadLetter := filepath.Join(dir, "deadletter.ndjson")
	res, err := replay.Run(ctx,
		replay.Spec{Recorded: []string{filepath.Join(dir, instance.EventsFile)}, RecordedAlerts: []string{filepath.Join(dir, instance.AlertsFile)}},
		replay.Outputs{ES: &replay.ESOutput{Client: c, Namespace: ns, DeadLetter: deadLetter}},
		replay.Options{Registerer: reg})
	if res == nil {
		return err
	}
	printIngest(out, ns, res.ES.Stats)
	if err != nil {
		return err
	}
	if res.ES.Stats.Failed == 0 {
		os.Remove(deadLetter)
	}
	return nil
}
