package report

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// Indicator types Extract recognises by their shape; a table's type column
// may give others ("user", "host", ...).
const (
	TypeIP        = "ip"
	TypeDomain    = "domain"
	TypeURL       = "url"
	TypeHash      = "hash"
	TypeEmail     = "email"
	TypeTechnique = "technique"
	TypeUser      = "user"
	TypeHost      = "host"
)

// Indicator is one indicator named in the report, refanged and normalized
// (lower case; IPv6 in canonical form).
type Indicator struct {
	Type  string
	Value string
	Line  int
}

var refanger = strings.NewReplacer(
	"[.]", ".", "(.)", ".", "{.}", ".", "[dot]", ".", "(dot)", ".", "[DOT]", ".", "(DOT)", ".",
	"[:]", ":", "[://]", "://", "[@]", "@", "[at]", "@", "(at)", "@",
	"hxxps", "https", "hXXps", "https", "HXXPS", "https", "hxxp", "http", "hXXp", "http", "HXXP", "http",
	"fxp", "ftp",
)

// Refang undoes the usual defanging of indicators: 203.0.113[.]7,
// hxxp://, [:], [at].
func Refang(s string) string { return refanger.Replace(s) }

var (
	urlRE       = regexp.MustCompile(`(?i)\b(?:https?|ftp)://[^\s|<>"'` + "`" + `)\]]+`)
	emailRE     = regexp.MustCompile(`(?i)\b[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,24}\b`)
	ipv4RE      = regexp.MustCompile(`\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b`)
	ipv6RE      = regexp.MustCompile(`(?i)(?:^|[^0-9a-f:])((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})`)
	hashRE      = regexp.MustCompile(`(?i)\b(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})\b`)
	domainRE    = regexp.MustCompile(`(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,23}\b`)
	techniqueRE = regexp.MustCompile(`\bT\d{4}(?:\.\d{3})?\b`)
)

// notTLDs are file extensions that look like top-level domains.
var notTLDs = []string{"exe", "dll", "ps1", "bat", "cmd", "sh", "py", "md", "txt", "log", "csv", "json", "yaml", "yml", "ndjson", "pcap", "zip", "iso", "img", "lnk", "doc", "docx", "xls", "xlsx", "pdf", "js", "vbs", "hta", "msi", "tmp", "dat", "bin", "conf", "cfg", "ini", "html", "htm", "php", "jpg", "png", "gif", "eg", "ie", "etc", "local"}

// Extract finds the indicators in a text by their shape: URLs, e-mail
// addresses, IPv4 and IPv6 addresses, hashes (md5, sha1, sha256), domain
// names and ATT&CK ids, defanged or not. Each value is reported once, in
// order of first appearance; line is stored in each.
func Extract(s string, line int) []Indicator {
	s = Refang(s)
	var out []Indicator
	add := func(typ, v string) {
		v = strings.TrimRight(v, ".,;:")
		if typ != TypeTechnique {
			v = strings.ToLower(v)
		}
		for _, o := range out {
			if o.Value == v {
				return
			}
		}
		out = append(out, Indicator{Type: typ, Value: v, Line: line})
	}
	// Take out URLs and e-mail addresses first so that their host names
	// are not read twice.
	for _, m := range urlRE.FindAllString(s, -1) {
		add(TypeURL, m)
	}
	s = urlRE.ReplaceAllString(s, " ")
	for _, m := range emailRE.FindAllString(s, -1) {
		add(TypeEmail, m)
	}
	s = emailRE.ReplaceAllString(s, " ")
	for _, m := range hashRE.FindAllString(s, -1) {
		add(TypeHash, m)
	}
	for _, m := range ipv4RE.FindAllString(s, -1) {
		add(TypeIP, m)
	}
	for _, m := range ipv6RE.FindAllStringSubmatch(s, -1) {
		if a, err := netip.ParseAddr(m[1]); err == nil && a.Is6() && !a.IsUnspecified() {
			add(TypeIP, a.String())
		}
	}
	for _, m := range techniqueRE.FindAllString(s, -1) {
		add(TypeTechnique, m)
	}
	for _, m := range domainRE.FindAllString(s, -1) {
		if isDomain(m) {
			add(TypeDomain, m)
		}
	}
	return out
}

// isDomain rejects dotted words that are file names, abbreviations or
// version numbers rather than domain names.
func isDomain(m string) bool {
	m = strings.ToLower(m)
	tld := m[strings.LastIndexByte(m, '.')+1:]
	if slices.Contains(notTLDs, tld) {
		return false
	}
	return !techniqueRE.MatchString(strings.ToUpper(m))
}

// Techniques returns the distinct ATT&CK ids in s, upper-case, in order.
func Techniques(s string) []string {
	var out []string
	for _, m := range techniqueRE.FindAllString(strings.ToUpper(s), -1) {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// NormalizeValue normalizes an indicator value for comparison: refanged,
// lower case, IPv6 canonical.
func NormalizeValue(v string) string {
	v = strings.ToLower(strings.TrimSpace(Refang(v)))
	if a, err := netip.ParseAddr(v); err == nil {
		return a.String()
	}
	return v
}

// ContainsToken reports whether value (normalized) appears in text
// (normalized with NormalizeText) as a whole token: not part of a longer
// name, address or number.
func ContainsToken(text, value string) bool {
	value = NormalizeValue(value)
	if value == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(text[from:], value)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(value)
		if boundaryBefore(text, i) && boundaryAfter(text, end) {
			return true
		}
		from = i + 1
	}
}

// ContainsHost is ContainsToken that also finds a host name as the first
// label of a longer name: "ws-7" in "ws-7.corp.example".
func ContainsHost(text, value string) bool {
	if ContainsToken(text, value) {
		return true
	}
	value = NormalizeValue(value)
	if value == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(text[from:], value+".")
		if i < 0 {
			return false
		}
		i += from
		if end := i + len(value) + 1; boundaryBefore(text, i) && end < len(text) && tokenByte(text[end]) {
			return true
		}
		from = i + 1
	}
}

func tokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 0x80
}

func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	if c == '.' || c == ':' {
		return i < 2 || !tokenByte(s[i-2])
	}
	return !tokenByte(c)
}

func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	c := s[i]
	if c == '.' || c == ':' {
		return i+1 >= len(s) || !tokenByte(s[i+1])
	}
	return !tokenByte(c)
}

// NormalizeText prepares text for ContainsToken: refanged and lower case.
func NormalizeText(s string) string { return strings.ToLower(Refang(s)) }
