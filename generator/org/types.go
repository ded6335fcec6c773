package org

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/telemetry"
)

// Role is what kind of account a user is.
type Role string

// The account roles.
const (
	RoleUser    Role = "user"
	RoleAdmin   Role = "admin"
	RoleService Role = "service"
)

// User is one account of the organisation.
type User struct {
	Name       string // sAMAccountName / Linux login, e.g. "jdoe" or "svc-backup"
	FullName   string
	Email      string
	Department string
	Title      string
	Role       Role
	Home       *Country
	TZ         *time.Location
	// Workstation is the user's own machine (nil for service accounts).
	Workstation *Host
	// Traveller users sometimes work from abroad over the VPN.
	Traveller bool
	// Remote users work from home over the VPN on some days.
	Remote bool
}

// HostRole is what a host does.
type HostRole string

// The host roles.
const (
	HostWorkstation HostRole = "workstation"
	HostDC          HostRole = "domain_controller"
	HostFile        HostRole = "file_server"
	HostBastion     HostRole = "ssh_bastion"
	HostLinux       HostRole = "linux_server"
	HostWeb         HostRole = "web_server"
	HostMail        HostRole = "mail_server"
	HostDB          HostRole = "database"
	HostScanner     HostRole = "vulnerability_scanner"
	HostBackup      HostRole = "backup_server"
	HostProxy       HostRole = "proxy"
	HostDNS         HostRole = "dns_resolver"
	HostVPN         HostRole = "vpn_gateway"
	HostFirewall    HostRole = "firewall"
	HostSensor      HostRole = "flow_sensor"
)

// Host is one machine or appliance.
type Host struct {
	Name  string // short name, e.g. "ws-0042" or "bastion-01"
	FQDN  string
	IP    netip.Addr
	Role  HostRole
	OS    string // "windows" or "linux"
	Owner *User  // for workstations
}

// ServiceKind is what an internet service is to the organisation.
type ServiceKind string

// The kinds of internet service.
const (
	ServicePopular ServiceKind = "popular" // search, news, social, shopping
	ServiceCDN     ServiceKind = "cdn"
	ServiceSaaS    ServiceKind = "saas"
	ServiceUpdater ServiceKind = "updater" // software update servers that clients poll
	ServiceBackup  ServiceKind = "backup"  // the off-site backup provider
)

// Service is an internet site the organisation's people and machines use.
type Service struct {
	Domain   string
	Kind     ServiceKind
	IPs      []netip.Addr
	Category string // the proxy's URL category
	// Paths are typical request paths with their MIME types.
	Paths []Resource
}

// Resource is one path of a service and the MIME type it answers with.
type Resource struct {
	Path string
	MIME string
}

// Country is a place people and addresses are in.
type Country struct {
	ISO      string
	Name     string
	City     string
	Lat, Lon float64
	TZ       string
	// ISP names the access provider of addresses located here.
	ISP string
	ASN int64
}

// Geo returns the country as a telemetry location.
func (c *Country) Geo() *telemetry.Geo {
	return &telemetry.Geo{CountryISO: c.ISO, CountryName: c.Name, City: c.City, Lat: c.Lat, Lon: c.Lon, ASN: c.ASN, ASOrg: c.ISP}
}

// Org is the whole synthetic organisation.
type Org struct {
	Seed     int64
	Name     string // company name
	Domain   string // DNS domain, e.g. "northwind.example"
	ADDomain string // NetBIOS domain, e.g. "NORTHWIND"
	HQ       *Country

	Users []*User
	Hosts []*Host

	// Address plan.
	Workstations netip.Prefix // 10.10.0.0/16
	Servers      netip.Prefix // 10.20.0.0/24
	VPNPool      netip.Prefix // 10.30.0.0/22
	DMZ          netip.Prefix // 10.40.0.0/24
	EgressIPs    []netip.Addr // the public addresses the organisation's traffic leaves from
	PublicIP     netip.Addr   // the perimeter's published address (VPN, web, mail)

	// Well-known machines (also in Hosts).
	DCs         []*Host
	FileServers []*Host
	Bastion     *Host
	Scanner     *Host
	Backup      *Host
	Mail        *Host
	Web         *Host
	Proxy       *Host
	Resolver    *Host
	Linux       []*Host // other Linux servers reachable by ssh from inside

	// Appliances as they appear in observer.* fields.
	VPNGateway telemetry.Observer
	IdP        telemetry.Observer
	Firewall   telemetry.Observer
	Sensor     telemetry.Observer
	ProxyObs   telemetry.Observer
	DNSObs     telemetry.Observer

	Services []*Service
	SaaSApps []string // applications behind the single sign-on

	byName map[string]*User
	byIP   map[netip.Addr]*Host
}

// UserByName returns the user with that login, or nil.
func (o *Org) UserByName(name string) *User { return o.byName[name] }

// HostByIP returns the internal host with that address, or nil.
func (o *Org) HostByIP(ip netip.Addr) *Host { return o.byIP[ip] }

// ServicesOf returns the services of one kind, in a fixed order.
func (o *Org) ServicesOf(k ServiceKind) []*Service {
	var out []*Service
	for _, s := range o.Services {
		if s.Kind == k {
			out = append(out, s)
		}
	}
	return out
}
