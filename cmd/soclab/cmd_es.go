package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/store/elastic"
)

const esExitHelp = "\n\nExit status: 0 done, 1 failed (the message says why and how to fix it), 2 usage error."

func newESCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "es",
		Short: "Set up and fill an Elasticsearch 8 cluster for a classroom",
		Long: "The es commands prepare an Elasticsearch 8 cluster (and its Kibana) for a class: check the\n" +
			"connection, install soclab's index templates, import the Kibana data views and triage\n" +
			"dashboard, create one confined user per trainee, and load events.\n\n" +
			"The cluster is named by --es-url or SOCLAB_ES_URL. Credentials come from the environment only:\n" +
			"SOCLAB_ES_API_KEY, or SOCLAB_ES_USERNAME and SOCLAB_ES_PASSWORD; a private CA from\n" +
			"SOCLAB_ES_CA_CERT (a PEM file) or SOCLAB_ES_CA_FINGERPRINT. See docs/elasticsearch.md.",
		Example: "  export SOCLAB_ES_URL=https://localhost:9200 SOCLAB_ES_USERNAME=elastic SOCLAB_ES_PASSWORD=...\n" +
			"  soclab es check\n  soclab es setup --kibana-url http://localhost:5601",
	}
	for _, sub := range []func() *cobra.Command{newESCheckCommand, newESTemplatesCommand, newESKibanaCommand,
		newESSetupCommand, newESProvisionCommand, newESIngestCommand} {
		c.AddCommand(sub())
	}
	return c
}

func newESCheckCommand() *cobra.Command {
	var es esFlags
	c := &cobra.Command{
		Use:     "check",
		Short:   "Connect to Elasticsearch and report its version and health",
		Long:    "check connects with the configured URL and credentials, checks that the server is Elasticsearch 8\nor later, and prints its version and health." + esExitHelp,
		Example: "  SOCLAB_ES_URL=http://localhost:9200 SOCLAB_ES_USERNAME=elastic SOCLAB_ES_PASSWORD=changeme soclab es check",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := es.Connect(cmd.Context())
			if err != nil {
				return err
			}
			info := client.Info()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Elasticsearch %s at %s, cluster %q\n", info.Version, client.URL(), info.ClusterName)
			h, err := client.Health(cmd.Context())
			switch {
			case errors.Is(err, elastic.ErrForbidden):
				fmt.Fprintln(out, "health: not visible to this user (needs the monitor privilege)")
			case err != nil:
				return err
			default:
				fmt.Fprintf(out, "health: %s, %d node(s)\n", h.Status, h.Nodes)
			}
			return nil
		},
	}
	es.AddFlags(c.Flags())
	return c
}

func newESTemplatesCommand() *cobra.Command {
	var es esFlags
	var namespaces []string
	c := &cobra.Command{
		Use:   "templates",
		Short: "Install soclab's index templates (ECS mappings)",
		Long: "templates installs the composable index templates soclab-logs (data streams logs-soclab.*-*)\n" +
			"and soclab-alerts (indices soclab-alerts-*), and for each --namespace NS the template\n" +
			"soclab-logs-NS (exactly logs-system.auth-NS, logs-system.security-NS, logs-zeek.connection-NS\n" +
			"and logs-zeek.dns-NS), which give every field soclab emits its ECS type. The system.* and\n" +
			"zeek.* data streams of other namespaces keep the cluster's own templates (Elastic Agent's),\n" +
			"and a namespace where they exist but soclab did not create them is refused (unless\n" +
			"--es-share-namespace). Loading events and es provision install the templates of their\n" +
			"namespaces too; run this to update a cluster after an upgrade." + esExitHelp,
		Example: "  soclab es templates --es-url https://localhost:9200 --es-ca-cert certs/ca/ca.crt --namespace jdoe,asmith",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var nss []string
			for _, n := range namespaces {
				ns, err := elastic.Namespace(n)
				if err != nil {
					return usageErrorf("--namespace: %v", err)
				}
				nss = append(nss, ns)
			}
			client, err := es.Connect(cmd.Context())
			if err != nil {
				return err
			}
			if err := client.PrepareNamespaces(cmd.Context(), nss...); err != nil {
				return err
			}
			_, ecs, _ := elastic.Fields()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "installed index templates soclab-logs (%s) and soclab-alerts (%s), ECS %s\n", elastic.LogsPattern, elastic.AlertsPattern, ecs)
			for _, ns := range nss {
				fmt.Fprintf(out, "installed index template %s (%s)\n", elastic.NamespaceTemplateName(ns), strings.Join(elastic.NamespacePatterns(ns), ","))
			}
			return nil
		},
	}
	es.AddFlags(c.Flags())
	c.Flags().StringSliceVar(&namespaces, "namespace", nil, "also install the template of these namespaces (trainee ids or lab instances; repeat or separate with commas)")
	return c
}

