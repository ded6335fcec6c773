package activity

import (
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/generator/org"
)

// mode is where a person works from on a given day.
type mode uint8

const (
	modeOff    mode = iota // not working
	modeOffice             // at their workstation in the office
	modeRemote             // from home, over the VPN
	modeTravel             // abroad, over the VPN
)

// dayPlan is one person's working day: when they arrive, lunch and leave
// (in the zone they are in that day) and where they connect from. Plans are
// a pure function of the seed, the person and the date, so every source
// that needs them agrees without sharing state.
type dayPlan struct {
	date     time.Time // local midnight of the day, in the person's home zone
	mode     mode
	country  *org.Country
	arrive   int64
	lunchOut int64
	lunchIn  int64
	leave    int64
	pub      netip.Addr // public address when remote or travelling
	ip       netip.Addr // the address their traffic has inside the network
}

// atLunch reports whether t is in the lunch break.
func (d *dayPlan) atLunch(t int64) bool { return t >= d.lunchOut && t < d.lunchIn }

// remote reports whether the person is on the VPN that day.
func (d *dayPlan) remote() bool { return d.mode == modeRemote || d.mode == modeTravel }

// firstDay returns local midnight (home zone) of the day before the window
// starts, where every person's day iteration begins, so that a working day
// already under way when the window opens is picked up.
func (w *World) firstDay(p *person) time.Time {
	t := time.Unix(0, w.from).In(p.u.TZ)
	return time.Date(t.Year(), t.Month(), t.Day()-1, 0, 0, 0, 0, p.u.TZ)
}

// nextDay returns the local midnight after day.
func nextDay(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, day.Location())
}

// plan returns p's plan for the day starting at local midnight day.
func (w *World) plan(p *person, day time.Time) dayPlan {
	y, m, d := day.Date()
	ord := uint64(y)*400 + uint64(m)*32 + uint64(d)
	r := rand.New(rand.NewPCG(w.planKey, uint64(p.idx)<<32^ord))
	pl := dayPlan{date: day, country: p.u.Home, ip: p.ws.IP}
	weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
	loc := p.u.TZ
	var start, hours float64 // local hour of arrival, hours worked
	switch {
	case weekend:
		chance := 0.04
		if p.u.Role == org.RoleAdmin {
			chance = 0.12
		}
		if r.Float64() >= chance {
			return pl
		}
		start, hours = 9+r.Float64()*10, 0.5+r.Float64()*2.5
		pl.mode = modeOffice
		if r.Float64() < 0.8 {
			pl.mode = modeRemote
		}
	case r.Float64() < 0.06: // leave, sick day
		return pl
	default:
		start = clamp(8.75+r.NormFloat64()*0.7, 6.5, 11)
		hours = clamp(8.6+r.NormFloat64()*0.6, 6, 11)
		pl.mode = modeOffice
		wfh := 0.05
		if p.u.Remote {
			wfh = 0.45
		}
		if r.Float64() < wfh {
			pl.mode = modeRemote
		}
		if p.u.Traveller {
			if c, ip, abroad := w.trip(p, day); abroad {
				pl.mode, pl.country, pl.pub = modeTravel, c, ip
				loc = w.zone(c)
			}
		}
	}
	if pl.mode == modeRemote {
		pl.pub = p.home
	}
	if pl.remote() {
		pl.ip = p.vpnIP
	}
	local := time.Date(y, m, d, 0, 0, 0, 0, loc).UnixNano()
	pl.arrive = local + int64(start*float64(time.Hour))
	pl.leave = pl.arrive + int64(hours*float64(time.Hour))
	lunch := local + int64((12+r.Float64()*1.5)*float64(time.Hour))
	pl.lunchOut, pl.lunchIn = lunch, lunch+minutes(25+r.Float64()*45)
	if weekend || pl.lunchOut < pl.arrive || pl.lunchIn > pl.leave {
		pl.lunchOut, pl.lunchIn = 0, 0
	}
	return pl
}

// trip says whether a traveller is abroad that day, and where: one
// destination and hotel address per ISO week, abroad on about a third of
// its work days.
func (w *World) trip(p *person, day time.Time) (*org.Country, netip.Addr, bool) {
	yr, wk := day.ISOWeek()
	r := rand.New(rand.NewPCG(w.tripKey, uint64(p.idx)<<32^uint64(yr*64+wk)))
	c := org.Countries[r.IntN(14)]
	for c.ISO == p.u.Home.ISO {
		c = org.Countries[r.IntN(14)]
	}
	ip := org.RandomInternetIPIn(r, c.ISO)
	if r.Float64() >= 0.5 { // not travelling this week
		return nil, netip.Addr{}, false
	}
	dr := rand.New(rand.NewPCG(w.tripDayKey, uint64(p.idx)<<32^uint64(day.YearDay())))
	return c, ip, dr.Float64() < 0.6
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }
