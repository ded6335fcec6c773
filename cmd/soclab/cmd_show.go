package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/query"
)

// showOptions are the flags of soclab show.
type showOptions struct {
	src    backendFlags
	format string
}

func newShowCommand() *cobra.Command {
	o := &showOptions{}
	c := &cobra.Command{
		Use:   "show [--dir WS] [--format table|json] EVENT_ID",
		Short: "Show one event (or alert) by its event.id, one field a line",
		Long: "show prints every field of the event or alert whose event.id is EVENT_ID, one field a line\n" +
			"in name order: Kibana's document view. --format json prints it as ES|QL's _query body.\n\n" +
			"Exit status: 0 shown, 1 no such event or bad workspace, 2 usage error.",
		Example: "  soclab show 576f43aca98595db\n  soclab show --dir ws/ --format json 576f43aca98595db",
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runShow(c.Context(), o, args[0], c.OutOrStdout())
		},
	}
	f := c.Flags()
	o.src.addFlags(f)
	f.StringVarP(&o.format, "format", "f", "table", "output: table (vertical) or json")
	return c
}

func runShow(ctx context.Context, o *showOptions, id string, stdout io.Writer) error {
	if err := checkEitherFormat(o.format, "table"); err != nil {
		return err
	}
	b, release, err := o.src.open(ctx)
	if err != nil {
		return err
	}
	defer release()
	res, err := query.EventByID(ctx, b, id)
	if err != nil {
		return err
	}
	if o.format == "json" {
		return res.Write(stdout, "json")
	}
	return writeVertical(stdout, res)
}

// writeVertical prints the first row of a result one field a line.
func writeVertical(w io.Writer, res *query.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, c := range res.Columns {
		v := res.Values[0][i]
		if v == nil || c.Name == "_index" {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\n", c.Name, query.FormatValue(v))
	}
	return tw.Flush()
}
