package org

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // time zones without a system database

	"github.com/brianvoe/gofakeit/v6"

	"github.com/soclab/soclab/generator/seedkey"
	"github.com/soclab/soclab/generator/telemetry"
)

// DefaultUsers is the organisation size when none is asked for.
const DefaultUsers = 200

// New builds the organisation for seed with about users accounts (humans and
// services) and hosts machines (0 derives about 1.25 hosts per user). The
// same arguments give the same organisation.
func New(seed int64, users, hosts int) *Org {
	if users <= 0 {
		users = DefaultUsers
	}
	if users < 12 {
		users = 12
	}
	if hosts <= 0 {
		hosts = users * 5 / 4
	}
	k := seedkey.New(seed)
	b := &builder{
		r:    k.Rand("org"),
		fake: gofakeit.New(k.Int64("org/fake")),
		o: &Org{
			Seed:         seed,
			Workstations: netip.MustParsePrefix("10.10.0.0/16"),
			Servers:      netip.MustParsePrefix("10.20.0.0/24"),
			VPNPool:      netip.MustParsePrefix("10.30.0.0/22"),
			DMZ:          netip.MustParsePrefix("10.40.0.0/24"),
			byName:       map[string]*User{},
			byIP:         map[netip.Addr]*Host{},
		},
	}
	b.company()
	b.people(users)
	b.servers(hosts)
	b.internet()
	return b.o
}

type builder struct {
	r       *rand.Rand
	fake    *gofakeit.Faker
	o       *Org
	nextWS  int
	nextSrv int
	nextDMZ int
	offices []*Country
	taken   map[string]bool
}

func (b *builder) company() {
	o := b.o
	o.Name = b.fake.Company()
	slug := slugify(o.Name)
	o.Domain = slug + ".example"
	nb := strings.ToUpper(strings.ReplaceAll(slug, "-", ""))
	if len(nb) > 15 {
		nb = nb[:15]
	}
	o.ADDomain = nb
	hqs := []*Country{Countries[0], Countries[2], Countries[3], Countries[4], Countries[9]}
	o.HQ = hqs[b.r.IntN(len(hqs))]
	b.offices = []*Country{o.HQ}
	for len(b.offices) < 3 {
		c := Countries[b.r.IntN(14)] // offices are in the first, "friendly" part of the list
		if !containsCountry(b.offices, c) {
			b.offices = append(b.offices, c)
		}
	}
	for i := 0; i < 4; i++ {
		o.EgressIPs = append(o.EgressIPs, netip.AddrFrom4([4]byte{198, 51, 100, byte(1 + i)}))
	}
	o.PublicIP = netip.AddrFrom4([4]byte{198, 51, 100, 10})
}

func containsCountry(cs []*Country, c *Country) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func slugify(name string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			sb.WriteRune(r)
			dash = false
		case !dash && sb.Len() > 0:
			sb.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(sb.String(), "-")
	if len(s) > 24 {
		s = strings.Trim(s[:24], "-")
	}
	if s == "" {
		s = "corp"
	}
	return s
}

func (b *builder) people(n int) {
	b.taken = map[string]bool{}
	nService := len(serviceAccounts)
	nAdmin := max(3, n/25)
	nHuman := n - nService
	for i := 0; i < nHuman; i++ {
		role := RoleUser
		if i < nAdmin {
			role = RoleAdmin
		}
		b.human(role)
	}
	for _, name := range serviceAccounts {
		u := &User{Name: name, FullName: name, Email: name + "@" + b.o.Domain, Department: "IT", Title: "Service account", Role: RoleService, Home: b.o.HQ}
		u.TZ = Zone(u.Home.TZ)
		b.addUser(u)
	}
}

func (b *builder) human(role Role) {
	first, last := b.fake.FirstName(), b.fake.LastName()
	login := strings.ToLower(asciiOnly(first[:1] + last))
	if b.taken[login] {
		for i := 2; ; i++ {
			if c := fmt.Sprintf("%s%d", login, i); !b.taken[c] {
				login = c
				break
			}
		}
	}
	dept := departments[b.r.IntN(len(departments))]
	if role == RoleAdmin {
		dept = "IT"
	}
	home := b.o.HQ
	if b.r.IntN(10) >= 7 {
		home = b.offices[1+b.r.IntN(len(b.offices)-1)]
	}
	u := &User{
		Name: login, FullName: first + " " + last, Email: strings.ToLower(asciiOnly(first)+"."+asciiOnly(last)) + "@" + b.o.Domain,
		Department: dept, Title: b.fake.JobTitle(), Role: role, Home: home, TZ: Zone(home.TZ),
		Traveller: dept == "Sales" && b.r.IntN(3) == 0 || b.r.IntN(40) == 0,
		Remote:    b.r.IntN(5) == 0,
	}
	if role == RoleAdmin {
		u.Title = "Systems Administrator"
	}
	b.addUser(u)
	ws := b.host(HostWorkstation, fmt.Sprintf("ws-%04d", len(b.o.Users)), "windows")
	ws.Owner = u
	u.Workstation = ws
}

