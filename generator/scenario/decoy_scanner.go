package scenario

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "authorized-scanner", Kind: truth.KindDecoy,
			Summary:  "the authorised vulnerability scanner sweeps many hosts on a few ports, runs a full port scan of one server and tries default ssh credentials: it looks like a port scan and a brute force, and it is expected",
			Datasets: []string{dsFlow, dsSSH},
			Roles:    []string{"scanner"},
		},
		params: []param{
			pStart("between 1 am and 5 am in the headquarters' time zone"),
			pInt("hosts", "how many addresses are swept", "20 to 60", 1, 254),
			pInt("ports", "how many ports each address is probed on", "10 to 30", 1, 1000),
			pDur("interval", "time between probes", "5 ms to 40 ms", time.Millisecond, time.Minute),
			pInt("ssh_checks", "default-credential ssh logins tried on Linux hosts (the usernames of a fixed list, in turn)", "3 to 10", 0, 500),
			pInt("full_ports", "ports of the one server that gets a full port scan after the sweep (0: none)", "500 to 1000", 0, 5000),
			pHost("full_host", "the server that gets the full port scan", "a server"),
		},
		run: authorizedScanner,
	})
}

// defaultLogins are the default credentials a scanner's ssh audit tries,
// in turn.
var defaultLogins = []string{"root", "admin", "ubuntu", "pi", "test", "oracle", "postgres", "user"}

func authorizedScanner(g *gen) {
	o := g.o
	hosts := g.intP("hosts", func(r *rand.Rand) int { return intIn(r, 20, 60) })
	ports := g.intP("ports", func(r *rand.Rand) int { return intIn(r, 10, 30) })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return ms(r, 5, 40) })
	checks := g.intP("ssh_checks", func(r *rand.Rand) int { return intIn(r, 3, 10) })
	fullPorts := g.intP("full_ports", func(r *rand.Rand) int { return intIn(r, 500, 1000) })
	fullHost := g.hostP("full_host", isAuditable, func(r *rand.Rand) *org.Host { return pick(r, auditable(o)) })
	if hosts*ports > 20000 {
		g.fail("ports", "hosts × ports = %d probes, more than 20000: lower hosts or ports", hosts*ports)
		return
	}
	scanner := o.Scanner
	var targets []netip.Addr
	for i := 1; len(targets) < hosts; i++ {
		if a := nthAddr(o.Servers, i); a != scanner.IP {
			targets = append(targets, a)
		}
	}
	portList := scanPorts(g.r, ports)
	span := time.Duration(hosts*ports+fullPorts)*interval*2 + time.Duration(checks)*5*time.Second + 3*time.Minute
	t := g.startP(span, hoursIn(zone(o.HQ), 1, 5, false))
	for _, dst := range targets {
		for _, p := range portList {
			g.probe(t, scanner.IP, dst, p, false)
			t = t.Add(jittered(g.r, interval, 0.2))
		}
	}
	linux := linuxServers(o)
	for i := 0; i < checks && len(linux) > 0; i++ {
		h := linux[i%len(linux)]
		name := defaultLogins[i%len(defaultLogins)]
		res := telemetry.SSHInvalidUser
		if name == "root" {
			res = telemetry.SSHFailed
		}
		g.sshAttempt(t, scanner.IP, h, name, res, ms(g.r, 300, 1500))
		t = t.Add(ms(g.r, 1000, 5000))
	}
	// The full scan of one server: every port of the list, in order, as
	// scanners do when a host is audited in depth.
	if fullPorts > 0 {
		t = t.Add(between(g.r, 20*time.Second, 2*time.Minute))
		for _, p := range scanPorts(g.r, fullPorts) {
			g.probe(t, scanner.IP, fullHost.IP, p, false)
			t = t.Add(jittered(g.r, interval, 0.2))
		}
		g.host(fullHost.Name)
	}
	g.ioc("ip", scanner.IP.String(), "scanner")
	g.ioc("host", scanner.Name, "scanner")
	g.host(scanner.Name)
}

// auditableRoles are the roles of the servers a scanner audits in depth.
var auditableRoles = []org.HostRole{org.HostDC, org.HostFile, org.HostDB, org.HostLinux, org.HostWeb, org.HostMail}

// auditable are the servers a scanner audits in depth.
func auditable(o *org.Org) []*org.Host { return hostsOf(o, auditableRoles...) }

func isAuditable(h *org.Host) string {
	if slices.Contains(auditableRoles, h.Role) {
		return ""
	}
	return "is not a server the scanner audits (its role is " + string(h.Role) + ")"
}
