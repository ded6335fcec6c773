package scenario

import (
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/generator/truth"
)

func init() {
	register(&spec{
		info: Info{
			ID: "ssh-bruteforce", Kind: truth.KindAttack,
			Summary:    "password guessing over ssh from one internet address against the bastion, many usernames, then a successful login, an interactive session and an ssh hop inside",
			Techniques: []string{"T1110.001", "T1078"},
			Datasets:   []string{dsSSH, dsFlow, dsFW},
			Roles:      []string{"attacker_ip", "compromised_user"},
		},
		params: []param{
			pStart("any time of the window: bots keep no office hours"),
			pCountry("country", "where the attacker's address is located", "a country outside the organisation's offices"),
			pIP("attacker_ip", "the guessing address", "an internet address located in country", true),
			pHost("target", "the Linux host under attack", "the ssh bastion"),
			pUser("user", "the account whose password is guessed", "a service account"),
			pInt("attempts", "failed logins before the success", "40 to 150", 3, 5000),
			pDur("interval", "mean time between attempts", "0.8 s to 4 s", 50*time.Millisecond, 10*time.Minute),
			pFloat("jitter", "how much each interval varies, as a fraction of it", "0.5", 0, 1),
			pDur("session", "how long the attacker stays logged in", "5 to 25 minutes", time.Minute, 12*time.Hour),
			pStr("pivot", "a Linux host the attacker then reaches by ssh from the target, or \"none\"", "another Linux server, 7 times in 10"),
		},
		run: sshBruteforce,
	})
}

func sshBruteforce(g *gen) {
	o := g.o
	country := g.countryP("country", func(r *rand.Rand) *org.Country { return pick(r, hostile()) })
	ip := g.ipP("attacker_ip", func(r *rand.Rand) netip.Addr { return publicIP(o, r, country.ISO) })
	target := g.hostP("target", isLinux, func(*rand.Rand) *org.Host { return o.Bastion })
	user := g.userP("user", nil, func(r *rand.Rand) *org.User { return pick(r, usersOf(o, org.RoleService)) })
	attempts := g.intP("attempts", func(r *rand.Rand) int { return intIn(r, 40, 150) })
	interval := g.durP("interval", func(r *rand.Rand) time.Duration { return ms(r, 800, 4000) })
	jitter := g.floatP("jitter", func(*rand.Rand) float64 { return 0.5 })
	session := g.durP("session", func(r *rand.Rand) time.Duration { return between(r, 5*time.Minute, 25*time.Minute) })
	pivot := g.pivotP(target)
	span := time.Duration(float64(attempts)*float64(interval)*(1+jitter)) + session + 2*time.Minute
	t := g.startP(span, anyTime)

	names := g.guessList(attempts, user)
	for i, name := range names {
		res := telemetry.SSHInvalidUser
		if o.UserByName(name) != nil || name == "root" {
			res = telemetry.SSHFailed
		}
		id := g.sshAttempt(t, ip, target, name, res, ms(g.r, 1500, 4000))
		if i == 0 {
			g.milestone(id, "first failed login")
		}
		t = t.Add(jittered(g.r, interval, jitter))
	}
	g.sshSession(t, ip, target, user, session, pivot)
	g.ioc("ip", ip.String(), "attacker_ip")
	g.ioc("user", user.Name, "compromised_user")
	g.user(user.Name)
	g.host(target.Name)
}

// pivotP reads the "pivot" parameter: a Linux host, "none", or a drawn one.
func (g *gen) pivotP(target *org.Host) *org.Host {
	v, ok := g.val("pivot")
	if ok && v.(string) == "none" {
		return nil
	}
	var candidates []*org.Host
	for _, h := range g.o.Linux {
		if h != target {
			candidates = append(candidates, h)
		}
	}
	if ok {
		h := g.hostByName(v.(string))
		if h == nil || h.OS != "linux" || h == target {
			g.fail("pivot", "want a Linux host other than the target, or \"none\"; got %q%s", v, hint(v.(string), g.hostNames()))
		}
		return h
	}
	r := g.dr("pivot")
	if len(candidates) == 0 || r.IntN(10) >= 7 {
		return nil
	}
	return pick(r, candidates)
}

