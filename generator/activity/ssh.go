package activity

import (
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// SSH (system.auth, with its flows): admins log in to the bastion from their
// desk or the VPN (mostly with keys, sometimes with a mistyped password)
// and hop on to Linux servers; automation accounts log in with keys around
// the clock.
const sshPerHour = 1.2 // per admin, at work

// NewSSH returns the source of ssh logins.
func NewSSH(w *World) *Source {
	s := newSource(w, "ssh", dsSSH)
	o := w.Org
	for _, p := range w.people {
		if p.u.Role != org.RoleAdmin {
			continue
		}
		a := &sshAdmin{}
		a.clk.start(s, p)
		if t, ok := a.clk.next(s, sshPerHour, 0.2); ok {
			s.at(t, a)
		}
	}
	for _, h := range o.Linux {
		m := &sshJob{user: "svc-monitor", from: o.Bastion, to: h, hold: 4 * time.Second, req: 200, resp: 2000, tm: timer{period: 15 * time.Minute, jitter: 0.1}}
		s.at(m.tm.first(s), m)
		d := &sshJob{user: "svc-deploy", from: o.Bastion, to: h, hold: 2 * time.Minute, req: 20000, resp: 3000, tm: timer{period: 3 * time.Hour, jitter: 0.6}}
		s.at(d.tm.first(s), d)
	}
	return s
}

// sshLogin adds an accepted login (and its logout after hold) to a script,
// with its TCP flow.
func (s *Source) sshLogin(sc *script, t int64, user string, srcIP netip.Addr, dst *org.Host, method string, hold int64, tally *tcpTally) {
	c := s.tcp(srcIP, dst.IP, 22)
	sc.add(t, dsFlow, s.estFlow(c, "ssh", hold+ms(50), tally, ""))
	pid := 1000 + s.r.IntN(60000)
	in := &telemetry.SSH{Host: dst.Name, HostIP: dst.IP, User: user, SrcIP: srcIP, SrcPort: c.SrcPort, SrcGeo: s.geoOf(srcIP), Method: method, PID: pid}
	if method == "password" && s.r.Float64() < typoRate*1.5 {
		bad := *in
		bad.Result = telemetry.SSHFailed
		bt := t + ms(300+s.r.Int64N(700))
		pam := bad.PAMFailure()
		sc.add(bt-ms(3), dsSSH, &pam)
		sc.add(bt, dsSSH, &bad)
		t += sec(3 + 5*s.r.Float64())
	}
	sc.add(t+ms(400+s.r.Int64N(600)), dsSSH, in)
	out := *in
	out.Result, out.Duration = telemetry.SSHLogout, time.Duration(hold)
	sc.add(t+hold, dsSSH, &out)
}

// sshAdmin is one admin's ssh work: bastion, then a server.
type sshAdmin struct {
	clk workClock
}

func (a *sshAdmin) fire(s *Source, now int64, _ *event.Event) int {
	p, pl := a.clk.p, &a.clk.pl
	o := s.w.Org
	hold := minutes(2 + 60*s.r.Float64())
	method := "publickey"
	if s.r.Float64() < 0.25 {
		method = "password"
	}
	sc := s.script()
	s.sshLogin(sc, now, p.u.Name, pl.ip, o.Bastion, method, hold, s.session(20+s.r.IntN(200), 60, 400))
	if len(o.Linux) > 0 && s.r.Float64() < 0.8 {
		h := o.Linux[s.r.IntN(len(o.Linux))]
		t := now + sec(10+50*s.r.Float64())
		s.sshLogin(sc, t, p.u.Name, o.Bastion.IP, h, "publickey", max(hold-(t-now)-sec(5), sec(5)), s.session(10+s.r.IntN(150), 60, 400))
	}
	sc.play(s)
	if t, ok := a.clk.next(s, sshPerHour, 0.2); ok {
		s.at(t, a)
	}
	return dsNone
}

// sshJob is an automation account's recurring key login to a server.
type sshJob struct {
	user      string
	from, to  *org.Host
	hold      time.Duration
	req, resp int64
	tm        timer
}

func (j *sshJob) fire(s *Source, now int64, _ *event.Event) int {
	sc := s.script()
	hold := int64(float64(j.hold) * (0.5 + s.r.Float64()))
	s.sshLogin(sc, now, j.user, j.from.IP, j.to, "publickey", hold, s.session(3+s.r.IntN(10), j.req, j.resp))
	sc.play(s)
	s.at(j.tm.next(s), j)
	return dsNone
}
