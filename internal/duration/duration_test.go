package duration

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"90s", 90 * time.Second},
		{"5m", 5 * time.Minute},
		{"2h30m", 2*time.Hour + 30*time.Minute},
		{"3d", 3 * Day},
		{"1d12h", 36 * time.Hour},
		{"1.5d", 36 * time.Hour},
		{" 6h ", 6 * time.Hour},
		{"+14h", 14 * time.Hour},
		{"-1h", -time.Hour},
		{"0", 0},
		{"0d", 0},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "d", "3", "abc", "3x", "d3h", "1d-2h", "1d+2h", "-d", "1e3d", "Infd", "NaNd", "1_0d", "99999999999d", "2d2d", "1h2d", "0x1p2d", ".d"} {
		_, err := Parse(in)
		var de *Error
		if !errors.As(err, &de) || de.Input != in {
			t.Errorf("Parse(%q) = %v, want a *duration.Error", in, err)
		}
	}
}

// FuzzParse checks that Parse never panics and that what it accepts is
// consistent: a duration with days reads as its days plus the rest.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"90s", "3d", "1d12h", "1.5d", "-1h", "+14h", "", "d", "1d-2h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if d != 0 {
				t.Fatalf("Parse(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if again, err := Parse(d.String()); err != nil || again != d {
			t.Fatalf("Parse(%q) = %v, but Parse(%q) = %v, %v", s, d, d.String(), again, err)
		}
	})
}
