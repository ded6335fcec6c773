package importer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/pcap"
)

// importFiles imports testdata files and returns the events and stats.
func importFiles(t *testing.T, f Format, opts Options, names ...string) ([]*event.Event, *Stats) {
	t.Helper()
	var paths []string
	for _, n := range names {
		paths = append(paths, filepath.Join("testdata", n))
	}
	var out bytes.Buffer
	st, err := Import(f, paths, opts, &out)
	if err != nil {
		t.Fatal(err)
	}
	return decodeAll(t, out.Bytes()), st
}

func decodeAll(t *testing.T, data []byte) []*event.Event {
	t.Helper()
	r := event.NewReader(bytes.NewReader(data), "out")
	var evs []*event.Event
	for {
		e, err := r.Next()
		if err == io.EOF {
			return evs
		}
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e.Clone())
	}
}

func skipCount(st *Stats, reason string) int {
	for _, s := range st.Skipped {
		if strings.HasPrefix(s.Reason, reason) {
			return s.Count
		}
	}
	return 0
}

func TestSSHDImport(t *testing.T) {
	evs, st := importFiles(t, SSHD, Options{Year: 2026, Location: time.UTC}, "auth.log")
	if st.Read != 76 || st.Mapped+st.SkippedTotal() != st.Read {
		t.Fatalf("read %d, mapped %d, skipped %d", st.Read, st.Mapped, st.SkippedTotal())
	}
	if n := skipCount(st, "not sshd"); n != 1 {
		t.Errorf("%d CRON lines skipped as not sshd, want 1 (%+v)", n, st.Skipped)
	}
	if n := skipCount(st, "sshd line of a kind"); n != 13 {
		t.Errorf("%d sshd lines not mapped, want 13 (check pass, maximum attempts, listening, session opened)", n)
	}
	if n := skipCount(st, "not a syslog line"); n != 1 {
		t.Errorf("%d non-syslog lines, want 1", n)
	}
	if st.OutOfOrder != 2 {
		t.Errorf("%d out of order, want 2 (the 10:19:58 lines after 10:20:09)", st.OutOfOrder)
	}
	var last time.Time
	loginFailures, failedLines, invalid := 0, 0, 0
	for _, e := range evs {
		if e.Time().Before(last) {
			t.Fatalf("output not in time order at %s", e.ID())
		}
		last = e.Time()
		if e.Str("event.dataset") != "system.auth" || e.ID() == "" {
			t.Fatalf("event %v", e.Fields)
		}
		if e.Str("source.ip") != "203.0.113.50" {
			continue
		}
		if e.Str("event.action") == "ssh_login" && e.Str("event.outcome") == "failure" {
			loginFailures++
		}
		switch e.Str("system.auth.ssh.event") {
		case "Failed":
			failedLines++
		case "Invalid":
			invalid++
		}
	}
	// 14 connections, 10 of them for accounts that do not exist: as on
	// Elastic, those count twice.
	if failedLines != 14 || invalid != 10 || loginFailures != 24 {
		t.Errorf("brute force: %d Failed, %d Invalid, %d ssh_login failures", failedLines, invalid, loginFailures)
	}
	first := evs[0]
	if first.Str("@timestamp") != "" && !first.Time().Equal(time.Date(2026, 3, 2, 10, 10, 0, 0, time.UTC)) {
		t.Errorf("first event at %s", first.Time())
	}
	if first.Str("event.action") != "ssh_possible_break_in" || !strings.Contains(first.Str("message"), "POSSIBLE BREAK-IN") {
		t.Errorf("first event %s: %s", first.Str("event.action"), first.Str("message"))
	}
}

func TestSSHDYearAndZone(t *testing.T) {
	log := "Dec 31 23:59:59 h sshd[1]: Failed password for root from 192.0.2.1 port 1 ssh2\nJan  1 00:00:01 h sshd[1]: Failed password for root from 192.0.2.1 port 1 ssh2\n"
	var out bytes.Buffer
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if _, err := ImportReader(SSHD, "x.log", strings.NewReader(log), Options{Year: 2025, Location: berlin}, &out); err != nil {
		t.Fatal(err)
	}
	evs := decodeAll(t, out.Bytes())
	if got := evs[1].Time(); !got.Equal(time.Date(2025, 12, 31, 23, 0, 1, 0, time.UTC)) {
		t.Errorf("New Year's line at %s, want 2026-01-01 00:00:01 Berlin", got)
	}
}

func TestZeekImport(t *testing.T) {
	evs, st := importFiles(t, Zeek, Options{}, "conn.log", "dns.log", "ssl.json", "http.json")
	if st.Read != 9 {
		t.Errorf("read %d records, want 9", st.Read)
	}
	if n := skipCount(st, "ssl record whose conn"); n != 1 {
		t.Errorf("unmatched ssl records %d, want 1 (%+v)", n, st.Skipped)
	}
	if n := skipCount(st, "ssl record"); n != 1 {
		t.Errorf("%+v", st.Skipped)
	}
	byDS := map[string][]*event.Event{}
	for _, e := range evs {
		byDS[e.Dataset()] = append(byDS[e.Dataset()], e)
	}
	if len(byDS["zeek.connection"]) != 4 || len(byDS["zeek.dns"]) != 2 || len(byDS["soclab.proxy"]) != 1 {
		t.Fatalf("datasets: flow %d, dns %d, proxy %d", len(byDS["zeek.connection"]), len(byDS["zeek.dns"]), len(byDS["soclab.proxy"]))
	}
	var tls, rej *event.Event
	for _, e := range byDS["zeek.connection"] {
		switch e.Str("destination.port") {
		}
		if v, _ := e.Get("destination.port"); v.IntVal() == 443 {
			tls = e
		}
		if e.Str("soclab.flow.state") == "rejected" {
			rej = e
		}
	}
	if tls == nil || tls.Str("destination.domain") != "updates.example.com" || tls.Str("network.protocol") != "tls" {
		t.Errorf("tls flow: %v", tls)
	}
	if v, _ := tls.Get("source.bytes"); v.IntVal() != 1105 {
		t.Errorf("source.bytes %d, want orig_ip_bytes 1105", v.IntVal())
	}
	if rej == nil {
		t.Fatal("no rejected flow")
	}
	// The conn.log's own uid, conn_state and history are kept as Elastic's
	// Zeek integration keeps them; the local flags agree with the direction.
	for _, c := range []struct {
		e                    *event.Event
		uid, state, history  string
		localOrig, localResp bool
	}{{tls, "CAbc01", "SF", "ShADadFf", true, false}, {rej, "CAbc03", "REJ", "Sr", false, true}} {
		lo, _ := c.e.Get("zeek.connection.local_orig")
		lr, _ := c.e.Get("zeek.connection.local_resp")
		if c.e.Str("zeek.session_id") != c.uid || c.e.Str("zeek.connection.state") != c.state || c.e.Str("zeek.connection.history") != c.history ||
			lo.BoolVal() != c.localOrig || lr.BoolVal() != c.localResp || c.e.Str("event.module") != "zeek" {
			t.Errorf("conn %s: zeek fields %s %s %s %v %v", c.uid, c.e.Str("zeek.session_id"), c.e.Str("zeek.connection.state"),
				c.e.Str("zeek.connection.history"), lo.BoolVal(), lr.BoolVal())
		}
	}
	for _, d := range byDS["zeek.dns"] {
		if !strings.HasPrefix(d.Str("zeek.session_id"), "C") || d.Str("zeek.dns.query") != d.Str("dns.question.name") {
			t.Errorf("dns %s: zeek.session_id %q, zeek.dns.query %q", d.ID(), d.Str("zeek.session_id"), d.Str("zeek.dns.query"))
		}
	}
	if rej == nil || rej.Str("network.direction") != "inbound" {
		t.Errorf("REJ flow: %v", rej)
	}
	d := byDS["zeek.dns"][0]
	if d.Str("dns.question.name") != "updates.example.com" || d.Str("dns.resolved_ip") == "" && len(d.Str("dns.resolved_ip")) == 0 {
		t.Logf("dns %v", d.Fields)
	}
	if byDS["zeek.dns"][1].Str("dns.response_code") != "NXDOMAIN" {
		t.Errorf("second dns %v", byDS["zeek.dns"][1].Fields)
	}
	p := byDS["soclab.proxy"][0]
	if p.Str("url.full") != "http://downloads.example.net/tools/setup.exe?v=2" || p.Str("url.extension") != "exe" || p.Str("http.response.mime_type") != "application/x-dosexec" {
		t.Errorf("http: %s %s %s", p.Str("url.full"), p.Str("url.extension"), p.Str("http.response.mime_type"))
	}
	if !evs[0].Time().Equal(time.Date(2026, 3, 2, 9, 59, 59, 0, time.UTC)) {
		t.Errorf("first event at %s: not time-ordered", evs[0].Time())
	}
}

