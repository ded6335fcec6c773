package main

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/telemetry"
)

// cmdSSHGuessingPcap writes FILE: a small capture, made here with
// generator/pcap, of SSH password guessing as a flow sensor sees it: 203.0.113.50
// opens 24 short SSH connections to 10.20.0.22 within two minutes (a few
// password tries each, then the server hangs up), while 10.20.0.5 has
// one long interactive session and two quick ones to the same server.
func cmdSSHGuessingPcap(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: write-ssh-guessing-pcap FILE")
	}
	ts.Check(writeSSHGuessingPcap(ts.MkAbs(args[0])))
}

func writeSSHGuessingPcap(path string) error {
	f, err := os.Create(filepath.Clean(path))
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := pcap.NewWriter(f)
	if err != nil {
		return err
	}
	w.Policy = pcap.FullCapture
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	server := netip.MustParseAddr("10.20.0.22")
	type conn struct {
		at       time.Duration
		src      string
		port     int
		dur      time.Duration
		up, down int64 // bytes each way
		pu, pd   int64 // packets each way
	}
	conns := []conn{
		{0, "10.20.0.5", 51022, 20 * time.Minute, 240_000, 1_900_000, 2400, 2600},
		{30 * time.Second, "10.20.0.5", 51030, 3 * time.Second, 4200, 5100, 24, 22},
	}
	for i := 0; i < 24; i++ {
		conns = append(conns, conn{time.Minute + time.Duration(i)*5*time.Second, "203.0.113.50", 40000 + i, 2500 * time.Millisecond, 2900, 3300, 18, 16})
	}
	conns = append(conns, conn{4 * time.Minute, "10.20.0.5", 51090, 4 * time.Second, 4400, 5200, 25, 23})
	for i, c := range conns {
		fl := &telemetry.Flow{
			Sensor:     telemetry.Observer{Name: "sensor-1", Type: "sensor"},
			Conn:       telemetry.Conn{SrcIP: netip.MustParseAddr(c.src), SrcPort: c.port, DstIP: server, DstPort: 22, Transport: "tcp"},
			Protocol:   "ssh",
			Direction:  "inbound",
			Duration:   c.dur,
			SrcBytes:   c.up,
			SrcPackets: c.pu,
			DstBytes:   c.down,
			DstPackets: c.pd,
			State:      "established",
			TCPFlags:   "SAFP",
		}
		if netip.MustParseAddr(c.src).IsPrivate() {
			fl.Direction = "internal"
		}
		e := &event.Event{}
		fl.Build(e, telemetry.Meta{Time: start.Add(c.at), ID: fmt.Sprintf("f%02d", i)})
		if err := w.Write(e); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Close()
}
