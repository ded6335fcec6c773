package replay

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/truth"
	"github.com/soclab/soclab/store/elastic"
)

// Spec says where the events of a run come from and which rules watch
// them. The source is Config (the generator), Recorded, or both: then the
// recorded events are merged into the generator's stream in time order
// (recorded first on a tie), a recorded incident inside a generated
// background, and the truth is the generator's.
type Spec struct {
	// Config is the generator's configuration; Run normalises it once
	// (generator.Config.Normalize) and paces and reports with the result.
	Config *generator.Config
	// Recorded are NDJSON event files (.gz and .zst too), each in time
	// order, merged by @timestamp (ties in the order of the files). A line
	// that is not an event, an event without @timestamp, or one earlier
	// than the line before it stops the run with the file and line.
	Recorded []string
	// RecordedAlerts are NDJSON files of alerts already raised (a finished
	// workspace's alerts.ndjson): after the events, they go to the alert
	// outputs, as the engine's alerts would. Only with Recorded and no
	// Rules.
	RecordedAlerts []string
	// Rules are the detectors run on the stream, one engine for all; none
	// means no engine and no alerts.
	Rules []*sigma.Rule
	// Detect says how the rules compile (pipelines, placeholders); Run
	// sets its OnAlert and Registerer.
	Detect detectors.Options
	// Speed, when above 0, replays in real time (generator.Pacer): the
	// simulated window passes Speed times faster than the wall clock and
	// every date is shifted so that it ends when the replay does.
	Speed float64
	// Clock is the pacer's clock; nil means the wall clock.
	Clock generator.Clock
}

// Outputs describes where a run's products go; an empty field is an output
// not written. Paths name files whose folder exists; "-" (at most one of
// them) is standard output. Events compress by extension (.gz, .zst).
type Outputs struct {
	Events string // the events as NDJSON
	Truth  string // the generator's ground truth as JSON (with a Config only)
	PCAP   string // the packets behind the network events
	Alerts string // the alerts as NDJSON, in the engine's order
	// Store is the folder whose column store (store.col) gets the events
	// and alerts tables.
	Store string
	// ES sends the events, and the alerts as they fire, to Elasticsearch.
	ES *ESOutput
}

// ESOutput is the Elasticsearch output of a run.
type ESOutput struct {
	Client *elastic.Client
	// Namespace of the data streams and of the alerts index.
	Namespace string
	// DeadLetter is the NDJSON file for documents that fail for good
	// (created only when one does).
	DeadLetter string
}

// Options observe a run; none of them changes what it writes.
type Options struct {
	// Progress, when set, is called from time to time with how far the
	// run has got.
	Progress func(Progress)
	// Registerer, when set, receives the metrics of the run: the
	// generator's, the detectors', the indexer's and
	// soclab_generate_bytes_written_total.
	Registerer prometheus.Registerer
}

// Progress is how far a run has got.
type Progress struct {
	Events int64     // events read so far
	At     time.Time // the simulated time reached
	// From and To are the window: the generator's, or a paced
	// recording's first and last events; zero for an unpaced recording,
	// which is not read ahead.
	From, To time.Time
}

// Result is what a run produced.
type Result struct {
	// Truth is the ground truth of a generated run (nil when recorded).
	Truth *truth.Truth
	// Summary counts the events by dataset (and, generated, the scenarios
	// injected).
	Summary *generator.Summary
	// Alerts are the engine's, in its order: fire time, then id.
	Alerts []*detectors.Alert
	// Packets is the number of packets written to the pcap output.
	Packets int64
	// Bytes is the size of the events NDJSON before compression.
	Bytes int64
	// ES is what Elasticsearch took, when it was an output.
	ES *ESReport
}

// ESReport is the outcome of the Elasticsearch output.
type ESReport struct {
	Namespace string
	Stats     elastic.Stats
	// Alerts is the number of alerts sent to the alerts index.
	Alerts int
	// Err is why Elasticsearch did not take everything (nil: it did, and
	// its counts match).
	Err error
}

// ESError is the error of a run whose files were all committed but whose
// Elasticsearch output failed; Result.ES tells what was sent.
type ESError struct {
	Err error
}

// Error says the failure was Elasticsearch's.
func (e *ESError) Error() string { return "elasticsearch: " + e.Err.Error() }

// Unwrap returns the Elasticsearch failure.
func (e *ESError) Unwrap() error { return e.Err }

// ErrSpec is the sentinel every inconsistent Spec or Outputs answers to.
var ErrSpec = errors.New("replay")

// check refuses a Spec and Outputs that do not make one run.
func check(spec *Spec, outs *Outputs) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, args...))
	}
	switch {
	case spec.Config == nil && len(spec.Recorded) == 0:
		return bad("no source: give a generator config or recorded files")
	case len(spec.RecordedAlerts) > 0 && (len(spec.Recorded) == 0 || spec.Config != nil):
		return bad("recorded alerts need recorded events, and no generator config")
	case len(spec.RecordedAlerts) > 0 && len(spec.Rules) > 0:
		return bad("recorded alerts and rules: the alerts would mix two runs")
	case outs.Truth != "" && spec.Config == nil:
		return bad("a truth output needs a generated source")
	case spec.Speed < 0 || math.IsNaN(spec.Speed):
		return bad("speed %v: must be above 0 (or 0 for no pacing)", spec.Speed)
	case outs.ES != nil && outs.ES.Client == nil:
		return bad("an Elasticsearch output without a client")
	}
	stdins := 0
	for _, p := range slices.Concat(spec.Recorded, spec.RecordedAlerts) {
		if p == "-" {
			stdins++
		}
	}
	switch {
	case stdins > 1:
		return bad("only one input can be - (standard input)")
	case stdins > 0 && spec.Speed > 0:
		return bad("a paced recording is read twice (once for its window): it cannot be - (standard input)")
	}
	stdouts := 0
	for _, p := range []string{outs.Events, outs.Truth, outs.PCAP, outs.Alerts} {
		if p == "-" {
			stdouts++
		}
	}
	if stdouts > 1 {
		return bad("only one output can be - (standard output)")
	}
	return nil
}
