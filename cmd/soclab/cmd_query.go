package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/query"
	"github.com/soclab/soclab/query/esql"
)

// queryOptions are the flags of soclab query.
type queryOptions struct {
	dir     string
	events  string
	format  string
	workers int
	es      esFlags
}

func (o *queryOptions) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.StringVarP(&o.dir, "dir", "d", "", "workspace folder whose column store to query (default: the current folder)")
	f.StringVarP(&o.events, "events", "e", "", "query an ECS NDJSON file instead: FILE (.gz/.zst) or - for stdin")
	f.StringVarP(&o.format, "format", "f", "table", "output format: "+strings.Join(query.Formats, ", "))
	f.IntVar(&o.workers, "workers", 0, "row groups scanned in parallel (default: one per CPU)")
	o.es.AddFlags(f)
}

func newQueryCommand() *cobra.Command {
	o := &queryOptions{}
	c := &cobra.Command{
		Use:   "query [--dir WS | --events FILE] [--format table|json|csv|ndjson] 'ES|QL'",
		Short: "Investigate events and alerts with ES|QL, without any server",
		Long: "query runs an ES|QL query in process over a workspace's events and alerts (its column\n" +
			"store) or over any ECS NDJSON file, and prints the result. The subset of ES|QL follows\n" +
			"Elasticsearch: FROM logs-* (or logs-zeek.dns-*, soclab-alerts*), WHERE, EVAL,\n" +
			"STATS ... BY, SORT, LIMIT (1000 rows by default), KEEP, DROP, RENAME, MV_EXPAND, DISSECT, GROK and the\n" +
			"functions listed in docs/query.md, so what works here works unchanged in Kibana.\n" +
			"--format json prints Elasticsearch's _query response body. Warnings (such as a multi-valued\n" +
			"field compared with ==) go to stderr. With --es-url (or SOCLAB_ES_URL) the query goes to the\n" +
			"cluster's _query endpoint instead and prints in the same formats.\n\n" +
			"Exit status: 0 done, 1 bad query (with line:column) or bad data, 2 usage error.",
		Example: "  soclab query 'FROM logs-* | STATS events = COUNT(*) BY event.dataset | SORT events DESC'\n" +
			"  soclab query --dir ws/ 'FROM logs-system.auth-* | WHERE event.outcome == \"failure\"\n" +
			"      | STATS attempts = COUNT(*), users = COUNT_DISTINCT(user.name) BY source.ip | SORT attempts DESC | LIMIT 10'\n" +
			"  soclab query --events events.ndjson.zst --format csv 'FROM logs-* | WHERE CIDR_MATCH(destination.ip, \"198.51.100.0/24\")'\n" +
			"  soclab query --format json 'FROM soclab-alerts* | KEEP @timestamp, rule.name, soclab.alert.level'",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runQuery(c.Context(), o, args[0], c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.addFlags(c)
	return c
}

// queryBackend picks where a query runs: an NDJSON file or a workspace.
// The returned func releases it.
func queryBackend(dir, events string, workers int) (query.Backend, func(), error) {
	if dir != "" && events != "" {
		return nil, nil, usageErrorf("--dir and --events cannot be used together")
	}
	if events != "" {
		return &query.FileBackend{Path: events, Workers: workers}, func() {}, nil
	}
	if dir == "" {
		dir = "."
	}
	eng, err := query.OpenWorkspace(dir)
	if err != nil {
		return nil, nil, err
	}
	eng.Workers = workers
	return eng, func() { eng.Close() }, nil
}

// backend is the cluster when --es-url names one, else queryBackend's.
func (o *queryOptions) backend(ctx context.Context) (query.Backend, func(), error) {
	es, err := o.es.connectIfSet(ctx)
	if err != nil || es == nil {
		if err != nil {
			return nil, nil, err
		}
		return queryBackend(o.dir, o.events, o.workers)
	}
	if o.dir != "" || o.events != "" {
		return nil, nil, usageErrorf("--es-url cannot be combined with --dir or --events")
	}
	return esBackend{es}, func() {}, nil
}

func checkFormat(format string) error {
	for _, f := range query.Formats {
		if f == format {
			return nil
		}
	}
	return usageErrorf("--format %q: want one of %s", format, strings.Join(query.Formats, ", "))
}

// checkEitherFormat refuses a --format other than a or json, for the
// commands that print nothing else (show and fields: table; grade, submit
// and rules validate: text).
func checkEitherFormat(format, a string) error {
	if format != a && format != "json" {
		return usageErrorf("--format %q: use %s or json", format, a)
	}
	return nil
}

func runQuery(ctx context.Context, o *queryOptions, q string, stdout, stderr io.Writer) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	b, release, err := o.backend(ctx)
	if err != nil {
		return err
	}
	defer release()
	res, err := b.Query(ctx, q)
	if err != nil {
		return withPointer(err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if o.events == "" {
		printEmptyHint(stderr, o.dir, len(res.Values))
	}
	return res.Write(stdout, o.format)
}

// withPointer adds the query line and a caret under the error's column to
// a query error.
func withPointer(err error) error {
	var pe *esql.ParseErr
	if errors.As(err, &pe) {
		tail := pe.Pointer()
		if msg := pe.Err.Error(); strings.HasPrefix(msg, "Unknown function [") && !strings.Contains(msg, "did you mean") {
			tail += "\nsupported functions: " + strings.Join(query.FunctionNames(), ", ") + " (docs/query.md)"
		}
		if tail != "" {
			return fmt.Errorf("%w\n%s", err, strings.TrimPrefix(tail, "\n"))
		}
	}
	return err
}
