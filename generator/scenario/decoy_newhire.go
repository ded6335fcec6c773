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
			ID: "new-hire-account", Kind: truth.KindDecoy,
			Summary:  "on a ticket, an IT administrator creates the account of a new hire in working hours, adds it to the department's group and to a privileged group the job needs, and the hire logs on at a workstation: it looks like a backdoor account, and it is onboarding",
			Datasets: []string{dsWindows},
			Roles:    []string{"new_hire", "helpdesk_admin", "new_hire_workstation"},
		},
		params: []param{
			pStart("a morning working hour (9:00–12:00) of the headquarters' weekday"),
			pUser("admin", "the IT administrator who works the ticket", "an administrator"),
			pHost("dc", "the domain controller", "one of the domain controllers"),
			pStr("new_user", "the new hire's login", "an initial and a surname, like the organisation's other logins"),
			pStr("group", "the privileged group the job needs", "Remote Desktop Users 6 times in 10, else Server Admins"),
			pHost("workstation", "where the new hire first logs on", "a workstation"),
			pDur("delay", "time from the creation to the first logon", "20 minutes to 3 hours", time.Second, 24*time.Hour),
		},
		run: newHireAccount,
	})
}

// newHireSurnames and the initials make logins in the organisation's
// style (first initial and surname).
var newHireSurnames = []string{"okafor", "lindqvist", "moreau", "tanaka", "brennan", "alvarez", "novak", "haddad", "kowalski", "fischer", "santos", "obrien", "virtanen", "castillo", "mbeki"}

func newHireAccount(g *gen) {
	o := g.o
	admin, dc := g.adminAndDC()
	newUser, ok := g.newUserP(func(r *rand.Rand) string { return newHireName(r, o) })
	if !ok {
		return
	}
	group := g.strP("group", func(r *rand.Rand) string {
		return map[bool]string{true: "Remote Desktop Users", false: "Server Admins"}[r.IntN(10) < 6]
	})
	ws := g.hostP("workstation", isWorkstation, func(r *rand.Rand) *org.Host { return pick(r, hostsOf(o, org.HostWorkstation)) })
	delay := g.durP("delay", func(r *rand.Rand) time.Duration { return between(r, 20*time.Minute, 3*time.Hour) })
	t := g.startP(delay+10*time.Minute, hoursIn(zone(o.HQ), 9, 12, true))

	win := telemetry.Windows{Host: dc.Name, HostIP: dc.IP, Domain: o.ADDomain, User: admin.Name, TargetUser: newUser}
	created := win
	created.Code = telemetry.WinUserCreated
	g.emit(t, &created)
	t = t.Add(ms(g.r, 20000, 120000))
	dept := win
	dept.Code, dept.Group = telemetry.WinGlobalGroupAdd, "GRP-"+pick(g.r, []string{"Finance", "Sales", "Engineering", "Operations", "Marketing", "Legal"})
	g.emit(t, &dept)
	t = t.Add(ms(g.r, 10000, 90000))
	priv := win
	priv.Code, priv.Group = groupAddCode(group), group
	g.emit(t, &priv)

	g.emit(t.Add(delay), &telemetry.Windows{Code: telemetry.WinLogon, Host: ws.Name, HostIP: ws.IP, Domain: o.ADDomain, User: newUser,
		LogonType: telemetry.LogonInteractive, LogonID: logonID(g.r)})
	g.ioc("user", newUser, "new_hire")
	g.ioc("user", admin.Name, "helpdesk_admin")
	g.ioc("host", ws.Name, "new_hire_workstation")
	g.user(newUser, admin.Name)
	g.host(dc.Name, ws.Name)
}

// newHireName is an unused login in the organisation's style.
func newHireName(r *rand.Rand, o *org.Org) string {
	return drawNewLogin(r, o, func(r *rand.Rand) string {
		return string(rune('a'+r.IntN(26))) + pick(r, newHireSurnames)
	})
}
