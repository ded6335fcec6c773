package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/console"
	"github.com/soclab/soclab/query"
)

// serveOptions are the flags of soclab serve.
type serveOptions struct {
	dir    string
	addr   string
	cohort string
	es     esFlags
}

func newServeCommand() *cobra.Command {
	o := &serveOptions{}
	c := &cobra.Command{
		Use:   "serve [--dir WS | --cohort OUT] [--addr HOST:PORT] [--es-url URL]",
		Short: "Open the trainee console: alert queue, Discover, triage and report in a browser",
		Long: "serve starts the trainee console for one workspace and prints its URL: an alert queue\n" +
			"with each alert's evidence events and pivots, Discover (KQL and ES|QL with a histogram, a\n" +
			"field list and a document view), a triage form per alert that writes triage.yaml, a report\n" +
			"editor with a live lint of what the grader will read, and submit. triage.yaml and\n" +
			"report.md stay the source of truth: the CLI and the console never disagree. It listens on\n" +
			"loopback by default; with --es-url queries go to the trainee's Elasticsearch instead of the\n" +
			"embedded store. The JSON API is documented in docs/console.md. With --cohort OUT it shows\n" +
			"an instructor the results of soclab grade-cohort --out OUT instead: per-trainee scores,\n" +
			"the criterion charts, the weakest criteria and each trainee's feedback sheet. Stop it\n" +
			"with Ctrl-C.\n\n" +
			"Exit status: 0 stopped, 1 bad workspace or address in use, 2 usage error.",
		Example: "  soclab serve                       # in a workspace folder; open the printed URL\n" +
			"  soclab serve --dir ~/labs/ssh-101 --addr 127.0.0.1:9000\n" +
			"  soclab serve --cohort results/           # an instructor's view of grade-cohort --out results/",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			// main's context ends at SIGINT or SIGTERM: the server then
			// shuts down and serve exits 0.
			return runServe(c.Context(), o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVarP(&o.dir, "dir", "d", ".", "the workspace")
	f.StringVar(&o.addr, "addr", "127.0.0.1:8765", "address to listen on (port 0 picks a free one)")
	f.StringVar(&o.cohort, "cohort", "", "show grade-cohort's results in this --out folder instead of a workspace")
	o.es.AddFlags(f)
	return c
}

func runServe(ctx context.Context, o *serveOptions, stdout, stderr io.Writer) error {
	if o.cohort != "" {
		if o.dir != "." {
			return usageErrorf("--cohort and --dir cannot be used together")
		}
		cs, err := console.NewCohort(o.cohort)
		if err != nil {
			return err
		}
		return listenAndServe(ctx, o.addr, "cohort "+o.cohort, cs.Handler(), stdout, stderr)
	}
	var b query.Backend
	es, err := o.es.connectIfSet(ctx)
	if err != nil {
		return err
	}
	if es != nil {
		b = esBackend{es}
	} else {
		eng, err := query.OpenWorkspace(o.dir)
		if err != nil {
			return err
		}
		defer eng.Close()
		b = eng
	}
	srv, err := console.New(console.Options{Dir: o.dir, Backend: b})
	if err != nil {
		return err
	}
	return listenAndServe(ctx, o.addr, o.dir, srv.Handler(), stdout, stderr)
}

// listenAndServe serves h on addr until ctx ends, after printing its URL.
func listenAndServe(ctx context.Context, addr, what string, h http.Handler, stdout, stderr io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	if host, _, _ := net.SplitHostPort(addr); !isLoopback(host) {
		fmt.Fprintf(stderr, "soclab: warning: %s is not a loopback address: anyone who can reach it can read %s\n", addr, what)
	}
	fmt.Fprintf(stdout, "soclab console for %s: http://%s/ (Ctrl-C to stop)\n", what, ln.Addr())
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shut)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
