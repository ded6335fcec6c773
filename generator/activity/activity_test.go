package activity

import (
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/pcap"
)

var monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func world(t testing.TB, users int, days int) *World {
	t.Helper()
	w, err := NewWorld(Config{Org: org.New(5, users, 0), Seed: 5, From: monday, To: monday.Add(time.Duration(days) * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// drain runs every source to its end, checking each one's time order, and
// returns the events and the most work any moment had pending.
func drain(t testing.TB, w *World, each func(e *event.Event)) (n int, maxPending int) {
	srcs := Sources(w)
	var e event.Event
	for _, s := range srcs {
		var last time.Time
		for {
			at, ok := s.Peek()
			if !ok {
				break
			}
			if at.Before(last) {
				t.Fatalf("%s goes back in time: %s after %s", s.Name(), at, last)
			}
			last = at
			s.Emit(&e)
			if !e.Time().Equal(at) {
				t.Fatalf("%s: Peek said %s, event is at %s", s.Name(), at, e.Time())
			}
			if each != nil {
				each(&e)
			}
			n++
			maxPending = max(maxPending, len(s.h))
		}
	}
	return n, maxPending
}

func TestMemoryStaysFlat(t *testing.T) {
	n1, p1 := drain(t, world(t, 20, 1), nil)
	n7, p7 := drain(t, world(t, 20, 4), nil)
	if n7 < 3*n1 {
		t.Fatalf("four days have %d events, a day %d", n7, n1)
	}
	if p7 > p1*3/2 {
		t.Fatalf("pending work grew with the window: %d for a day, %d for four days", p1, p7)
	}
}

func TestFieldsComeSorted(t *testing.T) {
	_, _ = drain(t, world(t, 20, 1), func(e *event.Event) {
		if !sort.SliceIsSorted(e.Fields, func(i, j int) bool { return e.Fields[i].Key < e.Fields[j].Key }) {
			t.Fatalf("fields not in key order: %s", event.Marshal(e))
		}
	})
}

func TestPlansFollowTheWeek(t *testing.T) {
	w := world(t, 200, 1)
	var weekday, weekend, days int
	for _, p := range w.people {
		day := w.firstDay(p)
		for i := 0; i < 14; i++ {
			pl := w.plan(p, day)
			we := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
			if pl.mode != modeOff {
				if we {
					weekend++
				} else {
					weekday++
				}
				local := time.Unix(0, pl.arrive).In(p.u.TZ)
				if pl.mode != modeTravel && (local.Hour() < 6 || local.Hour() > 21) {
					t.Fatalf("%s arrives at %s", p.u.Name, local)
				}
				if pl.leave <= pl.arrive || pl.lunchOut != 0 && (pl.lunchOut < pl.arrive || pl.lunchIn > pl.leave) {
					t.Fatalf("%s: bad day %+v", p.u.Name, pl)
				}
			}
			if pl.mode == modeTravel && pl.pub == p.home {
				t.Fatalf("%s travels from home", p.u.Name)
			}
			day = nextDay(day)
			days++
		}
	}
	// Ten weekdays and four weekend days per person.
	if wd, we := float64(weekday)/10, float64(weekend)/4; wd < 0.85*float64(len(w.people)) || we > 0.15*float64(len(w.people)) {
		t.Fatalf("%.0f people work a weekday, %.0f a weekend day, of %d", wd, we, len(w.people))
	}
}

func TestTallyKeepsThePcapContract(t *testing.T) {
	var tl tcpTally
	sp, sb, dp, db := tl.counts()
	if sp < 4 || dp < 2 || sb != sp*40 || db != dp*40 {
		t.Fatalf("empty session: %d %d %d %d", sp, sb, dp, db)
	}
	tl.exchange(500, 100000)
	sp, sb, dp, db = tl.counts()
	if sb != sp*40+500 || db != dp*40+100000 || dp < 2+69 {
		t.Fatalf("one exchange: %d %d %d %d", sp, sb, dp, db)
	}
}

func TestRatesAreChecked(t *testing.T) {
	for _, bad := range []map[string]float64{{"soclab.nope": 1}, {"zeek.dns": -1}, {"zeek.dns": 1e9}} {
		if err := CheckRates(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	if err := CheckRates(map[string]float64{"zeek.dns": 0, "zeek.connection": 3}); err != nil {
		t.Fatal(err)
	}
	// Short names stand for their datasets; one dataset named twice, an
	// old name and a typo are refused with what to write instead.
	var w World
	if err := w.setRates(map[string]float64{"dns": 0.5, "auth": 2, "Windows": 0}); err != nil {
		t.Fatal(err)
	}
	if w.rates[5] != 0.5 || w.rates[0] != 2 || w.rates[1] != 0 || w.rates[4] != 1 {
		t.Errorf("rates %v", w.rates)
	}
	for bad, want := range map[string]string{
		"soclab.ssh": `rates: dataset "soclab.ssh" was renamed (did you mean "system.auth"?)`,
		"dsn":        `rates: unknown dataset "dsn" (did you mean "dns"?); the datasets are system.auth (ssh, auth)`,
		"soclab.flw": `(did you mean "zeek.connection"?)`,
	} {
		err := CheckRates(map[string]float64{bad: 1})
		if !errors.Is(err, ErrUnknownDataset) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %s", bad, err, want)
		}
	}
	if err := CheckRates(map[string]float64{"dns": 1, "zeek.dns": 2}); !errors.Is(err, ErrRate) {
		t.Errorf("one dataset twice: %v", err)
	}
}

func TestHTTPSizesMatchPcap(t *testing.T) {
	var s Source
	for _, method := range []string{"", "GET", "POST", "PROPFIND"} {
		for _, path := range []string{"", "/", "/a/b.js"} {
			for _, query := range []string{"", "q=x+y"} {
				for _, ua := range []string{"", "Mozilla/5.0 (X11)"} {
					for _, host := range []string{"", "www.example.com"} {
						want := int64(pcap.HTTPRequestLen(method, host, path, query, ua))
						if got := httpRequestMin(method, host, path, query, ua); got != want {
							t.Errorf("request %q %q %q %q %q: %d, pcap says %d", method, host, path, query, ua, got, want)
						}
					}
				}
			}
		}
	}
	for _, status := range []int{200, 304, 403, 404, 599} {
		for _, mime := range []string{"", "text/html"} {
			for range 2 { // computed, then remembered
				if got, want := s.httpResponseMin(status, mime), int64(pcap.HTTPResponseLen(status, mime)); got != want {
					t.Errorf("response %d %q: %d, pcap says %d", status, mime, got, want)
				}
			}
		}
	}
}