func TestZeekErrorsNameFileAndLine(t *testing.T) {
	bad := "#separator \\x09\n#fields\tts\tuid\n1772445600.0\tC1\textra\n"
	_, err := ImportReader(Zeek, "conn.log", strings.NewReader(bad), Options{}, io.Discard)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Line != 3 || !strings.Contains(err.Error(), "conn.log:3: 3 fields where #fields names 2") {
		t.Errorf("error %v", err)
	}
	_, err = ImportReader(Zeek, "conn.log", strings.NewReader("1.0\tC1\n"), Options{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "conn.log:1: record before the #fields header") {
		t.Errorf("error %v", err)
	}
}

func TestElasticImport(t *testing.T) {
	evs, st := importFiles(t, Elastic, Options{}, "export.ndjson")
	if st.Read != 4 || st.Mapped != 2 || skipCount(st, "bulk action line") != 1 || skipCount(st, "document without @timestamp") != 1 {
		t.Fatalf("stats %+v", st)
	}
	if st.OutOfOrder != 1 {
		t.Errorf("out of order %d, want 1", st.OutOfOrder)
	}
	if evs[0].Str("event.code") != "4624" || evs[1].Str("winlog.event_data.SubStatus") != "0xC000006A" || evs[1].ID() == "" {
		t.Errorf("events %v / %v", evs[0].Fields, evs[1].Fields)
	}
	_, err := ImportReader(Elastic, "bad.ndjson", strings.NewReader("{\"@timestamp\":\"2026-03-02T10:00:00Z\"}\n{\"a\": \n"), Options{}, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "bad.ndjson:2: ") {
		t.Errorf("error %v", err)
	}
}

// TestPCAPRoundTrip writes the packets of generated network events with
// generator/pcap, imports the capture and finds every TCP and UDP flow
// again, with the same packets and bytes each way, and every DNS answer.
func TestPCAPRoundTrip(t *testing.T) {
	var c event.Collector
	cfg := generator.Config{Seed: 5, From: generator.DefaultFrom.Add(10 * time.Hour), Duration: 3 * time.Minute}
	if _, err := generator.Run(context.Background(), cfg, &c, generator.Options{}); err != nil {
		t.Fatal(err)
	}
	var capture bytes.Buffer
	pw, err := pcap.NewWriter(&capture)
	if err != nil {
		t.Fatal(err)
	}
	pw.Policy = pcap.FullCapture
	want := map[string]*event.Event{}
	dnsNames := map[string]bool{}
	for _, e := range c.Events {
		if err := pw.Write(e); err != nil {
			t.Fatal(err)
		}
		switch e.Dataset() {
		case "zeek.connection":
			want[e.Str("network.community_id")] = e
		case "zeek.dns":
			dnsNames[e.Str("dns.question.name")] = true
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	st, err := ImportReader(PCAP, "gen.pcap", &capture, Options{}, &out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*event.Event{}
	gotDNS := map[string]bool{}
	for _, e := range decodeAll(t, out.Bytes()) {
		switch e.Dataset() {
		case "zeek.connection":
			got[e.Str("network.community_id")] = e
		case "zeek.dns":
			gotDNS[e.Str("dns.question.name")] = true
		}
	}
	if len(want) < 100 {
		t.Fatalf("only %d generated flows", len(want))
	}
	missing := 0
	for id, w := range want {
		g := got[id]
		if g == nil {
			missing++
			continue
		}
		for _, k := range []string{"source.packets", "source.bytes", "destination.packets", "destination.bytes"} {
			wv, _ := w.Get(k)
			gv, _ := g.Get(k)
			if wv.IntVal() != gv.IntVal() {
				t.Errorf("flow %s %s:%s -> %s: %s %d, imported %d", id, w.Str("source.ip"), w.Str("destination.port"), w.Str("destination.ip"), k, wv.IntVal(), gv.IntVal())
			}
		}
		if w.Str("soclab.flow.state") != g.Str("soclab.flow.state") {
			t.Errorf("flow %s state %s, imported %s", id, w.Str("soclab.flow.state"), g.Str("soclab.flow.state"))
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d flows not found in the imported capture", missing, len(want))
	}
	for n := range dnsNames {
		if !gotDNS[n] {
			t.Errorf("DNS query %s not imported", n)
		}
	}
	t.Logf("%d packets, %d events, %d flows", st.Read, st.Mapped, len(got))
}

func TestPCAPNotACapture(t *testing.T) {
	_, err := ImportReader(PCAP, "notes.txt", strings.NewReader("hello, this is text"), Options{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "notes.txt: not a pcap") {
		t.Errorf("error %v", err)
	}
}

func TestParseFormatEVTX(t *testing.T) {
	if f, err := ParseFormat("evtx"); err != nil || f != EVTX {
		t.Errorf("evtx: %v, %v", f, err)
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Import(SSHD, []string{filepath.Join(t.TempDir(), "nope.log")}, Options{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "nope.log") {
		t.Errorf("error %v", err)
	}
	_ = os.Remove
}

// TestPCAPOpenings reads the hand-built capture of the fuzz seed: the HTTP
// request's host, path, user agent and status, the TLS server name, the
// DNS answer.
func TestPCAPOpenings(t *testing.T) {
	var out bytes.Buffer
	if _, err := ImportReader(PCAP, "seed.pcap", bytes.NewReader(pcapSeed()), Options{}, &out); err != nil {
		t.Fatal(err)
	}
	var sawHTTP, sawSNI, sawDNS bool
	for _, e := range decodeAll(t, out.Bytes()) {
		switch {
		case e.Dataset() == "soclab.proxy":
			sawHTTP = e.Str("url.full") == "http://example.com/a?b=1" && e.Str("user_agent.original") == "curl/8.0"
			if v, _ := e.Get("http.response.status_code"); v.IntVal() != 404 {
				t.Errorf("status %d", v.IntVal())
			}
		case e.Str("destination.domain") == "sni.example.org":
			sawSNI = e.Str("network.protocol") == "tls"
		case e.Dataset() == "zeek.dns":
			sawDNS = e.Str("dns.resolved_ip") != "" || e.Str("dns.question.name") == "example.com"
		}
	}
	if !sawHTTP || !sawSNI || !sawDNS {
		t.Errorf("http %v, sni %v, dns %v:\n%s", sawHTTP, sawSNI, sawDNS, out.String())
	}
}

// TestPCAPDeterministic imports the same capture again and again: the
// flows that end together are emitted in one order, so the event.ids
// (given in the order events are added) are the same each time.
func TestPCAPDeterministic(t *testing.T) {
	var first []byte
	for i := 0; i < 20; i++ {
		var out bytes.Buffer
		if _, err := ImportReader(PCAP, "seed.pcap", bytes.NewReader(pcapSeed()), Options{}, &out); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = out.Bytes()
		} else if !bytes.Equal(out.Bytes(), first) {
			t.Fatalf("import %d differs from the first:\n%s\n---\n%s", i, first, out.Bytes())
		}
	}
}

// TestPCAPOutOfOrderCountsPackets: a capture's flow records are made when
// the flows end, after records of later packets; out of order counts the
// packets, which in the seed capture are in order.
func TestPCAPOutOfOrderCountsPackets(t *testing.T) {
	st, err := ImportReader(PCAP, "seed.pcap", bytes.NewReader(pcapSeed()), Options{}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if st.OutOfOrder != 0 {
		t.Errorf("out of order %d, want 0: %+v", st.OutOfOrder, st)
	}
}
