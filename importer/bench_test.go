package importer

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator"
	"github.com/soclab/soclab/generator/pcap"
)

// benchLines is how many lines a text benchmark imports at a time: a few
// megabytes, so what an import costs once (its id key among them) is
// weighed as on a real log.
const benchLines = 20000

// sshdBenchLog is an sshd log of password guessing and logins, benchLines
// lines of the kinds a real auth.log is made of.
func sshdBenchLog() []byte {
	var b bytes.Buffer
	t := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i := range benchLines {
		stamp := t.Add(time.Duration(i) * time.Second).Format(time.Stamp)
		pid := 5000 + i/4
		src := fmt.Sprintf("203.0.113.%d", i%200)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "%s bastion sshd[%d]: Invalid user admin%d from %s port %d\n", stamp, pid, i%50, src, 40000+i%20000)
		case 1:
			fmt.Fprintf(&b, "%s bastion sshd[%d]: Failed password for invalid user admin%d from %s port %d ssh2\n", stamp, pid, i%50, src, 40000+i%20000)
		case 2:
			fmt.Fprintf(&b, "%s bastion sshd[%d]: Accepted publickey for deploy from 10.10.0.%d port %d ssh2: ED25519 SHA256:abc\n", stamp, pid, i%250, 50000+i%10000)
		default:
			fmt.Fprintf(&b, "%s bastion sshd[%d]: Disconnected from user deploy 10.10.0.%d port %d\n", stamp, pid, i%250, 50000+i%10000)
		}
	}
	return b.Bytes()
}

// zeekBenchLog is a Zeek conn.log (TSV) of benchLines connections.
func zeekBenchLog() []byte {
	var b bytes.Buffer
	b.WriteString("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n")
	b.WriteString("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n")
	b.WriteString("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n")
	for i := range benchLines {
		fmt.Fprintf(&b, "%d.%06d\tC%08d\t10.10.0.%d\t%d\t198.51.100.%d\t443\ttcp\tssl\t2.500000\t517\t4200\tSF\tT\tF\t0\tShADadFf\t9\t1105\t8\t4620\t-\n",
			1772445600+i/10, i%10*100000, i, i%250, 40000+i%20000, i%200)
	}
	return b.Bytes()
}

// elasticBenchLog is an export of benchLines documents without ids.
func elasticBenchLog() []byte {
	var b bytes.Buffer
	t := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i := range benchLines {
		fmt.Fprintf(&b, `{"@timestamp":%q,"event":{"code":"4625","action":"logon-failed","category":["authentication"],"type":["start"],"outcome":"failure","kind":"event","dataset":"system.security"},"host":{"name":"ws-%04d"},"user":{"name":"u%d"},"source":{"ip":"203.0.113.%d"}}`+"\n",
			t.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano), i%500, i%90, i%200)
	}
	return b.Bytes()
}

// pcapBench is a capture of five minutes of generated network activity.
func pcapBench(b *testing.B) []byte {
	var c event.Collector
	cfg := generator.Config{Seed: 5, From: generator.DefaultFrom.Add(10 * time.Hour), Duration: 5 * time.Minute}
	if _, err := generator.Run(context.Background(), cfg, &c, generator.Options{}); err != nil {
		b.Fatal(err)
	}
	var capture bytes.Buffer
	pw, err := pcap.NewWriter(&capture)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range c.Events {
		if err := pw.Write(e); err != nil {
			b.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		b.Fatal(err)
	}
	return capture.Bytes()
}

// BenchmarkImport imports a log of each text format, and a capture, and
// reports lines (packets) read per second.
func BenchmarkImport(b *testing.B) {
	for _, c := range []struct {
		f    Format
		name string
		data func(*testing.B) []byte
	}{
		{SSHD, "auth.log", func(*testing.B) []byte { return sshdBenchLog() }},
		{Zeek, "conn.log", func(*testing.B) []byte { return zeekBenchLog() }},
		{Elastic, "export.ndjson", func(*testing.B) []byte { return elasticBenchLog() }},
		{PCAP, "capture.pcap", pcapBench},
	} {
		b.Run(string(c.f), func(b *testing.B) {
			data := c.data(b)
			opts := Options{Year: 2026, Location: time.UTC}
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			read := 0
			for range b.N {
				st, err := ImportReader(c.f, c.name, bytes.NewReader(data), opts, io.Discard)
				if err != nil || st.Mapped == 0 {
					b.Fatal(err, st)
				}
				read += st.Read
			}
			b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}

// BenchmarkIDKey is what keying an input's ids costs: one peek and one
// SHA-256 of its first 64 KiB.
func BenchmarkIDKey(b *testing.B) {
	data := sshdBenchLog()
	r := bufio.NewReaderSize(bytes.NewReader(data), idPrefix)
	b.SetBytes(idPrefix)
	for range b.N {
		var s ids
		if _, err := s.next(SSHD, Options{Year: 2026, Location: time.UTC}, r); err != nil {
			b.Fatal(err)
		}
	}
}
