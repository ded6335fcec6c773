package scenario

import (
	"math/rand/v2"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "lateral-movement", Kind: truth.KindAttack,
			Summary:    "from one compromised workstation, one account logs on to many Windows machines over SMB, RDP and WinRM in a short time: explicit-credential use on the source, network and remote-interactive logons with special privileges on the targets; the truth lists the techniques of the protocols this instance used",
			Techniques: []string{"T1021.001", "T1021.002", "T1021.006"},
			Datasets:   []string{dsWindows, dsFlow},
			Roles:      []string{"source_host", "source_ip", "compromised_user"},
		},
		params: []param{
			pStart("a working hour of the source owner's weekday"),
			pHost("source", "the compromised workstation", "a workstation"),
			pUser("user", "the account used on every target", "an administrator 6 times in 10, else a service account"),
			pInt("targets", "how many machines are reached", "4 to 8", 1, 60),
			pEnum("protocol", "how the targets are reached", "mixed", "smb", "rdp", "winrm", "mixed"),
			pDur("interval", "mean time between targets", "30 s to 4 min", time.Second, 2*time.Hour),
		},
		run: lateralMovement,
	})
}

// remoteProto is one way of reaching a Windows machine.
type remoteProto struct {
	name      string
	port      int
	logonType int
	// client and server payload ranges, and session length range
	sent, recv [2]int64
	dur        [2]time.Duration
	// technique is its ATT&CK technique (Remote Desktop, SMB/admin
	// shares, Windows Remote Management).
	technique string
}

var remoteProtos = map[string]remoteProto{
	"smb":   {"smb", 445, telemetry.LogonNetwork, [2]int64{20_000, 600_000}, [2]int64{5_000, 60_000}, [2]time.Duration{2 * time.Second, 40 * time.Second}, "T1021.002"},
	"rdp":   {"rdp", 3389, telemetry.LogonRemoteInteractive, [2]int64{100_000, 2_000_000}, [2]int64{1_000_000, 20_000_000}, [2]time.Duration{3 * time.Minute, 20 * time.Minute}, "T1021.001"},
	"winrm": {"winrm", 5985, telemetry.LogonNetwork, [2]int64{5_000, 40_000}, [2]int64{5_000, 80_000}, [2]time.Duration{time.Second, 15 * time.Second}, "T1021.006"},
}

func lateralMovement(g *gen) {
	o := g.o
	source := g.hostP("source", isWorkstation, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	user := g.userP("user", nil, func(r *rand.Rand) *org.User {
		if r.IntN(10) < 6 {
			return pick(r, usersOf(o, org.RoleAdmin))
		}
		return pick(r, usersOf(o, org.RoleService))
	})
	n := g.intP("targets", func(r *rand.Rand) int { return intIn(r, 4, 8) })
	protocol := g.strP("protocol", func(*rand.Rand) string { return "mixed" })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return between(r, 30*time.Second, 4*time.Minute) })
	targets := g.lateralTargets(source, n)
	span := time.Duration(len(targets))*interval*2 + 25*time.Minute
	t := g.startP(span, workHours(tzOf(o, source)))

	subject := ownerName(source)
	if subject == "" {
		subject = user.Name
	}
	var used []string
	for i, h := range targets {
		p := remoteProtos[protocol]
		if protocol == "mixed" {
			p = remoteProtos[pick(g.r, []string{"smb", "smb", "winrm", "rdp"})]
		}
		used = append(used, p.technique)
		explicit := g.emit(t, &telemetry.Windows{Code: telemetry.WinExplicitCreds, Host: source.Name, HostIP: source.IP, Domain: o.ADDomain,
			User: subject, TargetUser: user.Name, Server: h.Name, LogonID: logonID(g.r)})
		if i == 0 {
			g.milestone(explicit, "explicit credentials of "+user.Name+" used on "+source.Name)
		}
		logon := g.remoteLogon(t.Add(ms(g.r, 20, 300)), source, h, user, p)
		if i == 0 {
			g.milestone(logon, "first remote logon, on "+h.Name)
		} else if i == len(targets)-1 {
			g.milestone(logon, "last remote logon, on "+h.Name)
		}
		g.host(h.Name)
		t = t.Add(jittered(g.r, interval, 0.5))
	}
	g.showTechniques(used...)
	g.ioc("host", source.Name, "source_host")
	g.ioc("ip", source.IP.String(), "source_ip")
	g.ioc("user", user.Name, "compromised_user")
	g.user(user.Name)
	g.host(source.Name)
}

// lateralTargets draws n Windows machines other than source: servers
// first, then workstations.
func (g *gen) lateralTargets(source *org.Host, n int) []*org.Host {
	var out []*org.Host
	pool := append(shuffled(g.r, windowsServers(g.o)), shuffled(g.r, hostsOf(g.o, org.HostWorkstation))...)
	for _, h := range pool {
		if h != source && len(out) < n {
			out = append(out, h)
		}
	}
	return out
}

// remoteLogon is one connection from source to h with user's credentials:
// the flow, the logon (with special privileges for privileged accounts)
// and the logoff when the connection closes. It returns the logon's id.
func (g *gen) remoteLogon(t time.Time, source, h *org.Host, user *org.User, p remoteProto) string {
	o := g.o
	sent := p.sent[0] + g.r.Int64N(p.sent[1]-p.sent[0])
	recv := p.recv[0] + g.r.Int64N(p.recv[1]-p.recv[0])
	_, _, end := g.tcp(t, tcpConn{src: source.IP, dst: h.IP, dport: p.port, proto: p.name, sent: sent, recv: recv, dur: between(g.r, p.dur[0], p.dur[1])})
	lid := logonID(g.r)
	w := telemetry.Windows{Host: h.Name, HostIP: h.IP, Domain: o.ADDomain, User: user.Name, LogonType: p.logonType,
		SrcIP: source.IP, SrcHost: source.Name, LogonID: lid}
	in := w
	in.Code = telemetry.WinLogon
	at := t.Add(ms(g.r, 80, 400))
	id := g.emit(at, &in)
	if user.Role != org.RoleUser {
		sp := telemetry.Windows{Code: telemetry.WinSpecialPrivs, Host: h.Name, HostIP: h.IP, Domain: o.ADDomain, User: user.Name, LogonID: lid}
		g.emit(at, &sp)
	}
	out := telemetry.Windows{Code: telemetry.WinLogoff, Host: h.Name, HostIP: h.IP, Domain: o.ADDomain, User: user.Name, LogonType: p.logonType, LogonID: lid}
	g.emit(end, &out)
	return id
}
