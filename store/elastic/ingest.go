package elastic

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/iofile"
)

// Load writes every event of src to a new Indexer for opts.Namespace,
// closes it, and, when no document failed, checks with Verify that
// Elasticsearch counts what was sent. The Stats are valid even when an
// error is returned.
func Load(ctx context.Context, c *Client, src event.Source, opts IndexerOptions) (Stats, error) {
	ix, err := c.NewIndexer(ctx, opts)
	if err != nil {
		return Stats{}, err
	}
	var readErr error
	for {
		e, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		if err := ix.Write(e); err != nil {
			readErr = err
			break
		}
		if n := ix.sent.Load(); opts.Progress != nil && n%4096 == 0 {
			opts.Progress(n)
		}
	}
	closeErr := ix.Close()
	st := ix.Stats()
	if err := errors.Join(readErr, closeErr); err != nil {
		return st, err
	}
	if err := c.Verify(ctx, ix.Namespace(), ix.Counts()); err != nil {
		return st, err
	}
	return st, nil
}

// IngestFile loads an NDJSON file of events (or alerts; .gz and .zst too,
// "-" for standard input) into namespace opts.Namespace, as Load does. A
// line that is not a JSON object stops the load with its file and line;
// what was sent before it is still accounted for.
func IngestFile(ctx context.Context, c *Client, path string, opts IndexerOptions) (Stats, error) {
	f, err := iofile.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	name := path
	if path == iofile.Stdio {
		name = "stdin"
	}
	st, err := Load(ctx, c, event.NewReader(f, name), opts)
	if err != nil {
		return st, fmt.Errorf("ingest %s: %w", name, err)
	}
	return st, nil
}
