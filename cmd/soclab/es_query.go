package main

import (
	"bytes"
	"context"

	"github.com/soclab/soclab/query"
	"github.com/soclab/soclab/store/elastic"
)

// esBackend runs ES|QL on an Elasticsearch cluster: store/elastic sends
// the query and query decodes the answer, so that the store does not
// import the query package (docs/architecture.md: no arrow back up).
type esBackend struct{ c *elastic.Client }

var _ query.Backend = esBackend{}

// Query implements query.Backend.
func (b esBackend) Query(ctx context.Context, esql string) (*query.Result, error) {
	body, err := b.c.ESQL(ctx, esql)
	if err != nil {
		return nil, err
	}
	return query.DecodeResponse(bytes.NewReader(body))
}
