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
			ID: "account-manipulation", Kind: truth.KindAttack,
			Summary:    "a compromised administrator signs in to a domain controller, creates an account, adds it to an administrators group, and the new account then logs on to a server",
			Techniques: []string{"T1136.001", "T1098"},
			Datasets:   []string{dsWindows, dsFlow},
			Roles:      []string{"new_account", "actor_user"},
		},
		params: []param{
			pStart("an evening hour (19:00–23:00) in the headquarters' time zone"),
			pUser("admin", "the compromised administrator", "an administrator"),
			pHost("dc", "the domain controller", "one of the domain controllers"),
			pHost("source", "the workstation the administrator works from", "the administrator's workstation"),
			pStr("new_user", "the created account's name", "a name that looks like a support or service account"),
			pEnum("group", "the group it joins", "Domain Admins 7 times in 10", "Domain Admins", "Administrators"),
			pHost("logon_host", "where the new account logs on", "a Windows server"),
			pDur("delay", "time from the creation to the new account's logon", "5 to 60 minutes", time.Second, 24*time.Hour),
		},
		run: accountManipulation,
	})
}

func accountManipulation(g *gen) {
	o := g.o
	admin, dc := g.adminAndDC()
	source := g.hostP("source", isWindows, func(*rand.Rand) *org.Host { return admin.Workstation })
	newUser, ok := g.newUserP(func(r *rand.Rand) string { return newAccountName(r, o) })
	if !ok {
		return
	}
	group := g.strP("group", func(r *rand.Rand) string {
		return map[bool]string{true: "Domain Admins", false: "Administrators"}[r.IntN(10) < 7]
	})
	target := g.hostP("logon_host", isWindows, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostFile, org.HostDB)) })
	delay := g.durP("delay", func(r *rand.Rand) time.Duration { return between(r, 5*time.Minute, time.Hour) })
	t := g.startP(delay+45*time.Minute, hoursIn(zone(o.HQ), 19, 23, false))

	session := between(g.r, 8*time.Minute, 25*time.Minute)
	rdp := remoteProtos["rdp"]
	rdp.dur = [2]time.Duration{session, session}
	g.remoteLogon(t, source, dc, admin, rdp)
	at := t.Add(between(g.r, 2*time.Minute, session/2))
	created := g.emit(at, &telemetry.Windows{Code: telemetry.WinUserCreated, Host: dc.Name, HostIP: dc.IP, Domain: o.ADDomain, User: admin.Name, TargetUser: newUser})
	g.milestone(created, "account "+newUser+" created by "+admin.Name)
	added := g.emit(at.Add(ms(g.r, 15000, 90000)), &telemetry.Windows{Code: groupAddCode(group), Host: dc.Name, HostIP: dc.IP, Domain: o.ADDomain, User: admin.Name, TargetUser: newUser, Group: group})
	g.milestone(added, newUser+" added to "+group)

	newAcct := &org.User{Name: newUser, Role: org.RoleAdmin}
	logon := g.remoteLogon(at.Add(delay), source, target, newAcct, remoteProtos[pick(g.r, []string{"rdp", "smb"})])
	g.milestone(logon, "first logon of "+newUser+", on "+target.Name)
	g.ioc("user", newUser, "new_account")
	g.ioc("user", admin.Name, "actor_user")
	g.user(admin.Name, newUser)
	g.host(dc.Name, target.Name, source.Name)
}

// newAccountName invents a name that blends in with support and service
// accounts and is not taken.
func newAccountName(r *rand.Rand, o *org.Org) string {
	return drawNewLogin(r, o, func(r *rand.Rand) string {
		name := pick(r, []string{"svc-maint", "svc-update", "svc-sqlagent", "helpdesk2", "it-support", "adm-backup", "svc-patch", "support01", "sysop", "svc-report"})
		if r.IntN(3) == 0 {
			name += randomString(r, "0123456789", 1)
		}
		return name
	})
}
