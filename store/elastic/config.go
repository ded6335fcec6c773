package elastic

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Config says how to reach and authenticate to a cluster. Secrets come from
// the environment or files (see cmd/soclab's esFlags), never from a command
// line that other users could read in the process list.
type Config struct {
	URL           string // http(s)://host:port of one node
	APIKey        string // base64 "id:key" API key; overrides Username/Password
	Username      string // basic authentication
	Password      string
	CACertFile    string // PEM file of the CA that signed the cluster's certificate
	CACert        []byte // PEM of that CA, an alternative to CACertFile
	CAFingerprint string // hex SHA-256 fingerprint of the CA or server certificate
	// AllowInsecureHTTP lets credentials go over http:// to a host other
	// than this machine (see CheckPlainHTTP); without it that is an error.
	AllowInsecureHTTP bool
	// ShareNamespaces lets soclab write to, and install its namespace
	// template for, a namespace where the cluster already has data streams
	// of the integration datasets that soclab did not create (see
	// CheckNamespace); without it that is a *ForeignNamespaceError.
	ShareNamespaces bool

	// MaxRetries is how often a whole request is retried after a transport
	// error or a 429/502/503/504 answer (default 5).
	MaxRetries int
	// RetryBackoff is the pause before retry n (1-based); the default
	// doubles from 250ms up to 10s, with jitter.
	RetryBackoff func(attempt int) time.Duration
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
}

// RetryStatuses are the HTTP statuses after which a whole request is
// retried: Elasticsearch's "too many requests" and the gateway/unavailable
// errors.
var RetryStatuses = []int{429, 502, 503, 504}

// DefaultBackoff doubles from 250ms up to 10s, with up to 25% jitter so
// that workers do not retry in lockstep.
func DefaultBackoff(attempt int) time.Duration {
	return backoff(250*time.Millisecond, 10*time.Second, attempt)
}

func backoff(base, max time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
}

// validate checks the configuration without contacting the cluster.
func (c *Config) validate() error {
	if c.URL == "" {
		return fmt.Errorf("no Elasticsearch URL: set --es-url or SOCLAB_ES_URL")
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("elasticsearch URL %q: want http://host:port or https://host:port", c.URL)
	}
	if u.User != nil {
		return fmt.Errorf("elasticsearch URL %q: do not put credentials in the URL; set SOCLAB_ES_USERNAME and SOCLAB_ES_PASSWORD or SOCLAB_ES_API_KEY", redactURL(c.URL))
	}
	if (c.Username == "") != (c.Password == "") && c.APIKey == "" {
		return fmt.Errorf("elasticsearch: a username needs a password and a password a username (SOCLAB_ES_USERNAME, SOCLAB_ES_PASSWORD)")
	}
	if c.CAFingerprint != "" {
		fp := strings.ReplaceAll(strings.ToLower(c.CAFingerprint), ":", "")
		if len(fp) != 64 || strings.Trim(fp, "0123456789abcdef") != "" {
			return fmt.Errorf("elasticsearch CA fingerprint %q: want 64 hex digits (a SHA-256, colons allowed)", c.CAFingerprint)
		}
		c.CAFingerprint = fp
	}
	if err := c.checkTLSSettings(u); err != nil {
		return err
	}
	_, err = CheckPlainHTTP(c.URL, c.APIKey != "" || c.Password != "", c.AllowInsecureHTTP)
	return err
}

// caCert returns the PEM of the CA, reading CACertFile if given.
func (c *Config) caCert() ([]byte, error) {
	if c.CACertFile == "" {
		return c.CACert, nil
	}
	b, err := os.ReadFile(c.CACertFile)
	if err != nil {
		return nil, fmt.Errorf("elasticsearch CA certificate: %w", err)
	}
	if !strings.Contains(string(b), "-----BEGIN CERTIFICATE-----") {
		return nil, fmt.Errorf("elasticsearch CA certificate %s: not a PEM certificate", c.CACertFile)
	}
	return b, nil
}

// redactURL drops any user information from a URL for messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.User = nil
	return u.String()
}
