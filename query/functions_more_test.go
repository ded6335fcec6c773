package query

import (
	"math"
	"testing"
	"time"
)

func TestRoundFloat(t *testing.T) {
	for _, c := range []struct {
		f    float64
		d    int64
		want float64
	}{
		{2.675, 2, 2.68}, {2.5, 0, 3}, {-2.5, 0, -3}, {0.125, 2, 0.13}, {9.999, 2, 10},
		{-0.4, 0, 0}, {1e-320, 2, 0}, {123.456, 5, 123.456}, {1255, -1, 1260}, {-15, -1, -10},
		{-1.5, -2, 0}, {99.5, 0, 100},
	} {
		if got := roundFloat(c.f, c.d); got != c.want || math.Signbit(got) != math.Signbit(c.want) {
			t.Errorf("roundFloat(%v, %d) = %v, want %v", c.f, c.d, got, c.want)
		}
	}
	for _, c := range [][3]int64{{1250, -1, 1250}, {1255, -1, 1260}, {-1255, -1, -1260}, {-1251, -1, -1250}, {7, 3, 7}, {5, -1, 10}} {
		if got := roundInt(c[0], c[1]); got != c[2] {
			t.Errorf("roundInt(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
}

// FuzzDateFormat: any pattern either is refused or formats without
// panicking, and a pattern of only quoted text formats to that text.
func FuzzDateFormat(f *testing.F) {
	for _, s := range []string{defaultDateFormat, "yyyy-MM-dd", "EEE d MMM yy h:mm a", "''", "'unterminated", "SSSSSSSSSSSS", "QQ"} {
		f.Add(s)
	}
	at := time.Date(2026, 3, 2, 9, 5, 7, 123456789, time.UTC)
	f.Fuzz(func(t *testing.T, p string) {
		if len(p) > 200 {
			return
		}
		toks, err := parseDateFormat(p)
		if err != nil {
			return
		}
		_ = formatDate(at, toks)
	})
}

func FuzzRound(f *testing.F) {
	f.Add(2.675, int64(2))
	f.Add(-1e300, int64(-5))
	f.Add(math.Inf(1), int64(0))
	f.Fuzz(func(t *testing.T, x float64, d int64) {
		if d < -400 || d > 400 {
			return
		}
		r := roundFloat(x, d)
		if !math.IsNaN(x) && !math.IsInf(x, 0) && d >= 0 && math.Abs(r-x) > math.Pow(10, -float64(d))/2*1.0000001+1e-300*math.Abs(x) && math.Abs(r-x) > 1e-9*math.Abs(x) {
			t.Errorf("roundFloat(%v, %d) = %v: further than half a unit", x, d, r)
		}
	})
}

// FuzzDissect: any pattern is refused or matches any input without
// panicking, and a match sets only the pattern's keys.
func FuzzDissect(f *testing.F) {
	f.Add("%{a} %{b}", "x y")
	f.Add("%{+a/2} %{?b} %{+a/1}->", "1 2 3")
	f.Add("[%{ts}] %{msg->} end", "[t] m   end")
	f.Fuzz(func(t *testing.T, p, s string) {
		if len(p) > 200 || len(s) > 1000 {
			return
		}
		d, err := parseDissect(p)
		if err != nil {
			return
		}
		m, ok := d.match(s, ",")
		if !ok {
			return
		}
		names := map[string]bool{}
		for _, n := range d.names() {
			names[n] = true
		}
		for k := range m {
			if !names[k] {
				t.Errorf("pattern %q set key %q it does not name", p, k)
			}
		}
	})
}
