// Package importer turns real recordings into the events soclab generates,
// so that the detectors, the workspace and a trainee's queries work on them
// unchanged: sshd syslog (auth.log, secure), Zeek logs (conn, dns, http,
// ssl; TSV or JSON), Elastic or winlogbeat NDJSON exports, Windows event
// log files (.evtx, read by importer/internal/evtx: the Security records
// soclab generates), and pcap or pcapng captures (connections, DNS, HTTP
// requests, TLS server names, SSH banners). importer/evtxtest writes
// small EVTX files for tests.
//
// An import reads every file, maps each record with the builders of
// generator/telemetry (so imported events are shaped exactly like
// generated ones), orders the events by time and writes them as NDJSON. It
// counts lines read, mapped, skipped (by reason, with the first place each
// reason was met) and out of order. A file it cannot read as its format
// at all is an error naming the file and line; a record it does not map is
// skipped and counted, never an error, because real logs hold many kinds
// of lines. Events without an event.id get one keyed by what their input
// holds (ids.go): the same input, the same ids; different inputs,
// different ids, so separate imports can share a workspace.
//
// Imports hold their events in memory to order them (real logs are rarely
// in order across files), each encoded as soon as it is final: about 1.5
// KiB per sshd event and 3 KiB per exported document. Zeek conn records
// stay decoded until the end, because an ssl record read later may name
// their server (about 5 KiB each). Split larger recordings by day.
package importer
