package scenario

import (
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "port-scan", Kind: truth.KindAttack,
			Summary:    "one address probing many ports or many hosts, most probes refused or unanswered: a compromised workstation mapping the network, or an internet host probing the perimeter",
			Techniques: []string{"T1046"},
			Datasets:   []string{dsFlow, dsFW},
			Roles:      []string{"scanner_ip", "compromised_host"},
		},
		params: []param{
			pStart("any time of the window"),
			pEnum("mode", "where the scan comes from", "internal 6 times in 10", "internal", "external"),
			pHost("source", "the scanning workstation (internal mode)", "a workstation"),
			pCountry("country", "where the scanning address is located (external mode)", "a country outside the organisation's offices"),
			pIP("attacker_ip", "the scanning address (external mode)", "an internet address located in country", true),
			pInt("hosts", "how many addresses are probed (at most 5 in external mode)", "1 or 2 with many ports, or (internal mode) 15 to 40 with few ports", 1, 254),
			pInt("ports", "how many ports each address is probed on", "300 to 1000 for 1–2 hosts, 5 to 12 for many", 1, 5000),
			pDur("interval", "time between probes", "5 ms to 60 ms", time.Millisecond, time.Minute),
		},
		run: portScan,
	})
}

// topPorts are the ports a sweep of many hosts tries.
var topPorts = []int{445, 3389, 22, 80, 443, 135, 139, 5985, 1433, 3306, 21, 23, 25, 53, 8080, 8443, 5432, 389, 636, 88, 110, 143, 993, 995, 5900, 6379, 9200, 27017, 111, 2049}

// openPorts are the ports a host of each role answers on.
var openPorts = map[org.HostRole][]int{
	org.HostDC:          {53, 88, 135, 139, 389, 445, 636, 3268, 5985},
	org.HostFile:        {135, 139, 445, 5985},
	org.HostDB:          {135, 445, 1433, 5985},
	org.HostBastion:     {22},
	org.HostLinux:       {22, 80, 443},
	org.HostBackup:      {22, 873},
	org.HostScanner:     {22, 443},
	org.HostProxy:       {22, 3128, 8080},
	org.HostDNS:         {22, 53},
	org.HostWeb:         {22, 80, 443},
	org.HostMail:        {22, 25, 587, 993},
	org.HostWorkstation: {135, 139, 445},
}

// perimeterOpen are the ports the firewall lets in on the public addresses.
var perimeterOpen = map[int]bool{25: true, 80: true, 443: true}

func portScan(g *gen) {
	o := g.o
	mode := g.strP("mode", func(r *rand.Rand) string { return map[bool]string{true: "internal", false: "external"}[r.IntN(10) < 6] })
	// From outside there are at most a few public addresses to sweep, so
	// an external scan is always the many-ports kind (a sweep of two
	// addresses on a dozen ports is no scan any rule, or analyst, sees).
	wide := g.dr("hosts").IntN(2) == 0 && mode != "external"
	hosts := g.intP("hosts", func(r *rand.Rand) int {
		if wide {
			return intIn(r, 15, 40)
		}
		return intIn(r, 1, 2)
	})
	ports := g.intP("ports", func(r *rand.Rand) int {
		if hosts > 3 {
			return intIn(r, 5, 12)
		}
		return intIn(r, 300, 1000)
	})
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return ms(r, 5, 60) })
	source := g.hostP("source", isWorkstation, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	country := g.countryP("country", func(r *rand.Rand) *org.Country { return pick(r, hostile()) })
	ip := g.ipP("attacker_ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, country.ISO) })
	if hosts*ports > 20000 {
		g.fail("ports", "hosts × ports = %d probes, more than 20000: lower hosts or ports", hosts*ports)
		return
	}
	external := mode == "external"
	if !external {
		ip = source.IP
	}
	targets := g.scanTargets(external, hosts, source)
	portList := scanPorts(g.r, ports)
	span := time.Duration(len(targets)*len(portList))*interval + time.Minute
	t := g.startP(span, anyTime)

	var first, last, open string
	for _, dst := range targets {
		for _, p := range shuffled(g.r, portList) {
			id, isOpen := g.probe(t, ip, dst, p, external)
			if first == "" {
				first = id
			}
			if isOpen && open == "" {
				open = id
			}
			last = id
			t = t.Add(jittered(g.r, interval, 0.3))
		}
	}
	g.milestone(first, "scan starts")
	if open != "" {
		g.milestone(open, "first open port found")
	}
	g.milestone(last, "scan ends")
	g.ioc("ip", ip.String(), "scanner_ip")
	if !external {
		g.ioc("host", source.Name, "compromised_host")
		g.host(source.Name)
	}
}

// scanTargets lists the addresses probed: the perimeter's public addresses
// from outside; from inside, a sweep of the server subnet (addresses with
// and without a host) or, for few hosts, servers picked at random.
func (g *gen) scanTargets(external bool, n int, source *org.Host) []netip.Addr {
	o := g.o
	if external {
		all := append([]netip.Addr{o.PublicIP}, o.EgressIPs...)
		return all[:min(n, len(all))]
	}
	var out []netip.Addr
	if n <= 3 {
		servers := hostsOf(o, org.HostDC, org.HostFile, org.HostDB, org.HostLinux, org.HostBackup)
		for _, h := range shuffled(g.r, servers)[:min(n, len(servers))] {
			out = append(out, h.IP)
		}
		return out
	}
	for i := 1; len(out) < n; i++ {
		if a := nthAddr(o.Servers, i); a != source.IP {
			out = append(out, a)
		}
	}
	return out
}

// scanPorts lists n ports: the top ports first, then counting up from 1
// (without the 64 K list a range over every port would allocate).
func scanPorts(r *rand.Rand, n int) []int {
	out := make([]int, 0, min(n, 65535))
	seen := make(map[int]bool, len(topPorts))
	for _, p := range topPorts {
		if len(out) < n && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for p := 1; len(out) < n && p <= 65535; p++ {
		if !seen[p] {
			out = append(out, p)
		}
	}
	return out
}

// probe sends one connect-scan probe and reports whether the port was
// open. Closed Linux ports answer with a reset, Windows hosts and empty
// addresses stay silent, and the firewall drops what it does not allow.
func (g *gen) probe(t time.Time, src, dst netip.Addr, port int, external bool) (string, bool) {
	c := tcpConn{src: src, dst: dst, dport: port, proto: "", dur: ms(g.r, 1, 4)}
	h := g.o.HostByIP(dst)
	switch {
	case external:
		c.state, c.syns = noReply, 2
		if perimeterOpen[port] && dst == g.o.PublicIP {
			c.state = established
		}
	case h == nil:
		c.state, c.syns = noReply, 2
	case hasPort(openPorts[h.Role], port):
		c.state = established
	case h.OS == "windows":
		c.state, c.syns = noReply, 2
	default:
		c.state = rejected
	}
	id, conn, _ := g.tcp(t, c)
	if external {
		g.firewall(t, conn, c.state == established, map[bool]string{true: "allow-published-services", false: "default-deny-inbound"}[c.state == established])
	}
	return id, c.state == established
}

func hasPort(list []int, p int) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}
