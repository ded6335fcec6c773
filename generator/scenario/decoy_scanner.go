package scenario

import (
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "authorized-scanner", Kind: truth.KindDecoy,
			Summary:  "the authorised vulnerability scanner sweeps many hosts and ports and tries default ssh credentials: it looks like a port scan and a brute force, and it is expected",
			Datasets: []string{dsFlow, dsSSH},
			Roles:    []string{"scanner"},
		},
		params: []param{
			pStart("between 1 am and 5 am in the headquarters' time zone"),
			pInt("hosts", "how many addresses are swept", "20 to 60", 1, 254),
			pInt("ports", "how many ports each address is probed on", "10 to 30", 1, 1000),
			pDur("interval", "time between probes", "5 ms to 40 ms", time.Millisecond, time.Minute),
			pInt("ssh_checks", "default-credential ssh logins tried on Linux hosts", "3 to 10", 0, 500),
		},
		run: authorizedScanner,
	})
}

func authorizedScanner(g *gen) {
	o := g.o
	hosts := g.intP("hosts", func(r *rand.Rand) int { return intIn(r, 20, 60) })
	ports := g.intP("ports", func(r *rand.Rand) int { return intIn(r, 10, 30) })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return ms(r, 5, 40) })
	checks := g.intP("ssh_checks", func(r *rand.Rand) int { return intIn(r, 3, 10) })
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
	span := time.Duration(hosts*ports)*interval + time.Duration(checks)*5*time.Second + 2*time.Minute
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
		name := pick(g.r, []string{"root", "admin", "ubuntu", "pi", "test"})
		res := telemetry.SSHInvalidUser
		if name == "root" {
			res = telemetry.SSHFailed
		}
		g.sshAttempt(t, scanner.IP, h, name, res, ms(g.r, 300, 1500))
		t = t.Add(ms(g.r, 1000, 5000))
	}
	g.ioc("ip", scanner.IP.String(), "scanner")
	g.ioc("host", scanner.Name, "scanner")
	g.host(scanner.Name)
}
