package activity

import (
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// nightly is a job that runs once a night at about hour o'clock in the
// headquarters' time zone.
type nightly struct {
	hour, spread float64 // local start hour, and the spread of its start in hours
	day          time.Time
	run          func(s *Source, t int64)
}

func (s *Source) nightly(hour, spread float64, run func(s *Source, t int64)) {
	t := time.Unix(0, s.w.from).In(s.w.zone(s.w.Org.HQ))
	n := &nightly{hour: hour, spread: spread, run: run, day: time.Date(t.Year(), t.Month(), t.Day()-1, 0, 0, 0, 0, t.Location())}
	n.schedule(s)
}

func (n *nightly) schedule(s *Source) {
	for {
		t := n.day.UnixNano() + int64((n.hour+n.spread*s.r.Float64())*float64(time.Hour))
		n.day = nextDay(n.day)
		if t >= s.w.to {
			return
		}
		if t >= s.w.from {
			s.at(t, n)
			return
		}
	}
}

func (n *nightly) fire(s *Source, now int64, _ *event.Event) int {
	if s.keep() {
		n.run(s, now)
	}
	n.schedule(s)
	return dsNone
}

// NewBackup returns the source of the nightly backup: backup-01 pulls the
// file servers and the Linux servers from 00:30 and then sends the night's
// data to the off-site backup provider (a few hundred megabytes) from about
// 01:00 local time (large outbound flows, with the DNS lookup and the firewall's
// allow).
func NewBackup(w *World) *Source {
	s := newSource(w, "backup", dsFlow)
	s.nightly(0.5, 0.3, runBackup)
	return s
}

func runBackup(s *Source, t int64) {
	o := s.w.Org
	b := o.Backup
	sc := s.script()
	pull := t
	for _, fs := range o.FileServers {
		dur := minutes(5 + 10*s.r.Float64())
		tally := &tcpTally{}
		tally.exchange(4000, 20e6+s.r.Int64N(60e6))
		sc.add(pull, dsFlow, s.estFlow(s.tcp(b.IP, fs.IP, 445), "smb", dur, tally, ""))
		pull += dur + sec(5)
	}
	for _, h := range o.Linux {
		dur := minutes(0.5 + 3*s.r.Float64())
		tally := &tcpTally{}
		tally.exchange(3000, 2e6+s.r.Int64N(18e6))
		s.sshLogin(sc, pull, "svc-backup", b.IP, h, "publickey", dur, tally)
		pull += sec(10 + 30*s.r.Float64())
	}
	var provider *org.Service
	for _, svc := range o.ServicesOf(org.ServiceBackup) {
		provider = svc
	}
	if provider == nil {
		sc.play(s)
		return
	}
	up := max(pull, t+minutes(30+20*s.r.Float64()))
	answers := make([]telemetry.DNSAnswer, len(provider.IPs))
	for i, ip := range provider.IPs {
		answers[i] = telemetry.DNSAnswer{Name: provider.Domain, Type: "A", Data: ip.String(), TTL: 60}
	}
	dc := s.dnsConn(b.IP)
	sc.add(up, dsDNS, &telemetry.DNS{Resolver: o.DNSObs, Conn: dc, ClientHost: b.Name, ID: uint16(s.r.Uint32()), Name: provider.Domain, QType: "A", Answers: answers})
	sc.add(up, dsFlow, &dnsFlowRecord{s: s, c: dc, name: provider.Domain, qtype: "A", answers: answers, rtt: ms(20)})
	dst := provider.IPs[s.r.IntN(len(provider.IPs))]
	up += ms(30)
	for n := 6 + s.r.IntN(5); n > 0; n-- {
		c := s.tcp(b.IP, dst, 443)
		sc.add(up, dsFirewall, &telemetry.Firewall{Firewall: o.Firewall, Conn: c, Allow: true, Rule: "allow-backup-egress", Direction: "outbound", DstGeo: s.geoOf(dst)})
		dur := minutes(2 + 3*s.r.Float64())
		tally := &tcpTally{}
		tally.exchange(20e6+s.r.Int64N(40e6), 20000)
		sc.add(up, dsFlow, s.estFlow(c, "tls", dur, tally, provider.Domain))
		up += dur + sec(2+10*s.r.Float64())
	}
	sc.play(s)
}

// scanPorts are the ports the authorised scanner probes on every host.
var scanPorts = []int{21, 22, 23, 25, 53, 80, 88, 110, 135, 139, 143, 389, 443, 445, 636, 993, 1433, 3306, 3389, 5432, 5900, 5985, 8080, 8443}

// openPorts are the ports each kind of host answers on.
var openPorts = map[org.HostRole][]int{
	org.HostWorkstation: {135, 139, 445},
	org.HostDC:          {53, 88, 135, 139, 389, 445, 636, 3389, 5985},
	org.HostFile:        {135, 139, 445, 3389, 5985},
	org.HostDB:          {135, 445, 1433, 3389, 5985},
	org.HostBastion:     {22},
	org.HostLinux:       {22, 80, 443},
	org.HostWeb:         {22, 80, 443},
	org.HostMail:        {22, 25, 993},
	org.HostProxy:       {22, 8080},
	org.HostDNS:         {22, 53},
	org.HostBackup:      {22, 443},
}

// NewScanner returns the source of the authorised vulnerability scanner:
// every night from 22:00 local time vulnscan-01 sweeps every internal host
// on a fixed list of ports (most probes are rejected, workstations drop
// them) and logs in with svc-scanner to check the servers it can.
func NewScanner(w *World) *Source {
	s := newSource(w, "scanner", dsFlow)
	s.nightly(22, 0.25, func(s *Source, t int64) { s.at(t, &sweep{}) })
	return s
}

// sweep is one night's scan, probe by probe.
type sweep struct {
	host, port int
}

func (sw *sweep) fire(s *Source, now int64, e *event.Event) int {
	o := s.w.Org
	for sw.host < len(o.Hosts) && o.Hosts[sw.host] == o.Scanner {
		sw.host++
	}
	if sw.host >= len(o.Hosts) {
		return dsNone
	}
	h := o.Hosts[sw.host]
	port := scanPorts[sw.port]
	c := s.tcp(o.Scanner.IP, h.IP, port)
	ds := dsFlow
	open := contains(openPorts[h.Role], port)
	switch {
	case open:
		s.tcpFlow(e, now, c, "", ms(20+s.r.Int64N(200)), s.session(1, 40, 200), "")
	case h.Role == org.HostWorkstation:
		s.failedFlow(e, now, c, "", stNoReply)
	default:
		s.failedFlow(e, now, c, "", stRejected)
	}
	if sw.port++; sw.port == len(scanPorts) {
		sw.port = 0
		s.scanLogin(now+ms(500), h)
		sw.host++
	}
	s.at(now+ms(20+s.r.Int64N(150)), sw)
	return ds
}

// scanLogin is the scanner's credentialed check of a server.
func (s *Source) scanLogin(t int64, h *org.Host) {
	o := s.w.Org
	switch {
	case h.Role == org.HostWorkstation:
	case h.OS == "windows":
		sc := s.script()
		on := s.win(telemetry.WinLogon, h, "svc-scanner", telemetry.LogonNetwork)
		on.SrcIP, on.SrcHost, on.LogonID = o.Scanner.IP, o.Scanner.Name, s.r.Uint64()>>20
		sc.add(t, dsWindows, on)
		off := *on
		off.Code = telemetry.WinLogoff
		sc.add(t+sec(5+20*s.r.Float64()), dsWindows, &off)
		sc.play(s)
	case h.OS == "linux" && contains(openPorts[h.Role], 22):
		sc := s.script()
		s.sshLogin(sc, t, "svc-scanner", o.Scanner.IP, h, "publickey", sec(5+20*s.r.Float64()), s.session(5, 200, 2000))
		sc.play(s)
	}
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
