package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/query"
)

// fieldsOptions are the flags of soclab fields.
type fieldsOptions struct {
	src    backendFlags
	format string
	top    int
}

func newFieldsCommand() *cobra.Command {
	o := &fieldsOptions{}
	c := &cobra.Command{
		Use:   "fields [--dir WS] [--top N] [--format table|json] [DATASET]",
		Short: "List the fields of the events, with their types and top values",
		Long: "fields lists every field the workspace's events have (or one dataset's, such as system.auth,\n" +
			"or an index pattern such as soclab-alerts*): its ES|QL type, how many values it has\n" +
			"(COUNT(field): each value of a multi-valued field counts), and its most frequent values. It is Kibana's field list on the command line: start here to\n" +
			"learn what a dataset holds before writing a query.\n\n" +
			"Exit status: 0 done, 1 bad workspace or index, 2 usage error.",
		Example: "  soclab fields system.auth\n  soclab fields --top 10 --dir ws/ 'soclab-alerts*'\n  soclab fields --format json zeek.dns",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ds := ""
			if len(args) == 1 {
				ds = args[0]
			}
			return runFields(c.Context(), o, ds, c.OutOrStdout())
		},
	}
	f := c.Flags()
	o.src.addFlags(f)
	f.StringVarP(&o.format, "format", "f", "table", "output: table or json")
	f.IntVar(&o.top, "top", 5, "top values shown per field (0: none)")
	return c
}

func runFields(ctx context.Context, o *fieldsOptions, dataset string, stdout io.Writer) error {
	if err := checkEitherFormat(o.format, "table"); err != nil {
		return err
	}
	if o.top < 0 {
		return usageErrorf("--top %d: want 0 or more", o.top)
	}
	b, release, err := o.src.open(ctx)
	if err != nil {
		return err
	}
	defer release()
	index := query.IndexFor(dataset)
	stats, total, err := query.Fields(ctx, b, index, o.top)
	if err != nil {
		return withPointer(err)
	}
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"index": index, "documents": total, "fields": stats})
	}
	fmt.Fprintf(stdout, "%s: %d documents, %d fields\n\n", index, total, len(stats))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FIELD\tTYPE\tVALUES\tTOP VALUES")
	for _, f := range stats {
		tops := make([]string, len(f.Top))
		for i, t := range f.Top {
			tops[i] = fmt.Sprintf("%s (%d)", clip(t.Value, 40), t.Count)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", f.Name, f.Type, f.Values, strings.Join(tops, ", "))
	}
	return tw.Flush()
}

// clip shortens a value for a table cell.
func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
