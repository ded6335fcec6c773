package report

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Entry is one row of the timeline: a time and what happened.
type Entry struct {
	At time.Time // UTC
	// Precision is the unit of the time as written: a row "14:03" covers
	// the minute [14:03:00, 14:04:00).
	Precision time.Duration
	Dated     bool // the row gave a date (else the lab window's date is used)
	Text      string
	Line      int
}

const (
	clockPart = `(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([ap])\.?m\.?)?`
	zonePart  = `(?:\s*(Z|(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d{2})?|UTC|GMT))?`
	monthPart = `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`
)

var (
	isoTimeRE  = regexp.MustCompile(`(?i)\b(\d{4})[-/](\d{2})[-/](\d{2})(?:T|\s+|\s*,\s*)` + clockPart + zonePart)
	dmyTimeRE  = regexp.MustCompile(`(?i)\b(\d{1,2})\s+` + monthPart + `,?\s+(\d{4}),?\s+(?:at\s+)?` + clockPart + zonePart)
	mdyTimeRE  = regexp.MustCompile(`(?i)\b` + monthPart + `\s+(\d{1,2}),?\s+(\d{4}),?\s+(?:at\s+)?` + clockPart + zonePart)
	clockRE    = regexp.MustCompile(`(?i)(?:^|[^\d:.])` + clockPart + zonePart)
	monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// Timeline returns the rows of the Timeline section that carry a time, in
// the order written.
func (r *Report) Timeline() []Entry {
	r.memo.timeline.Do(func() { r.memo.timelineV = r.timeline() })
	return r.memo.timelineV
}

func (r *Report) timeline() []Entry {
	s := r.Sections[Timeline]
	if s == nil {
		return nil
	}
	var out []Entry
	for _, l := range s.Lines {
		if l.Cells == nil && l.Header != nil {
			continue
		}
		if e, ok := ParseTime(l.Text, r.options.From, r.options.To); ok {
			e.Line = l.N
			out = append(out, e)
		}
	}
	return out
}

// ParseTime finds the first time in a line: RFC 3339, "2026-03-02 14:03",
// "2 Mar 2026 14:03", "Mar 2, 2026 2:03 pm", "14:03:11 UTC", with an offset
// or a zone name; UTC unless an offset is given. A time without a date takes
// the date within the window [from, to] (the first day of the window when
// none fits). Text is the line without the time.
func ParseTime(line string, from, to time.Time) (Entry, bool) {
	best, bestAt := Entry{}, -1
	try := func(re *regexp.Regexp, f func(m []string) (Entry, bool)) {
		loc := re.FindStringSubmatchIndex(line)
		if loc == nil || bestAt >= 0 && loc[0] >= bestAt {
			return
		}
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = line[loc[2*i]:loc[2*i+1]]
			}
		}
		if e, ok := f(m); ok {
			e.Text = strings.TrimSpace(strings.Trim(line[:loc[0]]+" "+line[loc[1]:], " |-–—:"))
			best, bestAt = e, loc[0]
		}
	}
	try(isoTimeRE, func(m []string) (Entry, bool) { return dated(m[1], m[2], m[3], m[4:]) })
	try(dmyTimeRE, func(m []string) (Entry, bool) { return dated(m[3], month(m[2]), m[1], m[4:]) })
	try(mdyTimeRE, func(m []string) (Entry, bool) { return dated(m[3], month(m[1]), m[2], m[4:]) })
	if bestAt < 0 {
		try(clockRE, func(m []string) (Entry, bool) { return undated(m[1:], from, to) })
	}
	return best, bestAt >= 0
}

func month(name string) string {
	name = strings.ToLower(name)[:3]
	for i, m := range monthNames {
		if m == name {
			return strconv.Itoa(i + 1)
		}
	}
	return "0"
}

// clock holds the parts of clockPart+zonePart: hour, minute, second,
// fraction, am/pm, zone.
func clock(c []string) (d, prec time.Duration, loc *time.Location, ok bool) {
	h, _ := strconv.Atoi(c[0])
	mi, _ := strconv.Atoi(c[1])
	prec = time.Minute
	var sec, nanos int
	if c[2] != "" {
		sec, _ = strconv.Atoi(c[2])
		prec = time.Second
	}
	if c[3] != "" {
		frac := (c[3] + "000000000")[:9]
		nanos, _ = strconv.Atoi(frac)
		prec = time.Millisecond
	}
	switch strings.ToLower(c[4]) {
	case "p":
		if h < 12 {
			h += 12
		}
	case "a":
		if h == 12 {
			h = 0
		}
	}
	if h > 23 || mi > 59 || sec > 60 {
		return 0, 0, nil, false
	}
	loc, ok = zone(c[5])
	d = time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second + time.Duration(nanos)
	return d, prec, loc, ok
}

// zone reads "Z", "UTC", "+01:00", "UTC+1", "-0500"; empty is UTC.
func zone(z string) (*time.Location, bool) {
	z = strings.ToUpper(strings.ReplaceAll(z, " ", ""))
	z = strings.TrimPrefix(strings.TrimPrefix(z, "UTC"), "GMT")
	if z == "" || z == "Z" {
		return time.UTC, true
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	var h, m int
	if hh, mm, found := strings.Cut(z[1:], ":"); found {
		h, _ = strconv.Atoi(hh)
		m, _ = strconv.Atoi(mm)
	} else if d := z[1:]; len(d) > 2 {
		h, _ = strconv.Atoi(d[:len(d)-2])
		m, _ = strconv.Atoi(d[len(d)-2:])
	} else {
		h, _ = strconv.Atoi(d)
	}
	if h > 14 || m > 59 {
		return nil, false
	}
	return time.FixedZone(z, sign*(h*3600+m*60)), true
}

func dated(y, mo, d string, c []string) (Entry, bool) {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(mo)
	dd, _ := strconv.Atoi(d)
	if mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return Entry{}, false
	}
	off, prec, loc, ok := clock(c)
	if !ok {
		return Entry{}, false
	}
	at := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, loc).Add(off)
	return Entry{At: at.UTC(), Precision: prec, Dated: true}, true
}

func undated(c []string, from, to time.Time) (Entry, bool) {
	off, prec, loc, ok := clock(c)
	if !ok {
		return Entry{}, false
	}
	from, to = from.UTC(), to.UTC()
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	first := day.Add(off)
	for d := day; !d.After(to.Add(24 * time.Hour)); d = d.AddDate(0, 0, 1) {
		if at := d.Add(off); !at.Before(from) && !at.After(to) {
			return Entry{At: at.UTC(), Precision: prec}, true
		}
		if to.Sub(from) > 40*24*time.Hour {
			break
		}
	}
	return Entry{At: first.UTC(), Precision: prec}, true
}
