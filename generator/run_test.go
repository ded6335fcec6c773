package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/pcap"
	"github.com/soclab/soclab/generator/scenario"
	"github.com/soclab/soclab/generator/truth"
)

// small is a quick configuration: a small organisation, a working morning.
func small(seed int64, ids ...string) Config {
	// 12:00-16:00 UTC misses every headquarters' nightly backup and scan,
	// which would make the capture large.
	cfg := Config{Seed: seed, Users: 40, From: DefaultFrom.Add(12 * time.Hour), Duration: 4 * time.Hour}
	for _, id := range ids {
		cfg.Scenarios = append(cfg.Scenarios, ScenarioSpec{ID: id})
	}
	return cfg
}

// generate runs cfg into NDJSON bytes and the SHA-256 of its pcap.
func generate(t testing.TB, cfg Config) (ndjson, capture []byte, tr *truth.Truth, pw *pcap.Writer) {
	t.Helper()
	var nb bytes.Buffer
	pb := sha256.New()
	w := event.NewWriter(&nb)
	pw, err := pcap.NewWriter(pb)
	if err != nil {
		t.Fatal(err)
	}
	sink := event.Tee{w, pw}
	tr, err = Run(context.Background(), cfg, sink, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	return nb.Bytes(), pb.Sum(nil), tr, pw
}

func allIDs() []string {
	var ids []string
	for _, in := range scenario.Catalogue() {
		ids = append(ids, in.ID)
	}
	return ids
}

func TestRunIsDeterministic(t *testing.T) {
	cfg := small(7, "ssh-bruteforce", "authorized-scanner")
	a, pa, ta, _ := generate(t, cfg)
	b, pb, tb, _ := generate(t, cfg)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different events")
	}
	if !bytes.Equal(pa, pb) {
		t.Fatal("same seed gave different pcap bytes")
	}
	var ja, jb bytes.Buffer
	ta.Write(&ja)
	tb.Write(&jb)
	if !bytes.Equal(ja.Bytes(), jb.Bytes()) || len(ta.Scenarios) != 2 || ta.Scenarios[0].ID != "ssh-bruteforce" {
		t.Fatalf("truth differs or is wrong:\n%s", ja.String())
	}
	c, _, _, _ := generate(t, small(8, "ssh-bruteforce", "authorized-scanner"))
	if users(a) == users(c) {
		t.Fatal("another seed gave the same accounts")
	}
}

