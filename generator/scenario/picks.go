package scenario

import (
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// Draws from the organisation that several scenarios share.

// hostile returns the countries attackers' addresses are placed in by
// default: the part of org.Countries after the organisation's offices.
func hostile() []*org.Country { return org.Countries[14:] }

// humans returns the people (accounts with a workstation).
func humans(o *org.Org) []*org.User {
	var out []*org.User
	for _, u := range o.Users {
		if u.Workstation != nil {
			out = append(out, u)
		}
	}
	return out
}

func usersOf(o *org.Org, role org.Role) []*org.User {
	var out []*org.User
	for _, u := range o.Users {
		if u.Role == role {
			out = append(out, u)
		}
	}
	return out
}

func hostsOf(o *org.Org, roles ...org.HostRole) []*org.Host {
	var out []*org.Host
	for _, h := range o.Hosts {
		for _, r := range roles {
			if h.Role == r {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

// windowsServers are the Windows machines that are not workstations.
func windowsServers(o *org.Org) []*org.Host {
	var out []*org.Host
	for _, h := range o.Hosts {
		if h.OS == "windows" && h.Role != org.HostWorkstation {
			out = append(out, h)
		}
	}
	return out
}

// linuxServers are the Linux hosts reachable by ssh.
func linuxServers(o *org.Org) []*org.Host {
	return hostsOf(o, org.HostLinux, org.HostBastion, org.HostBackup)
}

func isHuman(u *org.User) string {
	if u.Workstation == nil {
		return "is a service account: choose a person's account"
	}
	return ""
}

func isWorkstation(h *org.Host) string {
	if h.Role != org.HostWorkstation {
		return "is not a workstation (its role is " + string(h.Role) + ")"
	}
	return ""
}

func isLinux(h *org.Host) string {
	if h.OS != "linux" {
		return "is not a Linux host"
	}
	return ""
}

func isWindows(h *org.Host) string {
	if h.OS != "windows" {
		return "is not a Windows host"
	}
	return ""
}

// ownerName is the workstation's owner's login, or "".
func ownerName(h *org.Host) string {
	if h.Owner == nil {
		return ""
	}
	return h.Owner.Name
}

// tzOf is the time zone of a host's owner, or of the headquarters.
func tzOf(o *org.Org, h *org.Host) *time.Location {
	if h.Owner != nil && h.Owner.TZ != nil {
		return h.Owner.TZ
	}
	return zone(o.HQ)
}

func zone(c *org.Country) *time.Location { return org.Zone(c.TZ) }

// shuffled returns a shuffled copy of list.
func shuffled[T any](r *rand.Rand, list []T) []T {
	out := append([]T(nil), list...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// sshPID draws an sshd process id.
func sshPID(r *rand.Rand) int { return 1000 + r.IntN(60000) }

// logonID draws a Windows logon id (44 bits, never 0).
func logonID(r *rand.Rand) uint64 { return 1 + r.Uint64()>>20 }

// The failure reasons benign activity logs, which scenarios reuse so that
// a reason never tells an attack apart.
const (
	ssoBadPassword = "invalid password"
	winBadPassword = "unknown user name or bad password"
)

// nthAddr returns the n-th address of p (n from 0).
func nthAddr(p netip.Prefix, n int) netip.Addr {
	a := p.Masked().Addr().As4()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3]) + uint32(n)
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// publicIP draws an internet address located in iso that none of the
// organisation's internet services uses, so that an attacker never shares
// an address with a popular site.
func publicIP(o *org.Org, r *rand.Rand, iso string) netip.Addr {
	for {
		ip := org.RandomInternetIPIn(r, iso)
		if !serviceIP(o, ip) {
			return ip
		}
	}
}

func serviceIP(o *org.Org, ip netip.Addr) bool {
	for _, s := range o.Services {
		if containsAddr(s.IPs, ip) {
			return true
		}
	}
	return false
}

// adminAndDC draws the parameters "admin" (an administrator) and "dc" (a
// domain controller) of the scenarios in which an administrator acts on
// the directory.
func (g *gen) adminAndDC() (*org.User, *org.Host) {
	admin := g.userP("admin", func(u *org.User) string {
		if u.Role != org.RoleAdmin {
			return "is not an administrator"
		}
		return ""
	}, func(r *rand.Rand) *org.User { return pick(r, usersOf(g.o, org.RoleAdmin)) })
	dc := g.hostP("dc", func(h *org.Host) string {
		if h.Role != org.HostDC {
			return "is not a domain controller"
		}
		return ""
	}, func(r *rand.Rand) *org.Host { return pick(r, g.o.DCs) })
	return admin, dc
}

// newUserP draws the parameter "new_user", the login of an account the
// scenario creates; false when an account already has it (the problem is
// recorded).
func (g *gen) newUserP(def func(r *rand.Rand) string) (string, bool) {
	u := g.strP("new_user", def)
	if g.o.UserByName(u) != nil {
		g.fail("new_user", "account %q already exists: choose a new name", u)
		return u, false
	}
	return u, true
}

// groupAddCode is the Windows event id that records a member joining
// group: 4732 for the built-in domain-local groups, else 4728.
func groupAddCode(group string) int {
	switch group {
	case "Administrators", "Remote Desktop Users":
		return telemetry.WinLocalGroupAdd
	}
	return telemetry.WinGlobalGroupAdd
}
