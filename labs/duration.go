package labs

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/soclab/soclab/internal/duration"
)

// Duration is a time.Duration written in a lab as "90m", "6h" or "2d".
type Duration time.Duration

// D returns the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalYAML reads "1h30m" style durations, with "d" for 24 hours.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseDuration(n.Value)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// parseDuration reads a lab's durations (internal/duration: Go's syntax
// with days in front, "90m", "6h", "1d12h"), as every soclab input does.
func parseDuration(s string) (time.Duration, error) { return duration.Parse(s) }

// At is when a scenario starts: an absolute time ("2026-03-02T14:00:00Z")
// or an offset from the window's start ("+14h").
type At struct {
	Offset   time.Duration // used when Absolute is zero
	Absolute time.Time
}

// UnmarshalYAML reads "+14h" or an RFC 3339 time.
func (a *At) UnmarshalYAML(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		d, err := parseDuration(rest)
		if err != nil {
			return fmt.Errorf("bad offset %q: want +DURATION (e.g. +14h) or an RFC 3339 time", s)
		}
		a.Offset = d
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("bad time %q: want +DURATION (e.g. +14h) or an RFC 3339 time (2026-03-02T14:00:00Z)", s)
	}
	a.Absolute = t.UTC()
	return nil
}

// Resolve returns the time At names within a window starting at from.
func (a *At) Resolve(from time.Time) time.Time {
	if !a.Absolute.IsZero() {
		return a.Absolute
	}
	return from.Add(a.Offset)
}
