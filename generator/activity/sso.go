package activity

import (
	"net/netip"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// Single sign-on (soclab.sso): people sign in to SaaS applications when
// they start and now and then during the day, mostly approving an MFA push,
// sometimes remembered (no MFA), now and then mistyping their password or
// denying a stale push and trying again. In the office and on the VPN the
// sign-in comes from the organisation's egress address; travellers' laptops
// often sign in directly from where they are.
const ssoPerHour = 0.7

// NewSSO returns the source of SaaS sign-ins.
func NewSSO(w *World) *Source {
	s := newSource(w, "sso", dsSSO)
	for _, p := range w.people {
		a := &ssoUser{}
		a.clk.start(s, p)
		if t, ok := a.clk.next(s, ssoPerHour, 0.5); ok {
			s.at(t, a)
		}
	}
	return s
}

type ssoUser struct {
	clk workClock
}

func (a *ssoUser) fire(s *Source, now int64, _ *event.Event) int {
	p, pl := a.clk.p, &a.clk.pl
	ip := p.egress
	if pl.mode == modeTravel && s.r.Float64() < 0.5 {
		ip = pl.pub
	}
	s.signIn(p, ip, s.w.Org.SaaSApps[s.r.IntN(len(s.w.Org.SaaSApps))], now)
	if t, ok := a.clk.next(s, ssoPerHour, 0.5); ok {
		s.at(t, a)
	}
	return dsNone
}

func (s *Source) signIn(p *person, ip netip.Addr, app string, t int64) {
	sc := s.script()
	base := telemetry.SSO{IdP: s.w.Org.IdP, User: p.u.Name, Email: p.u.Email, App: app, SrcIP: ip, SrcGeo: s.geoOf(ip), UserAgent: p.ua}
	switch x := s.r.Float64(); {
	case x < 0.025:
		bad := base
		bad.Reason, bad.MFAMethod, bad.MFAResult = "invalid password", "none", "not_attempted"
		sc.add(t, dsSSO, &bad)
		t += sec(10 + 40*s.r.Float64())
	case x < 0.035:
		bad := base
		bad.Reason, bad.MFAMethod, bad.MFAResult = "MFA denied by user", "push", "denied"
		sc.add(t, dsSSO, &bad)
		t += sec(20 + 60*s.r.Float64())
	}
	ok := base
	ok.Success = true
	switch x := s.r.Float64(); {
	case x < 0.12:
		ok.MFAMethod, ok.MFAResult = "none", "not_required"
	case x < 0.22:
		ok.MFAMethod, ok.MFAResult = "totp", "success"
	default:
		ok.MFAMethod, ok.MFAResult = "push", "success"
	}
	sc.add(t, dsSSO, &ok)
	sc.play(s)
}