func newESKibanaCommand() *cobra.Command {
	var es esFlags
	var kibanaURL string
	c := &cobra.Command{
		Use:   "kibana",
		Short: "Import soclab's data views and triage dashboard into Kibana",
		Long: "kibana imports the data views logs-* and soclab-alerts-*, the triage saved searches and\n" +
			"the \"soclab: SOC triage\" dashboard into Kibana's default space, replacing earlier copies.\n" +
			"It uses the Elasticsearch credentials. The same objects are in deploy/kibana/." + esExitHelp,
		Example: "  soclab es kibana --kibana-url http://localhost:5601",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			url := pick(kibanaURL, os.Getenv("SOCLAB_KIBANA_URL"))
			if url == "" {
				return usageErrorf("no Kibana URL: pass --kibana-url or set SOCLAB_KIBANA_URL")
			}
			if err := es.checkKibana(url); err != nil {
				return err
			}
			client, err := es.Connect(cmd.Context())
			if err != nil {
				return err
			}
			res, err := client.ImportKibana(cmd.Context(), url)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d saved objects into Kibana at %s (data views %s and %s, dashboard \"soclab: SOC triage\")\n",
				res.Imported, url, "logs-*", elastic.AlertsPattern)
			return nil
		},
	}
	es.AddFlags(c.Flags())
	c.Flags().StringVar(&kibanaURL, "kibana-url", "", "Kibana URL, such as http://localhost:5601 (default $SOCLAB_KIBANA_URL)")
	return c
}

func newESSetupCommand() *cobra.Command {
	var es esFlags
	var kibanaURL string
	var wait time.Duration
	c := &cobra.Command{
		Use:   "setup",
		Short: "Wait for the cluster, install the templates and import the Kibana objects",
		Long: "setup does what a fresh classroom cluster needs, waiting up to --wait for Elasticsearch and\n" +
			"Kibana to come up: templates, then (with --kibana-url) the Kibana saved objects. docker compose\n" +
			"runs it once the stack is healthy." + esExitHelp,
		Example: "  soclab es setup --kibana-url http://kibana:5601 --wait 5m",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(cmd.Context(), wait)
			defer cancel()
			out := cmd.OutOrStdout()
			var client *elastic.Client
			err := retryUntil(ctx, func() (err error) { client, err = es.Connect(ctx); return err })
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Elasticsearch %s at %s\n", client.Info().Version, client.URL())
			if err := client.InstallTemplates(ctx); err != nil {
				return err
			}
			fmt.Fprintf(out, "installed index templates soclab-logs and soclab-alerts (each namespace gets its own when soclab first writes to it or provisions it)\n")
			url := pick(kibanaURL, os.Getenv("SOCLAB_KIBANA_URL"))
			if url == "" {
				return nil
			}
			if err := es.checkKibana(url); err != nil {
				return err
			}
			var res elastic.KibanaImport
			if err := retryUntil(ctx, func() (err error) { res, err = client.ImportKibana(ctx, url); return err }); err != nil {
				return err
			}
			fmt.Fprintf(out, "imported %d saved objects into Kibana at %s\n", res.Imported, url)
			return nil
		},
	}
	es.AddFlags(c.Flags())
	c.Flags().StringVar(&kibanaURL, "kibana-url", "", "Kibana URL (default $SOCLAB_KIBANA_URL; none: skip Kibana)")
	c.Flags().DurationVar(&wait, "wait", 3*time.Minute, "how long to wait for Elasticsearch and Kibana to answer")
	return c
}

