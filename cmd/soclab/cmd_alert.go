package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/query"
)

// alertOptions are the flags of soclab alert.
type alertOptions struct {
	src    backendFlags
	format string
}

func newAlertCommand() *cobra.Command {
	o := &alertOptions{}
	c := &cobra.Command{
		Use:   "alert [--dir WS] [--format table|json|csv|ndjson] ALERT_ID",
		Short: "Show an alert and the events that raised it",
		Long: "alert prints an alert (its rule, time, level, entity and message) and then its evidence:\n" +
			"the events whose ids the alert lists, in time order, as a table of key fields. ALERT_ID is\n" +
			"the id in triage.yaml. --format json, csv or ndjson print every field of the events.\n\n" +
			"Exit status: 0 shown, 1 no such alert or bad workspace, 2 usage error.",
		Example: "  soclab alert 930573fb50cc7e2e40b1ba76bfba21d2\n  soclab alert --format ndjson 930573fb50cc7e2e40b1ba76bfba21d2 > evidence.ndjson",
		Args:    exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runAlert(c.Context(), o, args[0], c.OutOrStdout())
		},
	}
	f := c.Flags()
	o.src.addFlags(f)
	f.StringVarP(&o.format, "format", "f", "table", "output of the events: table, json, csv or ndjson")
	return c
}

// alertHeader are the alert fields printed above its evidence.
var alertHeader = []string{"event.id", "@timestamp", "rule.name", "soclab.alert.level", "message", "threat.technique.id"}

func runAlert(ctx context.Context, o *alertOptions, id string, stdout io.Writer) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	b, release, err := o.src.open(ctx)
	if err != nil {
		return err
	}
	defer release()
	alert, events, err := query.AlertEvidence(ctx, b, id)
	if err != nil {
		return err
	}
	if o.format != "table" {
		return events.Write(stdout, o.format)
	}
	header := alertHeader
	for _, c := range alert.Columns {
		if strings.HasPrefix(c.Name, "soclab.alert.group_by.") {
			header = append(header, c.Name)
		}
	}
	if err := writeVertical(stdout, alert.Keep(header...)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d evidence event(s):\n", len(events.Values))
	return events.Keep(tableFields...).DropEmptyColumns().Write(stdout, "table")
}
