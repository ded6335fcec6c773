package main

import (
	"context"

	"github.com/spf13/pflag"

	"github.com/soclab/soclab/query"
)

// backendFlags choose what the inspection commands (show, alert, fields)
// read: the --dir workspace's column store, or the Elasticsearch namespace
// the es flags name.
type backendFlags struct {
	dir string
	es  esFlags
}

// addFlags adds --dir and the es flags to f.
func (b *backendFlags) addFlags(f *pflag.FlagSet) {
	f.StringVarP(&b.dir, "dir", "d", "", "the workspace (default: the current folder)")
	b.es.AddFlags(f)
}

// open opens the backend; release closes it.
func (b *backendFlags) open(ctx context.Context) (_ query.Backend, release func(), err error) {
	return (&queryOptions{dir: b.dir, es: b.es}).backend(ctx)
}