// retryUntil calls f every 3 seconds while it fails because the service is
// not up yet (unreachable, or a 5xx while it starts), until ctx ends.
func retryUntil(ctx context.Context, f func() error) error {
	for {
		err := f()
		var ee *elastic.Error
		if err == nil || !errors.As(err, &ee) || !(ee.Kind == elastic.ErrUnreachable || ee.Status >= 500) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("gave up waiting: %w", err)
		case <-time.After(3 * time.Second):
		}
	}
}

func newESProvisionCommand() *cobra.Command {
	var es esFlags
	var rosterPath, lab, out string
	c := &cobra.Command{
		Use:   "provision",
		Short: "Create one Elasticsearch/Kibana user per trainee, confined to their own data",
		Long: "provision reads a roster CSV (a header naming an id column, and optionally name and email) and\n" +
			"creates, for each trainee, a role that may read only logs-*-<trainee> and\n" +
			"soclab-alerts-<trainee> (and use Kibana's Discover and dashboards), and a user with a new random\n" +
			"password; it also installs each trainee's index template soclab-logs-<trainee>. A trainee whose\n" +
			"namespace already holds system.* or zeek.* data streams soclab did not create is refused, before\n" +
			"anything is created (--es-share-namespace overrides). The passwords go to --out (CSV, mode 0600:\n" +
			"readable by you only): hand each trainee their line. Running it again gives everyone a new\n" +
			"password. Needs the manage_security and manage_index_templates privileges." + esExitHelp,
		Example: "  soclab es provision --roster roster.csv --lab ssh-bruteforce-101 --out passwords.csv",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if rosterPath == "" || lab == "" {
				return usageErrorf("es provision needs --roster and --lab\nrun 'soclab es provision --help' for usage")
			}
			if out == "" {
				out = "passwords-" + lab + ".csv"
			}
			if err := iofile.CheckOutputs(append(es.inputs(), iofile.In("--roster", rosterPath), iofile.Out("--out", out))...); err != nil {
				return err
			}
			trainees, err := readRoster(rosterPath)
			if err != nil {
				return err
			}
			client, err := es.Connect(cmd.Context())
			if err != nil {
				return err
			}
			f, err := iofile.CreatePrivate(out)
			if err != nil {
				return err
			}
			defer f.Abort()
			creds, err := client.Provision(cmd.Context(), trainees, lab)
			if err == nil {
				err = elastic.WriteCredentials(f, creds)
			}
			if err == nil {
				err = f.Commit()
			}
			if err != nil {
				if len(creds) > 0 {
					err = fmt.Errorf("%w\n%d trainee(s) were provisioned before the failure; run the command again to finish (everyone gets a new password)", err, len(creds))
				}
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "provisioned %d trainee(s) for lab %s; their passwords are in %s (keep it private)\n", len(creds), lab, out)
			fmt.Fprintf(cmd.OutOrStdout(), "installed the index templates of their namespaces: %s\n", namespaceTemplates(creds))
			return nil
		},
	}
	es.AddFlags(c.Flags())
	c.Flags().StringVar(&rosterPath, "roster", "", "roster CSV with a header line: id[,name,email]")
	c.Flags().StringVar(&lab, "lab", "", "the lab the class is doing (recorded in the roles)")
	c.Flags().StringVar(&out, "out", "", "CSV file for the generated passwords (default passwords-<lab>.csv)")
	return c
}

