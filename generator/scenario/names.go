package scenario

import (
	"math/rand/v2"
	"strings"

	"github.com/soclab/soclab/generator/org"
)

// truthWords may never appear in an event: they would give the answer
// away. Scenario ids are checked too (see clean).
var truthWords = []string{"malicious", "attack", "decoy", "exfil", "tunnel", "phish"}

// clean reports whether s is free of truth words, scenario ids and the
// token "c2"; every name soclab invents goes through it.
func clean(s string) bool {
	l := strings.ToLower(s)
	for _, w := range truthWords {
		if strings.Contains(l, w) {
			return false
		}
	}
	for id := range registry {
		if strings.Contains(l, id) {
			return false
		}
	}
	return !hasToken(l, "c2")
}

// hasToken reports whether tok appears in s between non-alphanumeric
// bytes (or the ends of s).
func hasToken(s, tok string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], tok)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(tok)
		if (j == 0 || !alnum(s[j-1])) && (end == len(s) || !alnum(s[end])) {
			return true
		}
		i = j + 1
	}
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// drawClean draws with f until the result is clean.
func drawClean(r *rand.Rand, f func(r *rand.Rand) string) string {
	for {
		if s := f(r); clean(s) {
			return s
		}
	}
}

// drawNewLogin draws logins with f until one is clean and no account of
// the organisation has it.
func drawNewLogin(r *rand.Rand, o *org.Org, f func(r *rand.Rand) string) string {
	for {
		if s := f(r); o.UserByName(s) == nil && clean(s) {
			return s
		}
	}
}

const (
	base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	hexAlphabet    = "0123456789abcdef"
)

// randomString draws n characters of alphabet.
func randomString(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// Word lists that invented domains are made of: ordinary technical words,
// so that a domain looks like any SaaS or CDN name.
var (
	domainWords = []string{"cloud", "sync", "metric", "status", "edge", "node", "data", "secure", "portal", "mesh", "relay", "signal", "pulse", "track", "ping", "cache", "stat", "telemetry", "insight", "delivery", "static", "assets", "content", "link", "point", "gate", "core", "hub", "wave", "nova"}
	rareTLDs    = []string{"top", "xyz", "info", "net", "online", "site", "live", "icu", "cc", "biz"}
	storeWords  = []string{"filedrop", "sharevault", "boxsync", "driveup", "dataport", "cloudstash", "quickshare", "sendspace", "megadrop", "filepost"}
	storeTLDs   = []string{"io", "net", "cloud", "app", "co"}
)

// rareDomain invents a rarely seen domain, like "pulse-cache.top".
func rareDomain(r *rand.Rand) string {
	return drawClean(r, func(r *rand.Rand) string {
		a, b := pick(r, domainWords), pick(r, domainWords)
		for b == a {
			b = pick(r, domainWords)
		}
		switch r.IntN(3) {
		case 0:
			return a + "-" + b + "." + pick(r, rareTLDs)
		case 1:
			return a + b + randomString(r, "0123456789", 2) + "." + pick(r, rareTLDs)
		}
		return randomString(r, "abcdefghijklmnopqrstuvwxyz", 3) + "." + a + "-" + b + "." + pick(r, rareTLDs)
	})
}

// apexDomain invents a registrable domain of two labels, like
// "pulsecache42.top", whose name server a tunnel would talk to.
func apexDomain(r *rand.Rand) string {
	return drawClean(r, func(r *rand.Rand) string {
		a, b := pick(r, domainWords), pick(r, domainWords)
		if r.IntN(2) == 0 {
			return a + "-" + b + "." + pick(r, rareTLDs)
		}
		return a + b + randomString(r, "0123456789", 2) + "." + pick(r, rareTLDs)
	})
}

// storageDomain invents a file-sharing look-alike, like
// "eu2.sharevault.io".
func storageDomain(r *rand.Rand) string {
	return drawClean(r, func(r *rand.Rand) string {
		prefix := pick(r, []string{"upload", "eu", "us", "api", "files", "u"}) + randomString(r, "0123456789", 1)
		return prefix + "." + pick(r, storeWords) + "." + pick(r, storeTLDs)
	})
}

// lookAlike invents a domain that resembles base ("northwind.example")
// by swapping a look-alike letter, doubling one, or adding a word.
func lookAlike(r *rand.Rand, base string) string {
	name, tld, _ := strings.Cut(base, ".")
	if tld == "" {
		tld = "com"
	}
	return drawClean(r, func(r *rand.Rand) string {
		switch r.IntN(4) {
		case 0:
			for _, sw := range [][2]string{{"m", "rn"}, {"o", "0"}, {"l", "1"}, {"i", "1"}, {"e", "3"}, {"w", "vv"}} {
				if i := strings.Index(name, sw[0]); i >= 0 && r.IntN(2) == 0 {
					return name[:i] + sw[1] + name[i+len(sw[0]):] + "." + tld
				}
			}
			fallthrough
		case 1:
			i := 1 + r.IntN(max(1, len(name)-1))
			if i < len(name) && name[i] != '-' {
				return name[:i] + name[i:i+1] + name[i:] + "." + tld
			}
			fallthrough
		case 2:
			return name + "-" + pick(r, []string{"login", "secure", "portal", "docs", "share", "verify", "account"}) + "." + pick(r, []string{"com", "net", "co", "online"})
		}
		return pick(r, []string{"sharepoint", "docusign", "office365", "onedrive", "dropbox", "wetransfer"}) + "-" + pick(r, []string{"files", "docs", "view", "secure", "signin"}) + "." + pick(r, []string{"com", "net", "app", "online"})
	})
}

// browserUAs are ordinary browsers of 2026, as people's traffic shows them.
var browserUAs = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:135.0) Gecko/20100101 Firefox/135.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
}

// oddUAs are fixed agents that implants often send: outdated browsers or
// bare library names, plausible on their own but odd on a modern desktop.
var oddUAs = []string{
	"Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
	"Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36",
	"WinHTTP/1.0",
	"Go-http-client/1.1",
	"Microsoft-CryptoAPI/10.0",
}

// scriptUAs are what password-guessing tools send to sign-in pages.
var scriptUAs = []string{"python-requests/2.32.3", "Go-http-client/2.0", "curl/8.5.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36"}

// invalidSSHUsers are the names password-guessing bots try on sshd.
var invalidSSHUsers = []string{"admin", "test", "oracle", "ubuntu", "postgres", "guest", "user", "ftpuser", "pi", "git", "deploy", "jenkins", "ansible", "support", "debian", "centos", "nagios", "hadoop", "mysql", "www-data", "minecraft", "steam", "teamspeak", "ec2-user", "vagrant", "apache", "tomcat", "elastic", "kafka", "redis", "operator", "sysadmin", "administrator", "dev", "temp", "backup"}
