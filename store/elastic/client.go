package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/elastic/go-elasticsearch/v8"
)

// Client is a connection to a checked cluster. It is safe for concurrent
// use.
type Client struct {
	es   *elasticsearch.Client
	cfg  Config
	info Info
}

// Info is what the cluster says about itself.
type Info struct {
	Version     string // such as "8.19.7"
	Major       int
	Minor       int
	ClusterName string
	ClusterUUID string
}

// Health is the cluster's health summary.
type Health struct {
	Status string // green, yellow, red
	Nodes  int
}

// Connect builds a client and checks the cluster: it answers, accepts the
// credentials, and runs Elasticsearch 8 or later. Its errors answer to
// ErrUnreachable, ErrAuth, ErrForbidden or ErrVersion and say how to fix
// them.
func Connect(ctx context.Context, cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ca, err := cfg.caCert()
	if err != nil {
		return nil, err
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 5
	}
	if cfg.RetryBackoff == nil {
		cfg.RetryBackoff = DefaultBackoff
	}
	es, err := elasticsearch.NewClient(elasticsearch.Config{
		Addresses:              []string{strings.TrimRight(cfg.URL, "/")},
		APIKey:                 cfg.APIKey,
		Username:               cfg.Username,
		Password:               cfg.Password,
		CACert:                 ca,
		CertificateFingerprint: cfg.CAFingerprint,
		RetryOnStatus:          RetryStatuses,
		MaxRetries:             cfg.MaxRetries,
		RetryBackoff:           cfg.RetryBackoff,
		Transport:              cfg.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("elasticsearch client: %w", err)
	}
	c := &Client{es: es, cfg: cfg}
	if err := c.check(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Client) check(ctx context.Context) error {
	var root struct {
		Name        string `json:"cluster_name"`
		UUID        string `json:"cluster_uuid"`
		Tagline     string `json:"tagline"`
		VersionInfo struct {
			Number string `json:"number"`
		} `json:"version"`
	}
	if err := c.do(ctx, http.MethodGet, "/", nil, nil, &root); err != nil {
		return err
	}
	major, minor := parseVersion(root.VersionInfo.Number)
	c.info = Info{Version: root.VersionInfo.Number, Major: major, Minor: minor, ClusterName: root.Name, ClusterUUID: root.UUID}
	if major < 8 {
		return &Error{Kind: ErrVersion, Op: "GET /", URL: redactURL(c.cfg.URL),
			Reason: fmt.Sprintf("the server runs version %q", root.VersionInfo.Number), Hint: hintVersion}
	}
	return nil
}

func parseVersion(v string) (major, minor int) {
	parts := strings.SplitN(v, ".", 3)
	major, _ = strconv.Atoi(parts[0])
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	return major, minor
}

// Info returns what the cluster said about itself when it was checked.
func (c *Client) Info() Info { return c.info }

// URL returns the cluster's URL.
func (c *Client) URL() string { return redactURL(c.cfg.URL) }

// Health returns the cluster health (needs the monitor cluster privilege).
func (c *Client) Health(ctx context.Context) (Health, error) {
	var h struct {
		Status string `json:"status"`
		Nodes  int    `json:"number_of_nodes"`
	}
	err := c.do(ctx, http.MethodGet, "/_cluster/health", nil, nil, &h)
	return Health{Status: h.Status, Nodes: h.Nodes}, err
}

// do sends one request and decodes a JSON answer into out (when not nil).
// body is JSON-encoded unless it is already []byte. Error answers become
// *Error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	res, err := c.send(ctx, method, path, query, body, "application/json")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if out == nil {
		_, err = io.Copy(io.Discard, res.Body)
		return err
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return &Error{Kind: ErrRequest, Op: method + " " + path, URL: c.URL(), Reason: "unreadable answer: " + err.Error(), Err: err}
	}
	return nil
}

// send performs a request and returns a successful response; the caller
// closes its body.
func (c *Client) send(ctx context.Context, method, path string, query url.Values, body any, contentType string) (*http.Response, error) {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		r = bytes.NewReader(data)
	}
	u := &url.URL{Path: path}
	if query != nil {
		u.RawQuery = query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
	if err != nil {
		return nil, err
	}
	if r != nil {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	op := method + " " + path
	res, err := c.es.Perform(req)
	if err != nil {
		return nil, c.transportError(op, err)
	}
	if res.StatusCode >= 300 {
		defer res.Body.Close()
		return nil, c.statusError(op, res)
	}
	return res, nil
}

func (c *Client) transportError(op string, err error) error {
	e := &Error{Kind: ErrUnreachable, Op: op, URL: c.URL(), Reason: err.Error(), Hint: hintUnreachable, Err: err}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not Elasticsearch"):
		e.Kind, e.Hint = ErrVersion, "the server at this URL is not Elasticsearch (it does not send X-Elastic-Product: Elasticsearch); check --es-url and the port (Kibana is usually 5601, Elasticsearch 9200)"
	case strings.Contains(msg, "certificate") || strings.Contains(msg, "x509") || strings.Contains(msg, "fingerprint"):
		e.Hint = hintTLS
	case strings.Contains(msg, "server gave HTTP response to HTTPS client"):
		e.Hint = "the server speaks plain http: use an http:// URL"
	case strings.Contains(msg, "malformed HTTP response"):
		e.Hint = "the server speaks https: use an https:// URL"
	}
	return e
}

// statusError turns an error answer into *Error with Elasticsearch's reason.
func (c *Client) statusError(op string, res *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	e := &Error{Kind: ErrRequest, Op: op, URL: c.URL(), Status: res.StatusCode, Reason: esReason(data)}
	switch res.StatusCode {
	case http.StatusUnauthorized:
		e.Kind, e.Hint = ErrAuth, hintAuth
	case http.StatusForbidden:
		e.Kind, e.Hint = ErrForbidden, hintForbidden
	}
	return e
}

// esReason extracts "type: reason" from an Elasticsearch error body.
func esReason(data []byte) string {
	var body struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(data, &body) != nil || len(body.Error) == 0 {
		return strings.TrimSpace(string(truncate(data, 300)))
	}
	var obj struct {
		Type   string `json:"type"`
		Reason string `json:"reason"`
	}
	if json.Unmarshal(body.Error, &obj) == nil && obj.Type != "" {
		return obj.Type + ": " + obj.Reason
	}
	var s string
	if json.Unmarshal(body.Error, &s) == nil {
		return s
	}
	return string(truncate(body.Error, 300))
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return append(b[:n:n], "..."...)
	}
	return b
}

// isStatus reports whether err is an *Error with HTTP status code.
func isStatus(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == code
}
