package activity

import (
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/telemetry"
)

// Machines and service accounts (system.security), around the clock: every
// workstation's computer account refreshes group policy at a domain
// controller, applications bind to LDAP, the monitoring account polls every
// Windows server, the web application logs in to the database, scheduled
// tasks run as batch logons and services start with service logons.

// job is a recurring logon of an account on a host.
type job struct {
	user      string
	host      *org.Host
	from      *org.Host // the remote client of a network logon, if any
	logonType int
	privs     bool          // 4672 follows the logon
	hold      time.Duration // how long the logon session lasts
	tm        timer
}

// NewServices returns the source of machine and service-account logons.
func NewServices(w *World) *Source {
	s := newSource(w, "services", dsWindows)
	o := w.Org
	add := func(j *job) { s.at(j.tm.first(s), j) }
	for _, p := range w.people {
		acct := strings.ToUpper(p.ws.Name) + "$"
		add(&job{user: acct, host: o.DCs[p.idx%len(o.DCs)], from: p.ws, logonType: telemetry.LogonNetwork, hold: time.Second, tm: timer{period: 90 * time.Minute, jitter: 0.33}})
	}
	for _, dc := range o.DCs {
		add(&job{user: "svc-ldap", host: dc, from: o.Web, logonType: telemetry.LogonNetwork, hold: 2 * time.Second, tm: timer{period: 2 * time.Minute, jitter: 0.3}})
	}
	mon := o.Bastion
	if len(o.Linux) > 0 {
		mon = o.Linux[0]
	}
	for _, h := range w.winSrv {
		add(&job{user: "svc-monitor", host: h, from: mon, logonType: telemetry.LogonNetwork, hold: 3 * time.Second, tm: timer{period: 5 * time.Minute, jitter: 0.1}})
	}
	for _, h := range w.winSrv {
		switch {
		case h.Role == org.HostDB:
			add(&job{user: "svc-web", host: h, from: o.Web, logonType: telemetry.LogonNetwork, hold: 30 * time.Second, tm: timer{period: 10 * time.Minute, jitter: 0.5}})
			add(&job{user: "svc-sql", host: h, logonType: telemetry.LogonService, privs: true, hold: 0, tm: timer{period: 24 * time.Hour, jitter: 0.2}})
		case h.Role == org.HostFile:
			add(&job{user: "svc-backup", host: h, logonType: telemetry.LogonBatch, privs: true, hold: 40 * time.Minute, tm: timer{period: 24 * time.Hour, jitter: 0.05}})
			add(&job{user: "svc-print", host: h, logonType: telemetry.LogonService, hold: 0, tm: timer{period: 12 * time.Hour, jitter: 0.3}})
		default:
			add(&job{user: "svc-deploy", host: h, logonType: telemetry.LogonBatch, privs: true, hold: 5 * time.Minute, tm: timer{period: time.Hour, jitter: 0.4}})
		}
	}
	return s
}

func (j *job) fire(s *Source, now int64, _ *event.Event) int {
	sc := s.script()
	id := s.r.Uint64() >> 20
	on := s.win(telemetry.WinLogon, j.host, j.user, j.logonType)
	on.LogonID = id
	if j.from != nil {
		on.SrcIP, on.SrcHost = j.from.IP, j.from.Name
	}
	sc.add(now, dsWindows, on)
	if j.privs {
		sp := s.win(telemetry.WinSpecialPrivs, j.host, j.user, 0)
		sp.LogonID = id
		sc.add(now, dsWindows, sp)
	}
	if j.hold > 0 {
		off := *on
		off.Code = telemetry.WinLogoff
		sc.add(now+int64(float64(j.hold)*(0.5+s.r.Float64())), dsWindows, &off)
	}
	sc.play(s)
	s.at(j.tm.next(s), j)
	return dsNone
}
