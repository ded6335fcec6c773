package activity

import (
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// Workstation life (system.security, with the SMB and RDP flows behind it):
// the morning logon (type 2, or 11 with cached credentials when remote),
// its Kerberos network logon at a domain controller, screen unlocks (type
// 7), file-server access (type 3), admins' RDP sessions (type 10, 4672,
// sometimes 4648), the logoff at the end of the day; a few percent of
// logons are mistyped first, and now and then someone locks their account
// out (4740) and the helpdesk unlocks it.
const (
	typoRate      = 0.04
	lockoutRate   = 0.004 // per person-day
	unlockPerHour = 0.8
	filePerHour   = 2.0
	rdpPerHour    = 0.6 // admins only
	badPassword   = "unknown user name or bad password"
)

// NewDesk returns the source of people's Windows logons.
func NewDesk(w *World) *Source {
	s := newSource(w, "desk", dsWindows)
	for _, p := range w.people {
		d := &deskDay{p: p, day: w.firstDay(p)}
		s.at(max(w.from, d.day.UnixNano()-planAhead), d)
		k := &deskWork{}
		k.clk.start(s, p)
		if t, ok := k.clk.next(s, 1, 0.3); ok {
			s.at(t, k)
		}
	}
	return s
}

// planAhead is how long before a day's home midnight its anchors are
// planned: a traveller's day abroad can start many hours before it starts
// at home.
const planAhead = int64(14 * time.Hour)

// deskDay writes each working day's anchors: arrival, lunch, leaving.
type deskDay struct {
	p   *person
	day time.Time // local midnight of the next day to plan
}

func (d *deskDay) fire(s *Source, now int64, _ *event.Event) int {
	pl := s.w.plan(d.p, d.day)
	if pl.mode != modeOff && s.keep() {
		s.dayAnchors(d.p, &pl)
	}
	d.day = nextDay(d.day)
	if t := d.day.UnixNano() - planAhead; t < s.w.to {
		s.at(max(t, s.w.from), d)
	}
	return dsNone
}

// win returns a Windows record on host h with the organisation's domain.
func (s *Source) win(code int, h *org.Host, user string, logonType int) *telemetry.Windows {
	return &telemetry.Windows{Code: code, Host: h.Name, HostIP: h.IP, Domain: s.w.Org.ADDomain, User: user, LogonType: logonType}
}

func (s *Source) dayAnchors(p *person, pl *dayPlan) {
	sc := s.script()
	t := pl.arrive
	lt := telemetry.LogonInteractive
	if pl.remote() {
		lt = telemetry.LogonCachedInteractive
	}
	switch r := s.r.Float64(); {
	case r < lockoutRate:
		t = s.lockout(sc, p, t, lt)
	case r < lockoutRate+typoRate:
		f := s.win(telemetry.WinLogonFailed, p.ws, p.u.Name, lt)
		f.Reason = badPassword
		sc.add(t, dsWindows, f)
		t += sec(3 + 10*s.r.Float64())
	}
	id := s.r.Uint64() >> 20
	on := s.win(telemetry.WinLogon, p.ws, p.u.Name, lt)
	on.LogonID = id
	sc.add(t, dsWindows, on)
	if p.u.Role == org.RoleAdmin {
		sp := s.win(telemetry.WinSpecialPrivs, p.ws, p.u.Name, 0)
		sp.LogonID = id
		sc.add(t, dsWindows, sp)
	}
	kt := t + ms(200+s.r.Int64N(800))
	if pl.remote() {
		kt = t + minutes(2+5*s.r.Float64()) // once the VPN is up
	}
	dc := s.w.Org.DCs[p.idx%len(s.w.Org.DCs)]
	k := s.win(telemetry.WinLogon, dc, p.u.Name, telemetry.LogonNetwork)
	k.SrcIP, k.SrcHost, k.LogonID = pl.ip, p.ws.Name, s.r.Uint64()>>20
	sc.add(kt, dsWindows, k)
	if pl.lunchIn > 0 {
		u := s.win(telemetry.WinLogon, p.ws, p.u.Name, telemetry.LogonUnlock)
		u.LogonID = s.r.Uint64() >> 20
		sc.add(pl.lunchIn, dsWindows, u)
	}
	if s.r.Float64() < 0.6 {
		off := s.win(telemetry.WinLogoff, p.ws, p.u.Name, lt)
		off.LogonID = id
		sc.add(pl.leave, dsWindows, off)
	}
	sc.play(s)
}

// lockout adds five failures, the lockout at the domain controller and,
// after the helpdesk has unlocked the account, returns when the person
// finally logs on.
func (s *Source) lockout(sc *script, p *person, t int64, lt int) int64 {
	for i := 0; i < 5; i++ {
		f := s.win(telemetry.WinLogonFailed, p.ws, p.u.Name, lt)
		f.Reason = badPassword
		sc.add(t, dsWindows, f)
		t += sec(4 + 15*s.r.Float64())
	}
	dc := s.w.Org.DCs[0]
	lock := s.win(telemetry.WinLockout, dc, dc.Name+"$", 0)
	lock.TargetUser, lock.SrcHost = p.u.Name, p.ws.Name
	sc.add(t, dsWindows, lock)
	return t + minutes(10+35*s.r.Float64())
}

// deskWork is one person's activity at their desk during the day.
type deskWork struct {
	clk workClock
}

func (k *deskWork) fire(s *Source, now int64, _ *event.Event) int {
	p, pl := k.clk.p, &k.clk.pl
	admin := p.u.Role == org.RoleAdmin
	total := unlockPerHour + filePerHour
	if admin {
		total += rdpPerHour
	}
	switch x := s.r.Float64() * total; {
	case x < unlockPerHour:
		if !pl.remote() {
			u := s.win(telemetry.WinLogon, p.ws, p.u.Name, telemetry.LogonUnlock)
			u.LogonID = s.r.Uint64() >> 20
			sc := s.script()
			sc.add(now, dsWindows, u)
			sc.play(s)
		}
	case x < unlockPerHour+filePerHour:
		s.fileAccess(now, p, pl)
	default:
		s.rdp(now, p, pl)
	}
	if t, ok := k.clk.next(s, total, 0.3); ok {
		s.at(t, k)
	}
	return dsNone
}

// fileAccess is an SMB session to a file server: the flow, the network
// logon and, when the session ends, the logoff.
func (s *Source) fileAccess(t int64, p *person, pl *dayPlan) {
	fs := s.w.Org.FileServers[s.r.IntN(len(s.w.Org.FileServers))]
	dur := minutes(0.5 + 20*s.r.Float64())
	c := s.tcp(pl.ip, fs.IP, 445)
	sc := s.script()
	sc.add(t, dsFlow, s.estFlow(c, "smb", dur, s.session(4+s.r.IntN(30), 300, 8000), ""))
	on := s.win(telemetry.WinLogon, fs, p.u.Name, telemetry.LogonNetwork)
	on.SrcIP, on.SrcHost, on.LogonID = pl.ip, p.ws.Name, s.r.Uint64()>>20
	sc.add(t+ms(20+s.r.Int64N(60)), dsWindows, on)
	off := *on
	off.Code = telemetry.WinLogoff
	sc.add(t+dur, dsWindows, &off)
	sc.play(s)
}

// rdp is an admin's remote desktop session to a Windows server.
func (s *Source) rdp(t int64, p *person, pl *dayPlan) {
	srv := s.w.winSrv[s.r.IntN(len(s.w.winSrv))]
	dur := minutes(3 + 60*s.r.Float64())
	sc := s.script()
	if s.r.Float64() < 0.3 {
		ex := s.win(telemetry.WinExplicitCreds, p.ws, p.u.Name, 0)
		ex.TargetUser, ex.Server = p.u.Name, srv.Name
		sc.add(t-sec(2), dsWindows, ex)
	}
	c := s.tcp(pl.ip, srv.IP, 3389)
	sc.add(t, dsFlow, s.estFlow(c, "rdp", dur, s.session(40+s.r.IntN(200), 200, 3000), ""))
	id := s.r.Uint64() >> 20
	on := s.win(telemetry.WinLogon, srv, p.u.Name, telemetry.LogonRemoteInteractive)
	on.SrcIP, on.SrcHost, on.LogonID = pl.ip, p.ws.Name, id
	lt := t + sec(1+2*s.r.Float64())
	sc.add(lt, dsWindows, on)
	sp := s.win(telemetry.WinSpecialPrivs, srv, p.u.Name, 0)
	sp.LogonID = id
	sc.add(lt, dsWindows, sp)
	off := *on
	off.Code = telemetry.WinLogoff
	sc.add(t+dur, dsWindows, &off)
	sc.play(s)
}
