package main

import (
	"context"

	"github.com/soclab/soclab/query"
)

// openBackend opens what the inspection commands (show, alert, fields)
// read: the workspace dir's column store, or the Elasticsearch namespace
// the es flags name. release closes it.
func openBackend(ctx context.Context, dir string, es esFlags) (b query.Backend, release func(), err error) {
	return (&queryOptions{dir: dir, es: es}).backend(ctx)
}
