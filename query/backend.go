package query

import "context"

// Backend runs an ES|QL query somewhere and returns its result: the embedded
// engine over a workspace or an NDJSON file (Engine), or an Elasticsearch
// cluster. Implementations must be safe for one query at a time.
type Backend interface {
	Query(ctx context.Context, esql string) (*Result, error)
}
