package elastic

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// SavedObjects is the Kibana NDJSON that ImportKibana sends: data views for
// logs-* and soclab-alerts-*, saved searches for triage, and the
// "soclab: SOC triage" dashboard. deploy/kibana/ ships the same file.
//
//go:embed kibana/saved_objects.ndjson
var SavedObjects []byte

// KibanaImport is Kibana's answer to an import.
type KibanaImport struct {
	Imported int      // objects created or overwritten
	Errors   []string // one line per object Kibana refused
}

// ImportKibana imports SavedObjects into the default space of the Kibana at
// kibanaURL, overwriting earlier copies, with the client's credentials and
// CA. It fails if Kibana refuses any object.
func (c *Client) ImportKibana(ctx context.Context, kibanaURL string) (KibanaImport, error) {
	u, err := url.Parse(strings.TrimRight(kibanaURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return KibanaImport{}, fmt.Errorf("kibana URL %q: want http://host:5601 or https://host:5601", kibanaURL)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", "soclab.ndjson")
	part.Write(SavedObjects)
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String()+"/api/saved_objects/_import?overwrite=true", &body)
	if err != nil {
		return KibanaImport{}, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("kbn-xsrf", "soclab")
	c.setAuth(req)
	hc, err := c.kibanaHTTP()
	if err != nil {
		return KibanaImport{}, err
	}
	op := "POST /api/saved_objects/_import"
	res, err := hc.Do(req)
	if err != nil {
		e := &Error{Kind: ErrUnreachable, Op: op, URL: redactURL(kibanaURL), Reason: err.Error(), Err: err,
			Hint: "check --kibana-url (or SOCLAB_KIBANA_URL) and that Kibana is up (it takes a minute or two to start)"}
		return KibanaImport{}, e
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if res.StatusCode >= 300 {
		e := &Error{Kind: ErrRequest, Op: op, URL: redactURL(kibanaURL), Status: res.StatusCode, Reason: kibanaReason(data)}
		switch res.StatusCode {
		case http.StatusUnauthorized:
			e.Kind, e.Hint = ErrAuth, hintAuth
		case http.StatusForbidden:
			e.Kind, e.Hint = ErrForbidden, "importing saved objects needs Kibana's Saved Objects Management privilege; use the elastic user"
		}
		return KibanaImport{}, e
	}
	return parseKibanaImport(data)
}

func parseKibanaImport(data []byte) (KibanaImport, error) {
	var r struct {
		Success      bool `json:"success"`
		SuccessCount int  `json:"successCount"`
		Errors       []struct {
			ID    string `json:"id"`
			Type  string `json:"type"`
			Title string `json:"title"`
			Error struct {
				Type    string `json:"type"`
				Message string `json:"message"`
			} `json:"error"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return KibanaImport{}, fmt.Errorf("kibana import: unreadable answer: %w", err)
	}
	out := KibanaImport{Imported: r.SuccessCount}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, fmt.Sprintf("%s %s (%s): %s %s", e.Type, e.ID, e.Title, e.Error.Type, e.Error.Message))
	}
	if !r.Success || len(out.Errors) > 0 {
		return out, fmt.Errorf("kibana refused %d saved object(s): %s", len(out.Errors), strings.Join(out.Errors, "; "))
	}
	return out, nil
}

func kibanaReason(data []byte) string {
	var r struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &r) == nil && r.Message != "" {
		return r.Error + ": " + r.Message
	}
	return strings.TrimSpace(string(truncate(data, 300)))
}

// setAuth puts the client's credentials on a request to Kibana.
func (c *Client) setAuth(req *http.Request) {
	switch {
	case c.cfg.APIKey != "":
		req.Header.Set("Authorization", "ApiKey "+c.cfg.APIKey)
	case c.cfg.Username != "":
		req.SetBasicAuth(c.cfg.Username, c.cfg.Password)
	}
}

// kibanaHTTP returns an HTTP client that trusts the configured CA (or
// certificate fingerprint) for Kibana too.
func (c *Client) kibanaHTTP() (*http.Client, error) {
	if c.cfg.Transport != nil {
		return &http.Client{Transport: c.cfg.Transport, Timeout: 2 * time.Minute}, nil
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	ca, err := c.cfg.caCert()
	if err != nil {
		return nil, err
	}
	if len(ca) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(ca) {
			return nil, errors.New("elasticsearch CA certificate: no certificate in the PEM data")
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	if fp := c.cfg.CAFingerprint; fp != "" && len(ca) == 0 {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12, //nolint:gosec // verified below by fingerprint
			VerifyConnection: func(cs tls.ConnectionState) error {
				for _, cert := range cs.PeerCertificates {
					sum := sha256.Sum256(cert.Raw)
					if hex.EncodeToString(sum[:]) == fp {
						return nil
					}
				}
				return errors.New("no certificate of the server matches SOCLAB_ES_CA_FINGERPRINT")
			}}
	}
	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}, nil
}
