package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/soclab/soclab/importer"
	"github.com/soclab/soclab/iofile"
)

// importOptions are the flags of soclab import.
type importOptions struct {
	from string
	out  string
	year int
	tz   string
}

func newImportCommand() *cobra.Command {
	o := &importOptions{}
	c := &cobra.Command{
		Use:   "import --from sshd|zeek|elastic|evtx|pcap FILE... --out FILE [--year Y] [--tz ZONE]",
		Short: "Turn real logs and captures into soclab events (NDJSON, time-ordered)",
		Long: "import reads real recordings and writes the events soclab would have generated for them, in\n" +
			"time order, so that detect, the workspace and queries work on them unchanged:\n\n" +
			"  sshd     sshd's syslog lines (auth.log, secure; BSD or RFC 3339 stamps)\n" +
			"  zeek     Zeek conn, dns, http and ssl logs (TSV or JSON); ssl names its conn's server\n" +
			"  elastic  NDJSON of Elasticsearch documents: a Kibana or winlogbeat export, search hits,\n" +
			"           a bulk body (use it for Windows event logs exported with winlogbeat)\n" +
			"  evtx     Windows event log files (.evtx): the Security records soclab knows (4624, 4625,\n" +
			"           4634, 4648, 4672, 4720, 4728, 4732, 4740); other records are skipped\n" +
			"  pcap     a pcap or pcapng capture: connections, DNS, HTTP requests, TLS server names\n\n" +
			"Files may be gzip- or zstd-compressed (.gz, .zst). Syslog stamps have no year: --year gives\n" +
			"it (default: each file's modification year) and --tz their zone (default UTC). It prints\n" +
			"how many lines (packets) it read, mapped, skipped (by reason, with the first place) and\n" +
			"found out of order; a damaged EVTX file is named with its chunk, record and offset.\n\n" +
			"Exit status: 0 imported, 1 unreadable input or a failed write (no output is left), 2 usage error.",
		Example: "  soclab import --from sshd /var/log/auth.log --year 2026 --tz Europe/Berlin --out ssh.ndjson\n" +
			"  soclab import --from zeek conn.log dns.log ssl.log --out zeek.ndjson\n" +
			"  soclab import --from evtx Security.evtx --out windows.ndjson\n" +
			"  soclab import --from pcap capture.pcap --out net.ndjson && soclab detect --events net.ndjson --out alerts.ndjson",
		Args: minArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runImport(o, args, c.ErrOrStderr())
		},
	}
	f := c.Flags()
	f.StringVar(&o.from, "from", "", "the format: sshd, zeek, elastic, evtx or pcap")
	f.StringVarP(&o.out, "out", "o", "", "the events file (NDJSON; .gz or .zst compress; - for standard output)")
	f.IntVar(&o.year, "year", 0, "the year of syslog time stamps (default: each file's modification year)")
	f.StringVar(&o.tz, "tz", "UTC", "the time zone of syslog time stamps without one (IANA name)")
	_ = c.MarkFlagRequired("from")
	_ = c.MarkFlagRequired("out")
	return c
}

func runImport(o *importOptions, files []string, stderr io.Writer) error {
	format, err := importer.ParseFormat(o.from)
	if err != nil {
		return usageErrorf("--from: %v", err)
	}
	loc, err := time.LoadLocation(o.tz)
	if err != nil {
		return usageErrorf("--tz %q: not a time zone name (e.g. UTC, Europe/Berlin)", o.tz)
	}
	if o.year < 0 || o.year > 9999 {
		return usageErrorf("--year %d: not a year", o.year)
	}
	if err := iofile.CheckOutputs(append(inputs("FILE", files...), iofile.Out("--out", o.out))...); err != nil {
		return err
	}
	out, err := iofile.Create(o.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	st, err := importer.Import(format, files, importer.Options{Year: o.year, Location: loc}, out)
	if err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "read %d, mapped %d, skipped %d, out of order %d\n", st.Read, st.Mapped, st.SkippedTotal(), st.OutOfOrder)
	for _, s := range st.Skipped {
		fmt.Fprintf(stderr, "  skipped %d: %s (first at %s)\n", s.Count, strings.TrimSpace(s.Reason), s.First)
	}
	return nil
}