// namespaceTemplates lists the namespace templates of creds' namespaces.
func namespaceTemplates(creds []elastic.Credential) string {
	names := make([]string, len(creds))
	for i, c := range creds {
		names[i] = elastic.NamespaceTemplateName(c.Namespace)
	}
	return strings.Join(names, ", ")
}

// readRoster reads the roster with the parser assign uses, so one file
// serves both.
func readRoster(path string) ([]elastic.Trainee, error) {
	rows, err := readRosterFile(path)
	if err != nil {
		return nil, err
	}
	out := make([]elastic.Trainee, len(rows))
	for i, r := range rows {
		out[i] = elastic.Trainee{ID: r.ID, Name: r.Name, Email: r.Email}
	}
	return out, nil
}

func newESIngestCommand() *cobra.Command {
	var es esFlags
	var events, namespace, deadLetter, metricsAddr string
	var quiet bool
	c := &cobra.Command{
		Use:   "ingest",
		Short: "Load an NDJSON file of events or alerts into a namespace",
		Long: "ingest loads events (into data streams logs-<dataset>-<namespace>) and alerts (event.kind\n" +
			"alert, into soclab-alerts-<namespace>) from NDJSON (.gz and .zst too; - for standard input).\n" +
			"It refuses a namespace whose system.* or zeek.* data streams soclab did not create (real\n" +
			"agents' data: choose another namespace, or pass --es-share-namespace).\n" +
			"Documents Elasticsearch rejects for a temporary reason are retried with back-off; the others\n" +
			"are written with their reason to the dead-letter file, and the command exits 1 saying how many.\n" +
			"At the end it checks that Elasticsearch counts exactly what was sent." + esExitHelp,
		Example: "  soclab generate --lab ssh-bruteforce-101 --seed 7 --out events.ndjson\n" +
			"  soclab es ingest --events events.ndjson --namespace jdoe",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if events == "" || namespace == "" {
				return usageErrorf("es ingest needs --events and --namespace\nrun 'soclab es ingest --help' for usage")
			}
			ns, err := elastic.Namespace(namespace)
			if err != nil {
				return usageErrorf("--namespace: %v", err)
			}
			if deadLetter == "" {
				deadLetter = "deadletter-" + ns + ".ndjson"
			}
			if err := iofile.CheckOutputs(append(es.inputs(), iofile.In("--events", events), iofile.Out("--dead-letter", deadLetter))...); err != nil {
				return err
			}
			client, err := es.Connect(cmd.Context())
			if err != nil {
				return err
			}
			metrics, err := startMetrics(metricsAddr)
			if err != nil {
				return err
			}
			defer metrics.Stop()
			bar := newProgress(quiet, -1, "indexing")
			st, err := elastic.IngestFile(cmd.Context(), client, events, elastic.IndexerOptions{
				Namespace: ns, DeadLetterPath: deadLetter, Registerer: metrics.Registerer(), Progress: bar.Set})
			bar.Done()
			if err == nil || st.Sent > 0 { // nothing to count when the namespace was refused
				printIngest(cmd.OutOrStdout(), ns, st)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "Elasticsearch counts match what was sent")
			return nil
		},
	}
	es.AddFlags(c.Flags())
	c.Flags().StringVar(&events, "events", "", "NDJSON file of events or alerts (- for standard input)")
	c.Flags().StringVar(&namespace, "namespace", "", "the namespace to load into: a trainee id or a lab instance")
	c.Flags().StringVar(&deadLetter, "dead-letter", "", "NDJSON file for documents that fail (default deadletter-<namespace>.ndjson)")
	c.Flags().StringVar(&metricsAddr, "metrics-addr", "", "serve Prometheus metrics on this address while loading, such as :9464")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return c
}

func printIngest(w io.Writer, ns string, st elastic.Stats) {
	fmt.Fprintf(w, "namespace %s: sent %d, indexed %d (%d already there), retried %d, failed %d\n",
		ns, st.Sent, st.Indexed, st.Existing, st.Retried, st.Failed)
}
