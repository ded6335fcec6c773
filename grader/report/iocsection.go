package report

import (
	"regexp"
	"strings"
)

var (
	typeColRE  = regexp.MustCompile(`(?i)^(type|kind|indicator type|ioc type|category)$`)
	valueColRE = regexp.MustCompile(`(?i)^(value|indicator|ioc|observable|artifact|artefact|entity)$`)
	userTypeRE = regexp.MustCompile(`(?i)^(user|username|user name|account|user account|login)s?$`)
	hostTypeRE = regexp.MustCompile(`(?i)^(host|hostname|host name|computer|machine|workstation|server|endpoint)s?$`)
)

// Indicators returns the indicators listed in the Indicators of
// Compromise section: everything Extract finds there, plus the values of
// table rows typed as a user or a host. ATT&CK ids are not indicators and
// are left out.
func (r *Report) Indicators() []Indicator {
	s := r.Sections[IOCs]
	if s == nil {
		return nil
	}
	var out []Indicator
	seen := map[string]bool{}
	add := func(in Indicator) {
		if in.Type == TypeTechnique || in.Value == "" || seen[in.Value] {
			return
		}
		seen[in.Value] = true
		out = append(out, in)
	}
	for _, l := range s.Lines {
		if l.Cells == nil && l.Header != nil {
			continue
		}
		if typ, val, ok := typedCell(l); ok {
			add(Indicator{Type: typ, Value: NormalizeValue(val), Line: l.N})
		}
		for _, in := range Extract(l.Text, l.N) {
			add(in)
		}
	}
	return out
}

// typedCell returns a table row's value when its type column says user or
// host (which have no recognisable shape).
func typedCell(l Line) (typ, val string, ok bool) {
	if len(l.Cells) < 2 {
		return "", "", false
	}
	tc, vc := -1, -1
	for i, h := range l.Header {
		h = strings.TrimSpace(h)
		switch {
		case tc < 0 && typeColRE.MatchString(h):
			tc = i
		case vc < 0 && valueColRE.MatchString(h):
			vc = i
		}
	}
	if tc < 0 {
		tc = 0
	}
	if vc < 0 {
		vc = tc + 1
	}
	if tc >= len(l.Cells) || vc >= len(l.Cells) {
		return "", "", false
	}
	t := strings.TrimSpace(l.Cells[tc])
	switch {
	case userTypeRE.MatchString(t):
		typ = TypeUser
	case hostTypeRE.MatchString(t):
		typ = TypeHost
	default:
		return "", "", false
	}
	v := strings.Trim(strings.TrimSpace(l.Cells[vc]), "`'\"")
	if v == "" || strings.ContainsAny(v, " \t") {
		return "", "", false
	}
	return typ, v, true
}
