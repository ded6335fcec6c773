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

// exclusionRE marks a line that names something to say it is not an
// indicator: "not an indicator", "benign", "excluded", "legitimate".
var exclusionRE = regexp.MustCompile(`(?i)\b(not\s+(an?\s+)?(iocs?|indicators?|malicious|related|part|suspicious|involved)|benign|exclude[ds]?|excluding|legitimate|false\s+positives?|whitelist(ed)?|allowlist(ed)?|known[\s-]+good|authori[sz]ed|expected|harmless|decoys?|ruled\s+out)\b`)

// labelLineRE is a line that lists one value under a label, a list in all
// but its markup: "Attacker IP: 203.0.113.7", "C2 domain - evil.example".
var labelLineRE = regexp.MustCompile(`^[^.:;!?]{1,40}?(:|\s[-–—=]\s)\s*\S+(\s+\S+){0,5}$`)

// lists reports whether a line of the IOC section lists what it names: a
// table row, a list item, or a "label: value" line; never a line that
// excludes what it names.
func lists(l Line) bool {
	if Excludes(l.Text) {
		return false
	}
	return l.Cells != nil || l.Item || (l.Header == nil && labelLineRE.MatchString(l.Text))
}

// Excludes reports whether a line says that what it names is not an
// indicator.
func Excludes(line string) bool { return exclusionRE.MatchString(line) }

// Indicators returns the indicators the Indicators of Compromise section
// lists: the value column of its tables (and the value of rows typed as a
// user or a host), its list items and its "label: value" lines. Prose does
// not list, and neither does
// a row or item that excludes what it names ("not an indicator: the backup
// job"). ATT&CK ids are not indicators and are left out.
func (r *Report) Indicators() []Indicator {
	r.memo.indicators.Do(func() { r.memo.indicatorsV = r.indicators() })
	return r.memo.indicatorsV
}

func (r *Report) indicators() []Indicator {
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
		if !lists(l) {
			continue
		}
		text := l.Text
		if l.Cells != nil {
			if typ, val, ok := typedCell(l); ok {
				add(Indicator{Type: typ, Value: NormalizeValue(val), Line: l.N})
			}
			text = l.Cells[valueColumn(l)]
		}
		for _, in := range Extract(text, l.N) {
			add(in)
		}
	}
	return out
}

// ListedText returns the text of what the Indicators of Compromise
// section lists (tables' value columns, list items; no exclusions),
// normalized for ContainsToken: where a name without an indicator's shape
// (an account, a host) counts as listed.
func (r *Report) ListedText() string {
	r.memo.listed.Do(func() { r.memo.listedV = r.listedText() })
	return r.memo.listedV
}

func (r *Report) listedText() string {
	s := r.Sections[IOCs]
	if s == nil {
		return ""
	}
	var b strings.Builder
	for _, l := range s.Lines {
		if !lists(l) {
			continue
		}
		if l.Cells != nil {
			b.WriteString(l.Cells[valueColumn(l)])
		} else {
			b.WriteString(l.Text)
		}
		b.WriteByte('\n')
	}
	return NormalizeText(b.String())
}

// valueColumn returns the index of a table row's value column: the one
// headed "value", "indicator", ... or else the one after the type column.
func valueColumn(l Line) int {
	tc := -1
	for i, h := range l.Header {
		h = strings.TrimSpace(h)
		if valueColRE.MatchString(h) && i < len(l.Cells) {
			return i
		}
		if tc < 0 && typeColRE.MatchString(h) {
			tc = i
		}
	}
	if tc+1 < len(l.Cells) && len(l.Cells) > 1 {
		return tc + 1
	}
	return 0
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
