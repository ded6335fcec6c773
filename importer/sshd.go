package importer

import (
	"bufio"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// sshd.go reads sshd's syslog lines: "Mar  2 14:03:11 host sshd[123]: ..."
// (BSD syslog, no year) or "2026-03-02T14:03:11.250+00:00 host sshd[123]:
// ..." (RFC 3339, as rsyslog and journald write it), and maps the lines
// soclab generates (telemetry.SSH) to the same events.

var (
	bsdHead  = regexp.MustCompile(`^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) ([^\[:\s]+)(?:\[(\d+)\])?: (.*)$`)
	isoHead  = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?) (\S+) ([^\[:\s]+)(?:\[(\d+)\])?: (.*)$`)
	sshLines = []struct {
		re  *regexp.Regexp
		res telemetry.SSHResult
	}{
		{regexp.MustCompile(`^Accepted (\S+) for (\S+) from (\S+) port (\d+) ssh2`), telemetry.SSHAccepted},
		{regexp.MustCompile(`^Failed (\S+) for invalid user (.*?) from (\S+) port (\d+) ssh2`), telemetry.SSHInvalidUser},
		{regexp.MustCompile(`^Failed (\S+) for (\S+) from (\S+) port (\d+) ssh2`), telemetry.SSHFailed},
		{regexp.MustCompile(`^()Invalid user (.*?) from (\S+)(?: port (\d+))?\s*$`), telemetry.SSHInvalidUserLine},
		{regexp.MustCompile(`^message repeated (\d+) times: \[ Failed (\S+) for (?:invalid user )?(.*?) from (\S+) port (\d+) ssh2\]`), telemetry.SSHRepeated},
		{regexp.MustCompile(`^Disconnected from (authenticating|invalid) user (.*?) (\S+) port (\d+) \[preauth\]`), telemetry.SSHDisconnect},
		{regexp.MustCompile(`^Connection closed by (authenticating|invalid) user (.*?) (\S+) port (\d+) \[preauth\]`), telemetry.SSHDisconnect},
		{regexp.MustCompile(`^()()Received disconnect from ([0-9a-fA-F.:]+?)(?::? port (\d+))?: ?\d+:`), telemetry.SSHDisconnect},
		{regexp.MustCompile(`^pam_unix\(sshd:auth\): authentication failure;.* rhost=(\S*)(?:\s+user=(\S+))?\s*$`), telemetry.SSHPAMFailure},
		{regexp.MustCompile(`^PAM (\d+) more authentication failures;.* rhost=(\S*)(?:\s+user=(\S+))?\s*$`), telemetry.SSHPAMMore},
		{regexp.MustCompile(`^Address (\S+) maps to \S+, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!`), telemetry.SSHBreakIn},
		{regexp.MustCompile(`^reverse mapping checking getaddrinfo for \S+ \[(\S+)\] failed.*POSSIBLE BREAK-IN ATTEMPT!`), telemetry.SSHBreakIn},
		{regexp.MustCompile(`^pam_unix\(sshd:session\): session closed for user (\S+)`), telemetry.SSHLogout},
	}
)

var months = map[string]time.Month{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}

// syslogClock gives BSD syslog stamps their year: the import's year, one
// more each time the month goes back (a log across New Year).
type syslogClock struct {
	year  int
	month time.Month
	loc   *time.Location
}

func (c *syslogClock) at(mon string, day, hh, mm, ss int) (time.Time, bool) {
	m, ok := months[mon]
	if !ok || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 {
		return time.Time{}, false
	}
	if c.month != 0 && m < c.month && c.month-m > 6 {
		c.year++
	}
	c.month = m
	return time.Date(c.year, m, day, hh, mm, ss, 0, c.loc), true
}

func readSSHD(r *bufio.Reader, year int, loc *time.Location, b *batch) error {
	clk := &syslogClock{year: year, loc: loc}
	return lines(r, b.file, func(n int, line string) error {
		if strings.TrimSpace(line) == "" {
			return nil
		}
		b.read++
		t, host, prog, pid, msg, ok := syslogHead(line, clk)
		if !ok {
			b.skip(n, "not a syslog line")
			return nil
		}
		if prog != "sshd" && !strings.HasPrefix(prog, "sshd-") {
			b.skip(n, "not sshd ("+prog+")")
			return nil
		}
		s, ok := sshRecord(msg)
		if !ok {
			b.skip(n, "sshd line of a kind soclab does not map")
			return nil
		}
		s.Host, s.PID = host, pid
		e := b.add(t.UTC(), &s)
		e.Set("message", event.String(msg)) // sshd's own words, not soclab's

		return nil
	})
}

// syslogHead splits a syslog line into its time, host, program, pid and
// message; clk dates BSD stamps and zones ISO stamps without an offset.
func syslogHead(line string, clk *syslogClock) (t time.Time, host, prog string, pid int, msg string, ok bool) {
	if m := bsdHead.FindStringSubmatch(line); m != nil {
		day, _ := strconv.Atoi(m[2])
		hh, _ := strconv.Atoi(m[3])
		mm, _ := strconv.Atoi(m[4])
		ss, _ := strconv.Atoi(m[5])
		if t, ok = clk.at(m[1], day, hh, mm, ss); !ok {
			return
		}
		pid, _ = strconv.Atoi(m[8])
		return t, m[6], m[7], pid, m[9], true
	}
	if m := isoHead.FindStringSubmatch(line); m != nil {
		var err error
		if t, err = parseISO(m[1], clk.loc); err != nil {
			return
		}
		pid, _ = strconv.Atoi(m[4])
		return t, m[2], m[3], pid, m[5], true
	}
	return
}

func parseISO(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.ParseInLocation("2006-01-02T15:04:05.999999999", s, loc)
}

// sshRecord maps an sshd message to the record soclab would have built.
func sshRecord(msg string) (telemetry.SSH, bool) {
	for _, l := range sshLines {
		m := l.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		s := telemetry.SSH{Result: l.res}
		switch l.res {
		case telemetry.SSHAccepted, telemetry.SSHFailed, telemetry.SSHInvalidUser, telemetry.SSHInvalidUserLine:
			s.Method, s.User, s.SrcIP, s.SrcPort = m[1], m[2], addr(m[3]), atoi(m[4])
			s.Unknown = l.res == telemetry.SSHInvalidUserLine
		case telemetry.SSHRepeated:
			s.Repeat, s.Method, s.User, s.SrcIP, s.SrcPort = atoi(m[1]), m[2], m[3], addr(m[4]), atoi(m[5])
			s.Unknown = strings.Contains(msg, "for invalid user ")
		case telemetry.SSHDisconnect:
			s.Unknown, s.User, s.SrcIP, s.SrcPort = m[1] == "invalid", m[2], addr(m[3]), atoi(m[4])
		case telemetry.SSHPAMFailure:
			s.SrcIP, s.User, s.Unknown = addr(m[1]), m[2], m[2] == ""
		case telemetry.SSHPAMMore:
			s.Repeat, s.SrcIP, s.User, s.Unknown = atoi(m[1]), addr(m[2]), m[3], m[3] == ""
		case telemetry.SSHBreakIn:
			s.SrcIP = addr(m[1])
		case telemetry.SSHLogout:
			s.User = m[1]
		}
		return s, true
	}
	return telemetry.SSH{}, false
}

func addr(s string) netip.Addr {
	a, _ := netip.ParseAddr(strings.Trim(s, "[]"))
	return a
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
