// Package duration owns the one way soclab reads a length of time that a
// person typed, in a lab file (window, jitter, offsets), a scenario
// parameter or a command's flag (generate --duration): Go's duration
// syntax ("90s", "5m", "2h30m") with days in front ("3d", "1d12h",
// "1.5d"), since lab windows and replays are counted in days. Sigma
// timespans ("5m", "1w") are a format of their own, read by
// detectors/sigma.
package duration

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day is the length of the "d" unit: 24 hours, with no calendar (no
// daylight saving).
const Day = 24 * time.Hour

// Error is a string that is not a duration.
type Error struct{ Input string }

func (e *Error) Error() string {
	return fmt.Sprintf("bad duration %q: want e.g. 90s, 5m, 2h30m, 3d or 1d12h", e.Input)
}

// Parse reads s, spaces around it ignored: an optional number of days
// ("3d", "1.5d") followed by a Go duration ("90m", "1h30m"), at least one
// of the two. A sign applies to the whole duration. Callers check the
// range they accept.
func Parse(s string) (time.Duration, error) {
	in := s
	s = strings.TrimSpace(s)
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	} else {
		s = strings.TrimPrefix(s, "+")
	}
	var d time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil || !decimal(s[:i]) || n*float64(Day) > float64(1<<62) {
			return 0, &Error{Input: in}
		}
		d, s = time.Duration(n*float64(Day)), s[i+1:]
		if s == "" {
			return sign(neg, d), nil
		}
	}
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, &Error{Input: in}
	}
	v, err := time.ParseDuration(s)
	if err != nil || v > time.Duration(1<<62)-d {
		return 0, &Error{Input: in}
	}
	return sign(neg, d+v), nil
}

func sign(neg bool, d time.Duration) time.Duration {
	if neg {
		return -d
	}
	return d
}

// decimal tells whether s is digits with at most one decimal point.
func decimal(s string) bool {
	digits, points := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}