// users returns the sorted set of user.name values, as one string.
func users(ndjson []byte) string {
	re := regexp.MustCompile(`"user":\{[^}]*"name":"([^"]+)"`)
	seen := map[string]bool{}
	for _, m := range re.FindAllSubmatch(ndjson, -1) {
		seen[string(m[1])] = true
	}
	var out []string
	for u := range seen {
		out = append(out, u)
	}
	return strings.Join(sortStrings(out), ",")
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// TestEventsAreECSAndCarryNoTruth generates the benign baseline with every
// scenario and decoy of the catalogue and checks every field against the
// ECS reference, the network records against the pcap contract, the time
// order and uniqueness of ids, and that no event names its scenario.
func TestEventsAreECSAndCarryNoTruth(t *testing.T) {
	cfg := Config{Seed: 11, Users: 60}
	for _, id := range allIDs() {
		cfg.Scenarios = append(cfg.Scenarios, ScenarioSpec{ID: id})
	}
	words := append([]string{"malicious", "attack", "decoy", "scenario", "truth"}, allIDs()...)
	v := &validator{t: t, check: newECSChecker(t), words: words, ids: map[string]bool{}}
	pw, err := pcap.NewWriter(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Run(context.Background(), cfg, event.Tee{v, pw}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pw.Close()
	if len(tr.Scenarios) != len(cfg.Scenarios) {
		t.Fatalf("truth has %d scenarios, want %d", len(tr.Scenarios), len(cfg.Scenarios))
	}
	for _, p := range v.check.problems() {
		t.Error(p)
	}
	st := pw.Stats()
	if st.Mismatched != 0 || st.Unmatched != 0 || st.Flows == 0 || st.HTTP == 0 || st.DNS == 0 {
		t.Errorf("pcap writer: %+v", st)
	}
	for _, s := range tr.Scenarios {
		for _, id := range s.Events {
			if !v.ids[id] {
				t.Fatalf("scenario %s: event %s is not in the stream", s.ID, id)
			}
		}
	}
}

// validator is a Sink that checks every event as it goes by.
type validator struct {
	t     *testing.T
	check *ecsChecker
	words []string
	ids   map[string]bool
	last  time.Time
	n     int
	buf   []byte
	enc   event.Encoder
}

func (v *validator) Write(e *event.Event) error {
	v.n++
	v.check.check(e)
	if e.Time().Before(v.last) {
		v.t.Fatalf("event %d goes back in time: %s after %s", v.n, e.Time(), v.last)
	}
	v.last = e.Time()
	if id := e.ID(); v.ids[id] {
		v.t.Fatalf("event %d: id %s repeated", v.n, id)
	} else {
		v.ids[id] = true
	}
	c := e.Clone()
	c.Delete("network.community_id") // base64 noise can spell anything
	v.buf = v.enc.AppendJSON(v.buf[:0], c)
	low := bytes.ToLower(v.buf)
	for _, w := range v.words {
		if bytes.Contains(low, []byte(w)) {
			v.t.Fatalf("an event says %q: %s", w, v.buf)
		}
	}
	return nil
}

func (v *validator) Close() error { return nil }

// counter is a Sink that counts events per hour of the window.
type counter struct {
	from  time.Time
	hours []int
	n     int
}

func (c *counter) Write(e *event.Event) error {
	h := int(e.Time().Sub(c.from) / time.Hour)
	if h >= 0 && h < len(c.hours) {
		c.hours[h]++
	}
	c.n++
	return nil
}
func (c *counter) Close() error { return nil }

func countRun(t testing.TB, from time.Time) *counter {
	c := &counter{from: from, hours: make([]int, 24)}
	if _, err := Run(context.Background(), Config{Seed: 3, From: from}, c, Options{}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRhythmAndVolume(t *testing.T) {
	if testing.Short() {
		t.Skip("generates two full days")
	}
	mon := countRun(t, DefaultFrom)
	if mon.n < 300_000 || mon.n > 3_000_000 {
		t.Fatalf("a default weekday has %d events, want 300k-3M", mon.n)
	}
	// The organisation spans time zones, and which ones depends on the
	// seed; compare its busiest four consecutive UTC hours with its
	// quietest four.
	day, night := 0, int(^uint(0)>>1)
	for h := range 24 {
		n := 0
		for i := range 4 {
			n += mon.hours[(h+i)%24]
		}
		day, night = max(day, n), min(night, n)
	}
	if day < 2*night {
		t.Errorf("day hours have %d events, night hours %d: want a working-day rhythm (%v)", day, night, mon.hours)
	}
	sat := countRun(t, DefaultFrom.Add(5*24*time.Hour))
	if sat.n*2 > mon.n {
		t.Errorf("Saturday has %d events, Monday %d: weekends should be quieter", sat.n, mon.n)
	}
}

// failing is a Sink whose disk fills up after some events.
type failing struct{ left int }

var errDiskFull = errors.New("no space left on device")

func (f *failing) Write(*event.Event) error {
	if f.left--; f.left < 0 {
		return errDiskFull
	}
	return nil
}
func (f *failing) Close() error { return nil }

func TestRunStopsOnAFailingSink(t *testing.T) {
	_, err := Run(context.Background(), small(1), &failing{left: 1000}, Options{})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("got %v, want the sink's error", err)
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"negative duration": {Config{Duration: -time.Hour}, "duration -1h0m0s"},
		"too few users":     {Config{Users: 3}, "users 3"},
		"unknown scenario":  {Config{Scenarios: []ScenarioSpec{{ID: "ssh-brutforce"}}}, `unknown scenario "ssh-brutforce" (did you mean "ssh-bruteforce"?)`},
		"unknown dataset":   {Config{Rates: map[string]float64{"soclab.dnss": 1}}, `unknown dataset "soclab.dnss" (did you mean "zeek.dns"?)`},
		"negative rate":     {Config{Rates: map[string]float64{"zeek.dns": -1}}, "zeek.dns=-1"},
	} {
		_, err := Run(context.Background(), tc.cfg, &failing{}, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}

func TestRunHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, small(1), &failing{left: 1 << 30}, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

func TestRatesScaleAndSilence(t *testing.T) {
	base := small(5)
	_, sumBase, err := RunSummary(context.Background(), base, &failing{left: 1 << 30}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := base
	cfg.Rates = map[string]float64{"zeek.dns": 0, "soclab.firewall": 2}
	_, sum, err := RunSummary(context.Background(), cfg, &failing{left: 1 << 30}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ByDataset["zeek.dns"] != 0 {
		t.Errorf("dns at rate 0 still has %d events", sum.ByDataset["zeek.dns"])
	}
	fw, fwBase := sum.ByDataset["soclab.firewall"], sumBase.ByDataset["soclab.firewall"]
	if fw < fwBase*17/10 || fw > fwBase*23/10 {
		t.Errorf("firewall at rate 2: %d events, %d at rate 1", fw, fwBase)
	}
}