// guessList orders the usernames tried: mostly names that do not exist,
// some real accounts, and the victim's own account last (the guess that
// finally works follows).
func (g *gen) guessList(n int, victim *org.User) []string {
	real := []string{"root", victim.Name}
	for _, u := range shuffled(g.r, g.o.Users)[:min(6, len(g.o.Users))] {
		real = append(real, u.Name)
	}
	out := make([]string, 0, n)
	for len(out) < n-3 {
		if g.r.IntN(10) < 3 {
			out = append(out, pick(g.r, real))
		} else {
			out = append(out, pick(g.r, invalidSSHUsers))
		}
	}
	for len(out) < n {
		out = append(out, victim.Name)
	}
	return out
}

// sshAttempt is one inbound ssh connection that fails to log in: the
// firewall allows it, the sensor sees the flow, sshd logs the failure.
func (g *gen) sshAttempt(t time.Time, src netip.Addr, h *org.Host, user string, res telemetry.SSHResult, dur time.Duration) string {
	_, conn, end := g.tcp(t, tcpConn{src: src, dst: h.IP, dport: 22, proto: "ssh",
		sent: int64(1400 + g.r.IntN(800)), recv: int64(1900 + g.r.IntN(900)), dur: dur})
	if !org.IsInternal(src) {
		g.firewall(t, conn, true, g.sshRule(h))
	}
	at := end.Add(-ms(g.r, 100, 400))
	failed := telemetry.SSH{
		Host: h.Name, HostIP: h.IP, User: user, SrcIP: src, SrcPort: conn.SrcPort, SrcGeo: g.o.Geo(src),
		Result: res, Method: "password", PID: sshPID(g.r),
	}
	var id string
	for _, l := range failed.FailedSession(end.Sub(at)) {
		if eid := g.emit(at.Add(l.At), &l.SSH); l.At == 0 {
			id = eid // the "Failed password" line
		}
	}
	return id
}

// sshRule is the firewall rule that lets ssh in to h.
func (g *gen) sshRule(h *org.Host) string {
	if h == g.o.Bastion {
		return "allow-ssh-bastion"
	}
	return "allow-ssh-" + h.Name
}

// sshLogin is an ssh connection that logs in and stays for dur: the flow
// over the whole session, the accepted login and the logout. It returns
// the ids of the login and the logout.
func (g *gen) sshLogin(t time.Time, src netip.Addr, h *org.Host, user string, dur time.Duration, sent, recv int64) (string, string) {
	_, conn, end := g.tcp(t, tcpConn{src: src, dst: h.IP, dport: 22, proto: "ssh", sent: sent, recv: recv, dur: dur})
	if !org.IsInternal(src) {
		g.firewall(t, conn, true, g.sshRule(h))
	}
	pid := sshPID(g.r)
	s := telemetry.SSH{Host: h.Name, HostIP: h.IP, User: user, SrcIP: src, SrcPort: conn.SrcPort,
		SrcGeo: g.o.Geo(src), Method: "password", PID: pid}
	in, out := s, s
	in.Result = telemetry.SSHAccepted
	out.Result, out.Duration = telemetry.SSHLogout, dur-ms(g.r, 1200, 2000)
	login := g.emit(t.Add(ms(g.r, 600, 1100)), &in)
	logout := g.emit(end.Add(-ms(g.r, 50, 200)), &out)
	return login, logout
}

// sshSession is the attacker's stay after the right guess: the session,
// a file transfer on a second connection, and the hop to pivot.
func (g *gen) sshSession(t time.Time, ip netip.Addr, target *org.Host, user *org.User, session time.Duration, pivot *org.Host) {
	login, logout := g.sshLogin(t, ip, target, user.Name, session, int64(20000+g.r.IntN(180000)), int64(60000+g.r.IntN(700000)))
	g.milestone(login, "first successful login")
	g.milestone(logout, "session closed")
	sftp := t.Add(between(g.r, session/5, session/2))
	g.sshLogin(sftp, ip, target, user.Name, between(g.r, 20*time.Second, session/4), int64(8000+g.r.IntN(20000)), int64(400000+g.r.IntN(4000000)))
	if pivot == nil {
		return
	}
	hop := t.Add(between(g.r, session/6, session/3))
	id, _ := g.sshLogin(hop, target.IP, pivot, user.Name, between(g.r, session/6, session/2), int64(6000+g.r.IntN(40000)), int64(20000+g.r.IntN(200000)))
	g.milestone(id, "ssh from "+target.Name+" to "+pivot.Name)
	g.host(pivot.Name)
}
