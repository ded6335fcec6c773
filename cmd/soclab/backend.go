package main

import (
	"context"

	"github.com/soclab/soclab/query"
)

// openBackend opens what the inspection commands (show, alert, fields)
// read: the workspace dir's column store, or the Elasticsearch namespace
// the es flags name. ctx may be nil (a command run outside cobra's
// Execute, in tests). release closes it.
func openBackend(ctx context.Context, dir string, es esFlags) (context.Context, query.Backend, func(), error) {
	if ctx == nil {
		ctx = context.Background()
	}
	qo := &queryOptions{dir: dir, es: es}
	b, release, err := qo.backend(ctx)
	return ctx, b, release, err
}
