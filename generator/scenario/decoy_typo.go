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
			ID: "typo-user", Kind: truth.KindDecoy,
			Summary:  "a person mistypes their password six times (perhaps locking the account), then logs in: failures that look like guessing and are not",
			Datasets: []string{dsWindows, dsSSH, dsSSO, dsFlow},
			Roles:    []string{"typo_user", "workstation"},
			Misread:  true,
		},
		params: []param{
			pStart("a working hour of the user's weekday"),
			pUser("user", "the person", "a person"),
			pEnum("channel", "where they log in", "windows 6 times in 10, else ssh or sso", "windows", "ssh", "sso"),
			pInt("attempts", "failed attempts before the success", "6", 1, 30),
			pBool("lockout", "whether the account locks (windows: a 4740 and an unlock by the help desk)", "true half the time"),
		},
		run: typoUser,
	})
}

func typoUser(g *gen) {
	o := g.o
	u := g.userP("user", isHuman, func(r *rand.Rand) *org.User { return pick(r, humans(o)) })
	channel := g.strP("channel", func(r *rand.Rand) string { return pick(r, []string{"windows", "windows", "windows", "ssh", "sso"}) })
	attempts := g.intP("attempts", func(*rand.Rand) int { return 6 })
	lockout := g.boolP("lockout", func(r *rand.Rand) bool { return r.IntN(2) == 0 })
	t := g.startP(time.Hour, workHours(u.TZ))
	ws := u.Workstation
	switch channel {
	case "windows":
		g.typoWindows(t, u, attempts, lockout)
	case "ssh":
		h := pick(g.r, linuxServers(o))
		for range attempts {
			g.sshAttempt(t, ws.IP, h, u.Name, telemetry.SSHFailed, ms(g.r, 3000, 9000))
			t = t.Add(ms(g.r, 5000, 15000))
		}
		g.sshLogin(t, ws.IP, h, u.Name, between(g.r, 2*time.Minute, 30*time.Minute), int64(5000+g.r.IntN(50000)), int64(20000+g.r.IntN(500000)))
		g.host(h.Name)
	default:
		ip := o.EgressIPs[0]
		s := telemetry.SSO{IdP: o.IdP, User: u.Name, Email: u.Email, App: pick(g.r, o.SaaSApps), SrcIP: ip, SrcGeo: g.o.Geo(ip), UserAgent: browserUAs[1]}
		for range attempts {
			fail := s
			fail.Reason, fail.MFAMethod, fail.MFAResult = ssoBadPassword, "none", "not_attempted"
			g.emit(t, &fail)
			t = t.Add(ms(g.r, 5000, 20000))
		}
		s.Success, s.MFAMethod, s.MFAResult = true, "push", "success"
		g.emit(t, &s)
	}
	g.ioc("user", u.Name, "typo_user")
	g.user(u.Name)
	if channel != "sso" {
		g.ioc("host", ws.Name, "workstation")
		g.host(ws.Name)
	}
}

// typoWindows is failed interactive logons at the user's own workstation,
// perhaps a lockout on the domain controller and an unlock later, then the
// successful logon.
func (g *gen) typoWindows(t time.Time, u *org.User, attempts int, lockout bool) {
	o, ws := g.o, u.Workstation
	for i := range attempts {
		g.emit(t, &telemetry.Windows{Code: telemetry.WinLogonFailed, Host: ws.Name, HostIP: ws.IP, Domain: o.ADDomain, User: u.Name,
			LogonType: telemetry.LogonInteractive, Reason: winBadPassword})
		if lockout && i == attempts-1 {
			dc := o.DCs[0]
			g.emit(t.Add(ms(g.r, 50, 900)), &telemetry.Windows{Code: telemetry.WinLockout, Host: dc.Name, HostIP: dc.IP, Domain: o.ADDomain,
				User: dc.Name + "$", TargetUser: u.Name, SrcHost: ws.Name})
			g.host(dc.Name)
			t = t.Add(between(g.r, 10*time.Minute, 40*time.Minute))
		}
		t = t.Add(ms(g.r, 4000, 15000))
	}
	g.emit(t, &telemetry.Windows{Code: telemetry.WinLogon, Host: ws.Name, HostIP: ws.IP, Domain: o.ADDomain, User: u.Name,
		LogonType: telemetry.LogonInteractive, LogonID: logonID(g.r)})
}
