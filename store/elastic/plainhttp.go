package elastic

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrPlainHTTP is what CheckPlainHTTP's error answers to: credentials
// would cross the network unencrypted.
var ErrPlainHTTP = errors.New("credentials over plain http")

// CheckPlainHTTP decides whether credentials (a password or an API key,
// when credentials is true) may be sent to rawURL. Over https they may.
// Over http to this machine (localhost, 127.0.0.0/8, ::1) they may, with a
// warning to return to the user. Over http to any other host they may
// not, unless allow: anyone on the path could read them.
func CheckPlainHTTP(rawURL string, credentials, allow bool) (warning string, err error) {
	u, perr := url.Parse(rawURL)
	if perr != nil || u.Scheme != "http" || !credentials {
		return "", nil
	}
	if isLoopback(u.Hostname()) {
		return fmt.Sprintf("sending credentials to %s over plain http (this machine only); use https:// for any other host", redactURL(rawURL)), nil
	}
	if allow {
		return fmt.Sprintf("sending credentials to %s over plain http: anyone on the network path can read them", redactURL(rawURL)), nil
	}
	return "", fmt.Errorf("%w: %s is not this machine, and anyone on the network path could read the password or API key; use an https:// URL (with --es-ca-cert or --es-ca-fingerprint for a private CA), or pass --allow-insecure-http if you accept the risk", ErrPlainHTTP, redactURL(rawURL))
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkTLSSettings refuses a CA certificate or fingerprint with an http
// URL u (c.URL, parsed): it would be silently ignored, and the user
// believes the server is verified.
func (c *Config) checkTLSSettings(u *url.URL) error {
	if u.Scheme != "http" {
		return nil
	}
	if c.CAFingerprint != "" || c.CACertFile != "" || len(c.CACert) > 0 {
		return fmt.Errorf("elasticsearch URL %s is plain http, so a CA certificate or fingerprint would verify nothing: use an https:// URL, or drop --es-ca-cert/--es-ca-fingerprint (and their SOCLAB_ES_CA_* variables)", redactURL(c.URL))
	}
	return nil
}
