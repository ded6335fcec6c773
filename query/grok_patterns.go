package query

import (
	"fmt"
	"strings"
)

// grokBuiltins are the named patterns a GROK pattern can reference as
// %{NAME}: the common ones of Elasticsearch's built-in set, by the same
// names and meaning, written for Go's RE2. Elasticsearch's definitions use
// lookbehind, lookahead and atomic groups, which RE2 lacks; here those
// guards become word boundaries (\b) or are dropped, so a number or an
// address is still matched whole when it stands between spaces or
// punctuation, as it does in logs. They reference each other with %{NAME}
// and never capture.
var grokBuiltins = map[string]string{
	// Words and numbers.
	"USERNAME":     `[a-zA-Z0-9._-]+`,
	"USER":         `%{USERNAME}`,
	"INT":          `[+-]?[0-9]+`,
	"BASE10NUM":    `[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)`,
	"NUMBER":       `%{BASE10NUM}`,
	"BASE16NUM":    `[+-]?(?:0x)?[0-9A-Fa-f]+`,
	"POSINT":       `\b[1-9][0-9]*\b`,
	"NONNEGINT":    `\b[0-9]+\b`,
	"WORD":         `\b\w+\b`,
	"NOTSPACE":     `\S+`,
	"SPACE":        `\s*`,
	"DATA":         `.*?`,
	"GREEDYDATA":   `.*`,
	"QUOTEDSTRING": `"(?:\\.|[^\\"])*"|'(?:\\.|[^\\'])*'|` + "`(?:\\\\.|[^\\\\`])*`",
	"QS":           `%{QUOTEDSTRING}`,
	"UUID":         `[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}`,

	// Networking.
	"CISCOMAC":   `(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4}`,
	"WINDOWSMAC": `(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2}`,
	"COMMONMAC":  `(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2}`,
	"MAC":        `%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC}`,
	"IPV4OCTET":  `25[0-5]|2[0-4][0-9]|[01]?[0-9]{1,2}`,
	"IPV4":       `\b%{IPV4OCTET}\.%{IPV4OCTET}\.%{IPV4OCTET}\.%{IPV4OCTET}\b`,
	// By the number of groups before "::", most first, each taking as many
	// groups after it as it can: RE2, like Elasticsearch's engine, takes
	// the first alternative that lets the rest of the pattern match.
	"IPV6":           ipv6Pattern(),
	"IP":             `%{IPV6}|%{IPV4}`,
	"HOSTNAME":       `\b[0-9A-Za-z][0-9A-Za-z-]{0,62}(?:\.[0-9A-Za-z][0-9A-Za-z-]{0,62})*\.?`,
	"HOST":           `%{HOSTNAME}`,
	"IPORHOST":       `%{IP}|%{HOSTNAME}`,
	"HOSTPORT":       `%{IPORHOST}:%{POSINT}`,
	"EMAILLOCALPART": "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*",
	"EMAILADDRESS":   `%{EMAILLOCALPART}@%{HOSTNAME}`,

	// Paths and URLs.
	"UNIXPATH":     `(?:/[\w_%!$@:.,+~-]*)+`,
	"WINPATH":      `(?:[A-Za-z]+:|\\)(?:\\[^\\?*]*)+`,
	"PATH":         `%{UNIXPATH}|%{WINPATH}`,
	"URIPROTO":     `[A-Za-z][A-Za-z0-9+\-.]+`,
	"URIHOST":      `%{IPORHOST}(?::%{POSINT})?`,
	"URIPATH":      `(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\-]*)+`,
	"URIPARAM":     `\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*`,
	"URIPATHPARAM": `%{URIPATH}(?:%{URIPARAM})?`,
	"URI":          `%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?`,

	// Dates and times.
	"MONTH": `\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|` +
		`[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\b`,
	"MONTHNUM":          `0?[1-9]|1[0-2]`,
	"MONTHDAY":          `0[1-9]|[12][0-9]|3[01]|[1-9]`,
	"DAY":               `Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?`,
	"YEAR":              `(?:[0-9]{2}){1,2}`,
	"HOUR":              `2[0123]|[01]?[0-9]`,
	"MINUTE":            `[0-5][0-9]`,
	"SECOND":            `(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?`,
	"TIME":              `%{HOUR}:%{MINUTE}(?::%{SECOND})`,
	"ISO8601_TIMEZONE":  `Z|[+-]%{HOUR}(?::?%{MINUTE})`,
	"ISO8601_SECOND":    `%{SECOND}`,
	"TIMESTAMP_ISO8601": `%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?`,
	"SYSLOGTIMESTAMP":   `%{MONTH} +%{MONTHDAY} %{TIME}`,
	"HTTPDATE":          `%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}`,

	// Logs.
	"LOGLEVEL": `[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|` +
		`[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|` +
		`[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?`,
	"PROG":       `[\x21-\x5a\x5c\x5e-\x7e]+`,
	"SYSLOGPROG": `%{PROG}(?:\[%{POSINT}\])?`,
	"SYSLOGHOST": `%{IPORHOST}`,
}

// ipv6Pattern builds IPV6: the full form, then each count k of groups
// before "::" (7 down to 0) with up to 7-k groups after it, an embedded
// IPv4 address, or nothing.
func ipv6Pattern() string {
	const h = `[0-9A-Fa-f]{1,4}`
	alts := []string{`(?:` + h + `:){7}(?:` + h + `|:)`, `(?:` + h + `:){6}(?::` + h + `|%{IPV4}|:)`}
	for k := 5; k >= 0; k-- {
		head := `:`
		if k > 0 {
			head = fmt.Sprintf(`(?:%s:){%d}`, h, k)
		}
		alts = append(alts, fmt.Sprintf(`%s(?:(?::%s){1,%d}|(?::%s){0,%d}:%%{IPV4}|:)`, head, h, 7-k, h, 5-k))
	}
	return strings.Join(alts, "|")
}
