package elastic

import (
	"context"
	"net/http"
	"net/url"

	"github.com/soclab/soclab/query"
)

var _ query.Backend = (*Client)(nil)

// Query passes an ES|QL query to the cluster's _query endpoint (8.11 or
// later) and returns its columns and rows.
func (c *Client) Query(ctx context.Context, esql string) (*query.Result, error) {
	if c.info.Major == 8 && c.info.Minor < 11 {
		return nil, &Error{Kind: ErrVersion, Op: "POST /_query", URL: c.URL(),
			Reason: "ES|QL needs Elasticsearch 8.11 or later; the cluster runs " + c.info.Version, Hint: hintVersion}
	}
	res, err := c.send(ctx, http.MethodPost, "/_query", url.Values{"format": {"json"}}, map[string]string{"query": esql}, "application/json")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	return query.DecodeResponse(res.Body)
}
