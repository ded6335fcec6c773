package pcap

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// openingEvents are an SSH, an SMB and an SMTP session, and two HTTPS
// requests to one site from a browser and from a script (an implant's
// user agent), all with the default capture policy.
func openingEvents() *sample {
	s := &sample{}
	tcp := func(at time.Duration, c telemetry.Conn, proto string, cp, cb, sp, sb int64) {
		h := hdr(c)
		f := telemetry.Flow{Sensor: sensor, Conn: c, Protocol: proto, Direction: "internal", Duration: 20 * time.Second,
			SrcPackets: cp, DstPackets: sp, State: "established", SrcBytes: h*cp + cb, DstBytes: h*sp + sb}
		s.add(at, f.Build)
	}
	tcp(time.Second, conn("10.10.0.42", 50001, "10.40.0.22", 22, "tcp"), "ssh", 30, 6000, 30, 9000)
	tcp(2*time.Second, conn("10.10.0.42", 50002, "10.20.0.13", 445, "tcp"), "smb", 12, 3000, 10, 3000)
	tcp(3*time.Second, conn("10.40.0.30", 50003, "198.51.100.25", 25, "tcp"), "smtp", 10, 4000, 8, 1000)
	for i, agent := range []string{ua, "Go-http-client/1.1"} {
		c := conn("10.10.0.42", 50010+i, "198.51.100.80", 443, "tcp")
		p := telemetry.Proxy{Method: "GET", Scheme: "https", Host: "cdn.example.net", Path: "/a.js", Status: 200, MIME: "application/javascript", UserAgent: agent}
		s.web(time.Duration(4+i)*time.Second, 100*time.Millisecond, c, p, 600, 4000, 8, 8)
	}
	return s
}

// TestTsharkOpenings: tshark dissects the SSH identification strings and
// key exchange, the SMB2 negotiation, session setup and tree connect, and
// the SMTP commands; the browser's and the script's ClientHellos have
// different JA3 hashes.
func TestTsharkOpenings(t *testing.T) {
	bin, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed")
	}
	data, _ := writeWith(t, DefaultPolicy, openingEvents().events)
	file := filepath.Join(t.TempDir(), "openings.pcap")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	col := func(filter string, fields ...string) []string {
		args := []string{"-r", file, "-Y", filter, "-T", "fields", "-E", "separator=|"}
		for _, f := range fields {
			args = append(args, "-e", f)
		}
		return strings.Split(strings.TrimSpace(tshark(t, bin, args...)), "\n")
	}
	// SSH: both identification strings; KEXINIT (20), ECDH init (30) and
	// reply (31), NEWKEYS (21).
	ssh := strings.Join(col("ssh", "ssh.protocol", "ssh.message_code"), "\n")
	for _, want := range []string{"SSH-2.0-OpenSSH_9.6", "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"} {
		if !strings.Contains(ssh, want) {
			t.Errorf("no SSH identification %q in:\n%s", want, ssh)
		}
	}
	codes := map[string]bool{}
	for _, f := range strings.FieldsFunc(ssh, func(r rune) bool { return r == ',' || r == '|' || r == '\n' }) {
		codes[f] = true
	}
	for _, c := range []string{"20", "30", "31", "21"} {
		if !codes[c] {
			t.Errorf("SSH message %s not dissected:\n%s", c, ssh)
		}
	}
	// SMB2: negotiate (0), session setup (1) with an NTLMSSP negotiate,
	// tree connect (3) to IPC$, each answered.
	smb := col("smb2", "smb2.cmd", "smb2.flags.response", "smb2.tree", "ntlmssp.messagetype")
	if len(smb) != 2 || !strings.HasPrefix(smb[0], "0,1,3|0,0,0|") || !strings.Contains(smb[0], `\IPC$|0x00000001`) || !strings.HasPrefix(smb[1], "0,1,3|1,1,1") {
		t.Errorf("SMB2 frames:\n%s", strings.Join(smb, "\n"))
	}
	// SMTP: the server's greeting and replies, and the client's EHLO and
	// MAIL FROM on the wire.
	smtp := strings.Join(col("smtp", "smtp.response.code", "text"), "\n")
	for _, want := range []string{"220,250", "354", "EHLO host-10-40-0-30", "MAIL FROM:<"} {
		if !strings.Contains(smtp, want) {
			t.Errorf("SMTP lacks %q:\n%.600s", want, smtp)
		}
	}
	// TLS: two ClientHellos for one site; the browser's and the script's
	// JA3 differ.
	hellos := col("tls.handshake.type == 1", "tls.handshake.ja3", "tls.handshake.extensions_server_name")
	if len(hellos) != 2 || strings.Split(hellos[0], "|")[0] == strings.Split(hellos[1], "|")[0] || !strings.HasSuffix(hellos[0], "|cdn.example.net") {
		t.Errorf("ClientHellos (JA3|SNI):\n%s", strings.Join(hellos, "\n"))
	}
	expert := tshark(t, bin, "-r", file, "-q", "-z", "expert,error")
	if strings.Contains(expert, "Malformed") {
		t.Errorf("tshark finds malformed packets:\n%s", expert)
	}
}

