package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/query"
)

// searchOptions are the flags of soclab search.
type searchOptions struct {
	dir     string
	events  string
	format  string
	limit   int
	index   string
	workers int
}

func (o *searchOptions) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.StringVarP(&o.dir, "dir", "d", "", "workspace folder to search (default: the current folder)")
	f.StringVarP(&o.events, "events", "e", "", "search an ECS NDJSON file instead: FILE (.gz/.zst) or - for stdin")
	f.StringVarP(&o.format, "format", "f", "", "output: table (key fields), ndjson (the matching events), json, csv (default: table on a terminal, ndjson in a pipe)")
	f.IntVarP(&o.limit, "limit", "n", 1000, "most events to print; 0 prints every match")
	f.StringVar(&o.index, "index", query.DefaultSearchIndex, "index pattern to search, e.g. logs-zeek.dns-* or soclab-alerts*")
	f.IntVar(&o.workers, "workers", 0, "row groups scanned in parallel (default: one per CPU)")
}

func newSearchCommand() *cobra.Command {
	o := &searchOptions{}
	c := &cobra.Command{
		Use:   "search [--dir WS | --events FILE] [--format ndjson|table|json|csv] [--limit N] 'KQL'",
		Short: "Filter events with a Kibana (KQL) query",
		Long: "search prints the events that match a Kibana Query Language filter, in time order (by\n" +
			"@timestamp, oldest first; equal times as stored): as a\n" +
			"table of key fields on a terminal, and as ECS NDJSON when piped into other tools. KQL is\n" +
			"what Kibana's search bar takes: field:value, wildcards (user.name: svc-*), quoted phrases,\n" +
			"ranges (destination.port >= 1024), CIDR blocks on ip fields, field:(a or b), field:* (the\n" +
			"field exists), and, or, not and parentheses. A field matches when any of its values\n" +
			"does; 'not f: x' keeps events without f. Use \"*\" to match every event.\n\n" +
			"Exit status: 0 done (even with no match), 1 bad query or data, 2 usage error.",
		Example: "  soclab search 'source.ip: 10.0.0.0/8 and event.outcome: failure and not user.name: svc-*'\n" +
			"  soclab search --format table 'event.dataset: system.auth and event.reason: \"invalid user\"'\n" +
			"  soclab search --events events.ndjson --limit 0 'dns.question.name: *.example.com' > dns.ndjson\n" +
			"  soclab search --index 'soclab-alerts*' --format table 'kibana.alert.severity: (high or critical)'",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runSearch(c.Context(), o, args[0], c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.addFlags(c)
	return c
}

// tableFields are the columns of search --format table, in order, when the
// matches have them (query.Result.KeyColumns: documents without them show
// their own fields).
var tableFields = []string{"@timestamp", "event.dataset", "event.action", "event.outcome", "source.ip",
	"destination.ip", "destination.port", "user.name", "host.name", "kibana.alert.rule.name", "message"}

func runSearch(ctx context.Context, o *searchOptions, kql string, stdout, stderr io.Writer) error {
	if o.format == "" {
		o.format = defaultSearchFormat(stdout)
	}
	if o.format != "ndjson" {
		if err := checkFormat(o.format); err != nil {
			return err
		}
	}
	if o.limit < 0 {
		return usageErrorf("--limit %d: want 0 (no limit) or more", o.limit)
	}
	if strings.TrimSpace(kql) == "*" {
		kql = "@timestamp: *"
	}
	b, release, err := queryBackend(o.dir, o.events, o.workers)
	if err != nil {
		return err
	}
	defer release()
	s, ok := b.(query.Searcher)
	if !ok {
		return fmt.Errorf("this backend cannot search")
	}
	res, err := s.Search(ctx, kql, query.SearchOptions{Index: o.index, Limit: o.limit})
	if err != nil {
		return withPointer(err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if o.events == "" {
		printEmptyHint(stderr, o.dir, len(res.Values))
	}
	switch o.format {
	case "ndjson":
		w := event.NewWriter(stdout)
		for _, e := range res.Events() {
			if err := w.Write(e); err != nil {
				return err
			}
		}
		return w.Close()
	case "table":
		return res.KeyColumns(tableFields...).Write(stdout, "table")
	}
	return res.Write(stdout, o.format)
}

// defaultSearchFormat is a readable table on a terminal and NDJSON for a
// pipe or a file, so that search | jq and search > out.ndjson keep working.
func defaultSearchFormat(stdout io.Writer) string {
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return "table"
	}
	return "ndjson"
}
