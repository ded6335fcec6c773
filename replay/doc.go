// Package replay is the one pipeline that runs an instance: it reads one
// time-ordered stream of events (the generator's, recorded NDJSON files,
// or both merged in time order: a recorded incident inside a generated
// background), runs one detector engine on it, and writes every output the
// caller describes (the NDJSON events, the ground truth, the packets, the
// column store, the alerts, Elasticsearch) in one pass, with one atomic
// commit of the files and one set of metrics.
//
// `soclab generate`, a lab's workspace (labs/instance Start), its answer
// key (ComputeKey), `soclab assign` and the reading back of a finished
// workspace into Elasticsearch all describe what they want as a Spec and
// Outputs and make one call to Run; they no longer wire sinks themselves,
// so they cannot disagree on how an instance is produced.
//
// It is named replay, not pipeline, because detectors/pipeline already
// names Sigma's processing pipelines; a run is the replay of an instance's
// window through the detectors into the sinks.
//
// Atomicity. Every file output is written under a temporary name and the
// column store in a staging folder; they appear under their final names
// only once the whole run succeeded (Commit of each, the store last), and
// when one of those commits fails the ones already made are removed. An
// error or a cancelled context leaves no output and no temporary file. An
// output on standard output ("-") is written as it goes and cannot be taken
// back. Elasticsearch is not a file: what it did not take is reported in
// Result.ES after the files are committed (an *ESError).
package replay