// An SSH flow too small for a whole opening sends the packets that fit and
// one SSH_MSG_IGNORE filling its bytes: tshark finds nothing malformed.
func TestTsharkShortSSH(t *testing.T) {
	bin, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed")
	}
	s := &sample{}
	c0 := conn("10.10.0.42", 50100, "10.40.0.22", 22, "tcp")
	cliLen := int64(len(sshOpening(sshClients[pickOf(c0.SrcIP, len(sshClients))], true, 0)))
	srvLen := int64(len(sshOpening(sshServer, false, 0)))
	// Too small for the opening, just a few bytes more than it, or ending a
	// few bytes after the segment where the opening ends.
	for i, extra := range []int64{-600, -200, -30, 1, 2, 5, 13, 40, 7000, 7003, 7010, 9001} {
		c := c0
		c.SrcPort += i
		h := hdr(c)
		f := telemetry.Flow{Sensor: sensor, Conn: c, Protocol: "ssh", Direction: "internal", Duration: 5 * time.Second,
			SrcPackets: 8, DstPackets: 6, State: "established", SrcBytes: 8*h + cliLen + extra, DstBytes: 6*h + srvLen + extra}
		s.add(time.Duration(i)*time.Second, f.Build)
	}
	// Sessions of many sizes: wherever a segment ends, what follows the
	// opening reads as encrypted packets.
	for i := int64(0); i < 60; i++ {
		c := conn("10.10.0.43", 51000+int(i), "10.40.0.22", 22, "tcp")
		h := hdr(c)
		cp, sp := 6+i%20, 4+i%15
		f := telemetry.Flow{Sensor: sensor, Conn: c, Protocol: "ssh", Direction: "internal", Duration: 5 * time.Second,
			SrcPackets: cp, DstPackets: sp, State: "established", SrcBytes: cp*h + min(1200+i*613, (cp-4)*1460), DstBytes: sp*h + min(1500+i*977, (sp-2)*1460)}
		s.add(time.Duration(20+i)*time.Second, f.Build)
	}
	data, _ := writeWith(t, DefaultPolicy, s.events) // as in a lab
	file := filepath.Join(t.TempDir(), "short.pcap")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if expert := tshark(t, bin, "-r", file, "-q", "-z", "expert,error"); strings.Contains(expert, "Malformed") {
		t.Errorf("tshark finds malformed packets:\n%s", expert)
	}
	if out := tshark(t, bin, "-r", file, "-Y", "ssh.message_code == 2"); out == "" {
		t.Errorf("no SSH_MSG_IGNORE filler in the short flows")
	}
}

// TestTsharkLabSSH writes the SSH sessions of a generated lab
// (port-scan-101, seed 1: testdata/ssh_flows.ndjson.gz, made by soclab)
// with the default capture policy: however a session's bytes fall into
// segments, tshark reads every SSH packet, none malformed.
func TestTsharkLabSSH(t *testing.T) {
	bin, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed")
	}
	f, err := os.Open(filepath.Join("testdata", "ssh_flows.ndjson.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	r := event.NewReader(zr, "ssh_flows.ndjson")
	n := 0
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "lab-ssh.pcap")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if expert := tshark(t, bin, "-r", file, "-q", "-z", "expert,error"); strings.Contains(expert, "Malformed") {
		t.Errorf("tshark finds malformed packets in %d sessions:\n%s", n, expert)
	}
}
