package elastic

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/internal/datastream"
	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

func TestConnect(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.Username, fake.Password = "elastic", "s3cret"
	cfg := fastConfig(fake)
	cfg.Username, cfg.Password = "elastic", "s3cret"
	c, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if info := c.Info(); info.Version != "8.19.7" || info.Major != 8 || info.ClusterName != "fakees" {
		t.Errorf("info %+v", info)
	}
	h, err := c.Health(context.Background())
	if err != nil || h.Status != "green" {
		t.Errorf("health %+v %v", h, err)
	}
}

func TestConnectErrors(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.APIKey = "a2V5OnZhbHVl"
	gone := fakees.New()
	gone.Close()
	old := fakees.New()
	defer old.Close()
	old.Version = "7.17.20"
	impostor := fakees.New()
	defer impostor.Close()
	impostor.NotElasticsearch = true

	for _, tc := range []struct {
		name string
		cfg  Config
		kind error
		hint string
	}{
		{"wrong key", Config{URL: fake.URL, APIKey: "bm9wZQ=="}, ErrAuth, "SOCLAB_ES_API_KEY"},
		{"no credentials", Config{URL: fake.URL}, ErrAuth, "SOCLAB_ES_USERNAME"},
		{"server gone", Config{URL: gone.URL}, ErrUnreachable, "--es-url"},
		{"version 7", Config{URL: old.URL}, ErrVersion, "8.0 or later"},
		{"not elasticsearch", Config{URL: impostor.URL}, ErrVersion, "X-Elastic-Product"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.MaxRetries = 1
			tc.cfg.RetryBackoff = fastConfig(fake).RetryBackoff
			_, err := Connect(context.Background(), tc.cfg)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.hint) {
				t.Errorf("message does not say how to fix it (%q): %v", tc.hint, err)
			}
		})
	}
	_, err := Connect(context.Background(), Config{URL: fake.URL, APIKey: "a2V5OnZhbHVl"})
	if err != nil {
		t.Errorf("right key: %v", err)
	}
}

func TestConfigValidation(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	os.WriteFile(notPEM, []byte("hello"), 0o644)
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "no Elasticsearch URL"},
		{Config{URL: "localhost:9200"}, "want http://host:port"},
		{Config{URL: "http://elastic:pw@localhost:9200"}, "do not put credentials in the URL"},
		{Config{URL: "http://localhost:9200", Username: "elastic"}, "needs a password"},
		{Config{URL: "http://localhost:9200", CAFingerprint: "abc"}, "64 hex digits"},
		{Config{URL: "https://localhost:9200", CACertFile: filepath.Join(dir, "missing.crt")}, "missing.crt"},
		{Config{URL: "https://localhost:9200", CACertFile: notPEM}, "not a PEM certificate"},
		{Config{URL: "http://localhost:9200", CACertFile: notPEM}, "plain http, so a CA certificate or fingerprint would verify nothing"},
		{Config{URL: "http://localhost:9200", CAFingerprint: strings.Repeat("ab", 32)}, "plain http, so a CA certificate or fingerprint would verify nothing"},
		{Config{URL: "http://es.example.org:9200", Username: "elastic", Password: "pw"}, "credentials over plain http"},
		{Config{URL: "http://10.0.0.5:9200", APIKey: "k"}, "--allow-insecure-http"},
	} {
		_, err := Connect(context.Background(), tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.cfg, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), ":pw@") {
			t.Errorf("password leaked in %v", err)
		}
	}
}

func TestCheckPlainHTTP(t *testing.T) {
	for _, tc := range []struct {
		url          string
		creds, allow bool
		warn, err    bool
	}{
		{"https://es.example.org:9200", true, false, false, false},
		{"http://es.example.org:9200", false, false, false, false},
		{"http://es.example.org:9200", true, false, false, true},
		{"http://es.example.org:9200", true, true, true, false},
		{"http://localhost:9200", true, false, true, false},
		{"http://127.0.0.1:9200", true, false, true, false},
		{"http://[::1]:9200", true, false, true, false},
		{"http://127.0.0.1.example.org:9200", true, false, false, true},
	} {
		w, err := CheckPlainHTTP(tc.url, tc.creds, tc.allow)
		if (w != "") != tc.warn || (err != nil) != tc.err || (err != nil && !errors.Is(err, ErrPlainHTTP)) {
			t.Errorf("%+v: warning %q, err %v", tc, w, err)
		}
	}
}

func TestNamespaceAndDataset(t *testing.T) {
	for in, want := range map[string]string{"jdoe": "jdoe", "J-Doe": "j_doe", "a.b": "a.b", "x y/z": "x_y_z"} {
		if got, err := Namespace(in); err != nil || got != want {
			t.Errorf("Namespace(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "---", strings.Repeat("a", 101)} {
		if _, err := Namespace(bad); err == nil {
			t.Errorf("Namespace(%q) accepted", bad)
		}
	}
	for in, want := range map[string]string{"system.auth": "system.auth", "zeek.conn": "zeek.conn", "": "soclab.unknown", "Foo-Bar": "foo_bar"} {
		if got := datastream.Dataset(in); got != want {
			t.Errorf("Dataset(%q) = %q, want %q", in, got, want)
		}
	}
}