func asciiOnly(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func (b *builder) addUser(u *User) {
	b.taken[u.Name] = true
	b.o.Users = append(b.o.Users, u)
	b.o.byName[u.Name] = u
}

// Zone returns the time zone of an IANA name, or UTC for a name the time
// zone database does not know. Zones are loaded once per process: every
// organisation (one per answer key, when a cohort is graded) asks for the
// same few, and loading one reads and parses the database each time.
func Zone(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	zones.Store(name, loc)
	return loc
}

// zones caches Zone's answers; a Location is safe for concurrent use.
var zones sync.Map

// host allocates an address in the right subnet and registers the host.
func (b *builder) host(role HostRole, name, os string) *Host {
	var ip netip.Addr
	switch role {
	case HostWorkstation:
		b.nextWS++
		ip = nthAddr(b.o.Workstations, 256+b.nextWS) // 10.10.1.x onwards
	case HostWeb, HostMail:
		b.nextDMZ++
		ip = nthAddr(b.o.DMZ, 10+b.nextDMZ)
	default:
		b.nextSrv++
		ip = nthAddr(b.o.Servers, 4+b.nextSrv)
	}
	h := &Host{Name: name, FQDN: name + "." + b.o.Domain, IP: ip, Role: role, OS: os}
	b.o.Hosts = append(b.o.Hosts, h)
	b.o.byIP[ip] = h
	return h
}

func (b *builder) servers(total int) {
	o := b.o
	o.Scanner = b.host(HostScanner, "vulnscan-01", "linux")
	o.DCs = []*Host{b.host(HostDC, "dc-01", "windows"), b.host(HostDC, "dc-02", "windows")}
	o.FileServers = []*Host{b.host(HostFile, "fs-01", "windows"), b.host(HostFile, "fs-02", "windows")}
	o.Bastion = b.host(HostBastion, "bastion-01", "linux")
	o.Backup = b.host(HostBackup, "backup-01", "linux")
	o.Proxy = b.host(HostProxy, "proxy-01", "linux")
	o.Resolver = b.host(HostDNS, "dns-01", "linux")
	b.host(HostDB, "sql-01", "windows")
	o.Mail = b.host(HostMail, "mail-01", "linux")
	o.Web = b.host(HostWeb, "web-01", "linux")
	for i := 1; len(o.Hosts) < total || i <= 3; i++ {
		role, os, prefix := HostLinux, "linux", "app"
		if i%3 == 0 {
			role, os, prefix = HostFile, "windows", "srv"
		}
		h := b.host(role, fmt.Sprintf("%s-%02d", prefix, i), os)
		if role == HostLinux {
			o.Linux = append(o.Linux, h)
		}
		if i > 200 {
			break
		}
	}
	dmz := func(n int) netip.Addr { return nthAddr(o.DMZ, n) }
	o.VPNGateway = telemetry.Observer{Name: "vpn-gw-01", IP: dmz(2), Type: "vpn", Vendor: "soclab", Product: "vpn-gateway"}
	o.Firewall = telemetry.Observer{Name: "fw-edge-01", IP: dmz(1), Type: "firewall", Vendor: "soclab", Product: "edge-firewall"}
	o.Sensor = telemetry.Observer{Name: "flow-sensor-01", IP: nthAddr(o.Servers, 250), Type: "sensor", Vendor: "soclab", Product: "flow-sensor"}
	o.ProxyObs = telemetry.Observer{Name: o.Proxy.Name, IP: o.Proxy.IP, Type: "proxy", Vendor: "soclab", Product: "web-proxy"}
	o.DNSObs = telemetry.Observer{Name: o.Resolver.Name, IP: o.Resolver.IP, Type: "dns", Vendor: "soclab", Product: "resolver"}
	o.IdP = telemetry.Observer{Name: "sso." + o.Domain, Type: "idp", Vendor: "soclab", Product: "single-sign-on"}
}

func (b *builder) internet() {
	for _, s := range services {
		svc := &Service{Domain: s.domain, Kind: s.kind, Category: s.category, Paths: s.paths}
		n := 1 + b.r.IntN(3)
		for i := 0; i < n; i++ {
			svc.IPs = append(svc.IPs, RandomInternetIP(b.r))
		}
		b.o.Services = append(b.o.Services, svc)
	}
	b.o.SaaSApps = append([]string(nil), saasApps...)
}
