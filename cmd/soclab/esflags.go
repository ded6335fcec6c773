package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/store/elastic"
)

// esFlags are the flags that reach an Elasticsearch cluster, shared by every
// command that can use one (generate, lab start, assign, query, es ...).
// Secrets are read from the environment only, never from the command line:
// SOCLAB_ES_API_KEY, SOCLAB_ES_PASSWORD (or the files named by
// --es-api-key-file, --es-password-file).
//
// Use: var es esFlags; es.AddFlags(cmd.Flags()); then in RunE
// cfg, enabled, err := es.Config().
type esFlags struct {
	url           string
	username      string
	caCert        string
	caFingerprint string
	apiKeyFile    string
	passwordFile  string
	allowHTTP     bool
	share         bool
}

// Environment variables read by esFlags.Config.
const (
	envESURL           = "SOCLAB_ES_URL"
	envESAPIKey        = "SOCLAB_ES_API_KEY"
	envESUsername      = "SOCLAB_ES_USERNAME"
	envESPassword      = "SOCLAB_ES_PASSWORD"
	envESCACert        = "SOCLAB_ES_CA_CERT"
	envESCAFingerprint = "SOCLAB_ES_CA_FINGERPRINT"
)

// AddFlags adds --es-url and its companions to fs.
func (f *esFlags) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "es-url", "", "Elasticsearch URL, such as https://localhost:9200 (default $"+envESURL+")")
	fs.StringVar(&f.username, "es-username", "", "Elasticsearch user (default $"+envESUsername+"; the password comes from $"+envESPassword+")")
	fs.StringVar(&f.caCert, "es-ca-cert", "", "PEM file of the CA that signed Elasticsearch's certificate (default $"+envESCACert+")")
	fs.StringVar(&f.caFingerprint, "es-ca-fingerprint", "", "SHA-256 fingerprint of Elasticsearch's CA certificate (default $"+envESCAFingerprint+")")
	fs.StringVar(&f.apiKeyFile, "es-api-key-file", "", "file holding an Elasticsearch API key (instead of $"+envESAPIKey+")")
	fs.StringVar(&f.passwordFile, "es-password-file", "", "file holding the Elasticsearch password (instead of $"+envESPassword+")")
	fs.BoolVar(&f.allowHTTP, "allow-insecure-http", false, "send credentials over an http:// URL to another machine (refused without it: anyone on the way can read them)")
	fs.BoolVar(&f.share, "es-share-namespace", false, "write into a namespace whose system.*/zeek.* data streams soclab did not create (refused without it: soclab's template would take over real data)")
}

// Config returns the connection settings from the flags and the
// environment; enabled is false when no URL was given (Elasticsearch not
// wanted).
func (f *esFlags) Config() (elastic.Config, bool, error) {
	cfg := elastic.Config{
		URL:           pick(f.url, os.Getenv(envESURL)),
		Username:      pick(f.username, os.Getenv(envESUsername)),
		Password:      os.Getenv(envESPassword),
		APIKey:        os.Getenv(envESAPIKey),
		CACertFile:    pick(f.caCert, os.Getenv(envESCACert)),
		CAFingerprint: pick(f.caFingerprint, os.Getenv(envESCAFingerprint)),

		AllowInsecureHTTP: f.allowHTTP,
		ShareNamespaces:   f.share,
	}
	if cfg.URL == "" {
		return cfg, false, nil
	}
	var err error
	if f.apiKeyFile != "" {
		if cfg.APIKey, err = readSecret(f.apiKeyFile, "--es-api-key-file"); err != nil {
			return cfg, true, err
		}
	}
	if f.passwordFile != "" {
		if cfg.Password, err = readSecret(f.passwordFile, "--es-password-file"); err != nil {
			return cfg, true, err
		}
	}
	return cfg, true, nil
}

// Connect connects to the cluster the flags name; it is a usage error when
// none is named.
func (f *esFlags) Connect(ctx context.Context) (*elastic.Client, error) {
	cfg, enabled, err := f.Config()
	if err != nil {
		return nil, err
	}
	if !enabled {
		return nil, usageErrorf("no Elasticsearch URL: pass --es-url or set %s", envESURL)
	}
	return f.connect(ctx, cfg)
}

// connectIfSet connects to the cluster when --es-url or SOCLAB_ES_URL names
// one, and returns nil otherwise. Commands connect before their long work,
// so a wrong URL or password fails at once.
func (f *esFlags) connectIfSet(ctx context.Context) (*elastic.Client, error) {
	cfg, enabled, err := f.Config()
	if err != nil || !enabled {
		return nil, err
	}
	return f.connect(ctx, cfg)
}

// connect connects with cfg (Config's), refusing or warning about plain
// http first.
func (f *esFlags) connect(ctx context.Context, cfg elastic.Config) (*elastic.Client, error) {
	if err := f.warnPlainHTTP(cfg.URL, cfg); err != nil {
		return nil, err
	}
	return elastic.Connect(ctx, cfg)
}

// warnPlainHTTP warns on stderr when cfg's credentials go to url (the
// cluster's, or Kibana's) over plain http to this machine, and refuses it
// to another machine without --allow-insecure-http.
func (f *esFlags) warnPlainHTTP(url string, cfg elastic.Config) error {
	w, err := elastic.CheckPlainHTTP(url, cfg.APIKey != "" || cfg.Password != "", f.allowHTTP)
	if w != "" && !warnedPlainHTTP[w] {
		warnedPlainHTTP[w] = true
		fmt.Fprintf(os.Stderr, "soclab: warning: %s\n", w)
	}
	return err
}

// warnedPlainHTTP keeps warnPlainHTTP to one warning per URL and process.
var warnedPlainHTTP = map[string]bool{}

// checkKibana applies warnPlainHTTP to a Kibana URL, which receives the
// same credentials.
func (f *esFlags) checkKibana(url string) error {
	cfg, _, err := f.Config()
	if err != nil {
		return err
	}
	return f.warnPlainHTTP(url, cfg)
}

// inputs are the files the flags name, which no output may overwrite.
func (f *esFlags) inputs() []iofile.Path {
	return []iofile.Path{iofile.In("--es-api-key-file", f.apiKeyFile), iofile.In("--es-password-file", f.passwordFile),
		iofile.In("--es-ca-cert", pick(f.caCert, os.Getenv(envESCACert)))}
}

func pick(flag, env string) string {
	if flag != "" {
		return flag
	}
	return env
}

// readSecret reads a one-line secret file, without its line end.
// maxSecretBytes bounds a password, API key or CA file read from a file
// (a CA bundle is the longest).
const maxSecretBytes = 1 << 20

func readSecret(path, flag string) (string, error) {
	b, err := iofile.ReadAtMost(path, maxSecretBytes)
	if errors.Is(err, iofile.ErrTooLarge) {
		return "", fmt.Errorf("%s %s: %w", flag, path, err)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", flag, err)
	}
	s := string(b)
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	if s == "" {
		return "", fmt.Errorf("%s %s: the file is empty", flag, path)
	}
	return s, nil
}
