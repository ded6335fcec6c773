package elastic

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// MaxQueryResponse bounds the _query response ESQL reads: ES|QL answers
// at most 10,000 rows, far below it.
const MaxQueryResponse = 256 << 20

// ESQL passes an ES|QL query to the cluster's _query endpoint (8.11 or
// later) and returns the response body as Elasticsearch sent it
// ({"columns":[...],"values":[...]}). Decoding it into typed rows is the
// query package's job (query.DecodeResponse): the store knows events and
// the wire, not the query language's result type.
func (c *Client) ESQL(ctx context.Context, esql string) ([]byte, error) {
	const op = "POST /_query"
	if c.info.Major == 8 && c.info.Minor < 11 {
		return nil, &Error{Kind: ErrVersion, Op: op, URL: c.URL(),
			Reason: "ES|QL needs Elasticsearch 8.11 or later; the cluster runs " + c.info.Version, Hint: hintVersion}
	}
	res, err := c.send(ctx, http.MethodPost, "/_query", url.Values{"format": {"json"}}, map[string]string{"query": esql}, "application/json")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, MaxQueryResponse+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read the response: %w", op, err)
	}
	if len(body) > MaxQueryResponse {
		return nil, fmt.Errorf("%s: the response is larger than %d bytes", op, MaxQueryResponse)
	}
	return body, nil
}
