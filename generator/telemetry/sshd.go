package telemetry

import (
	"crypto/sha256"
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/soclab/soclab/event"
)

// SSHResult is what sshd logged: a login attempt's result, or one of the
// other lines a real sshd writes around it.
type SSHResult int

// The sshd lines.
const (
	SSHAccepted    SSHResult = iota // "Accepted password|publickey for U from IP port P ssh2"
	SSHFailed                       // "Failed password for U from IP port P ssh2"
	SSHInvalidUser                  // "Failed password for invalid user U from IP port P ssh2"
	SSHLogout                       // "pam_unix(sshd:session): session closed for user U"
	// SSHInvalidUserLine is "Invalid user U from IP port P", written when
	// the connection names an account that does not exist.
	SSHInvalidUserLine
	// SSHPAMFailure is "pam_unix(sshd:auth): authentication failure; ...
	// rhost=IP  user=U" (no user= for an account that does not exist).
	SSHPAMFailure
	// SSHPAMMore is "PAM N more authentication failures; ... rhost=IP
	// user=U", written at disconnect after N further failures.
	SSHPAMMore
	// SSHRepeated is syslog's "message repeated N times: [ Failed password
	// for U from IP port P ssh2]": N more identical failures on one
	// connection, folded into one line.
	SSHRepeated
	// SSHDisconnect is "Disconnected from authenticating user U IP port P
	// [preauth]" ("invalid user" for an account that does not exist).
	SSHDisconnect
	// SSHBreakIn is "Address IP maps to NAME, but this does not map back to
	// the address - POSSIBLE BREAK-IN ATTEMPT!": the client's reverse DNS
	// does not match.
	SSHBreakIn
)

// SSH is one sshd record on a Linux server (dataset system.auth).
//
// Fields: host.name, host.hostname, host.ip, host.os.type, process.name,
// process.pid, user.name, source.address, source.ip, source.port, source.geo.*,
// source.as.*, event.action, event.outcome, event.reason ("invalid user",
// "wrong password"), event.duration (logout), message, and Elastic's
// system.auth.ssh.event ("Accepted", "Failed", "Invalid"),
// system.auth.ssh.method and system.auth.ssh.signature (public keys).
//
// event.category, event.type, event.action and event.outcome follow
// Elastic's System integration: a login attempt ("Accepted", "Failed",
// "Invalid") is ssh_login, authentication (plus session when accepted),
// type info; the PAM failure lines are authentication_failure. The login
// records soclab always had keep event.type start beside info. Lines
// Elastic leaves unclassified get soclab's own action and no outcome:
// ssh_logout, ssh_login_repeated, ssh_disconnect, ssh_possible_break_in.
type SSH struct {
	Host     string
	HostIP   netip.Addr
	User     string
	SrcIP    netip.Addr
	SrcPort  int
	SrcGeo   *Geo
	Result   SSHResult
	Method   string // "password" or "publickey"
	PID      int
	Duration time.Duration // session length, for SSHLogout
	Repeat   int           // N of SSHRepeated and SSHPAMMore
	// Unknown says the account does not exist (PAM and disconnect lines).
	Unknown bool
}

var (
	catAuthSession = event.Strings("authentication", "session")
	typeInfo       = event.Strings("info")
	typeInfoStart  = event.Strings("info", "start")
)

// Build writes the event into e.
func (s *SSH) Build(e *event.Event, m Meta) {
	user, port := s.User, s.SrcPort
	sig := s.signature() // one hash, for system.auth.ssh.signature and the message
	switch s.Result {
	case SSHLogout:
		begin(e, m, event.DatasetSSH, catSession, typeEnd)
		e.Add("event.action", event.String("ssh_logout"))
		e.Add("event.outcome", event.String("success"))
		e.Add("event.duration", event.Int(int64(s.Duration)))
	case SSHAccepted:
		begin(e, m, event.DatasetSSH, catAuthSession, typeInfoStart)
		e.Add("event.action", event.String("ssh_login"))
		e.Add("event.outcome", event.String("success"))
		s.sshFields(e, "Accepted", sig)
	case SSHFailed, SSHInvalidUser:
		begin(e, m, event.DatasetSSH, catAuthentication, typeInfoStart)
		e.Add("event.action", event.String("ssh_login"))
		e.Add("event.outcome", event.String("failure"))
		reason := "wrong password"
		if s.Result == SSHInvalidUser {
			reason = "invalid user"
		}
		e.Add("event.reason", event.String(reason))
		s.sshFields(e, "Failed", sig)
	case SSHInvalidUserLine:
		begin(e, m, event.DatasetSSH, catAuthentication, typeInfo)
		e.Add("event.action", event.String("ssh_login"))
		e.Add("event.outcome", event.String("failure"))
		e.Add("event.reason", event.String("invalid user"))
		e.Add("system.auth.ssh.event", event.String("Invalid"))
		port = 0 // Elastic's pattern for this line stops at the address
	case SSHPAMFailure, SSHPAMMore:
		begin(e, m, event.DatasetSSH, catAuthentication, typeInfo)
		e.Add("event.action", event.String("authentication_failure"))
		e.Add("event.outcome", event.String("failure"))
		if s.Unknown {
			user = ""
		}
		port = 0
	case SSHRepeated:
		begin(e, m, event.DatasetSSH, catAuthentication, typeInfo)
		e.Add("event.action", event.String("ssh_login_repeated"))
	case SSHDisconnect:
		begin(e, m, event.DatasetSSH, catNetwork, typeEnd)
		e.Add("event.action", event.String("ssh_disconnect"))
	case SSHBreakIn:
		begin(e, m, event.DatasetSSH, catNetwork, typeInfo)
		e.Add("event.action", event.String("ssh_possible_break_in"))
		user, port = "", 0
	}
	addStr(e, "host.name", s.Host)
	addStr(e, "host.hostname", s.Host)
	addIP(e, "host.ip", s.HostIP)
	e.Add("host.os.type", event.String("linux"))
	e.Add("process.name", event.String("sshd"))
	addInt(e, "process.pid", int64(s.PID))
	addStr(e, "user.name", user)
	addIP(e, "source.address", s.SrcIP)
	addIP(e, "source.ip", s.SrcIP)
	addInt(e, "source.port", int64(port))
	addGeo(e, "source", s.SrcGeo)
	e.Add("message", event.String(s.message(sig)))
	var users []string
	if user != "" {
		users = []string{user}
	}
	related(e, []netip.Addr{s.SrcIP, s.HostIP}, users, []string{s.Host})
}

// sshFields writes system.auth.ssh.* of a login attempt; sig is its
// signature().
func (s *SSH) sshFields(e *event.Event, what, sig string) {
	e.Add("system.auth.ssh.event", event.String(what))
	e.Add("system.auth.ssh.method", event.String(s.method()))
	if sig != "" {
		e.Add("system.auth.ssh.signature", event.String(sig))
	}
}

func (s *SSH) method() string {
	if s.Method == "" || s.Result == SSHInvalidUser {
		return "password"
	}
	return s.Method
}

// signature is the key fingerprint sshd prints after an accepted public
// key: one key per account, the same every time.
func (s *SSH) signature() string {
	if s.Result != SSHAccepted || s.Method != "publickey" {
		return ""
	}
	return signatureMemo.get(s.User, "", func(user, _ string) string {
		sum := sha256.Sum256([]byte("soclab ssh key " + user))
		return "ED25519 SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
	})
}

// signatureMemo remembers each account's key fingerprint: a hash per
// accepted login otherwise.
var signatureMemo memoTable

// message is the line sshd writes; sig is its signature().
func (s *SSH) message(sig string) string {
	ip := "invalid IP"
	if s.SrcIP.IsValid() {
		ip = ipText(s.SrcIP)
	}
	port := strconv.Itoa(s.SrcPort)
	switch s.Result {
	case SSHLogout:
		return "pam_unix(sshd:session): session closed for user " + s.User
	case SSHInvalidUserLine:
		return "Invalid user " + s.User + " from " + ip + " port " + port
	case SSHPAMFailure, SSHPAMMore:
		head := "pam_unix(sshd:auth): authentication failure;"
		if s.Result == SSHPAMMore {
			head = "PAM " + strconv.Itoa(s.Repeat) + " more authentication failures;"
		}
		tail := ""
		if !s.Unknown {
			tail = "  user=" + s.User
		}
		return head + " logname= uid=0 euid=0 tty=ssh ruser= rhost=" + ip + tail
	case SSHRepeated:
		return "message repeated " + strconv.Itoa(s.Repeat) + " times: [ " + s.attempt(ip, port, "Failed ") + "]"
	case SSHDisconnect:
		who := "authenticating user "
		if s.Unknown {
			who = "invalid user "
		}
		return "Disconnected from " + who + s.User + " " + ip + " port " + port + " [preauth]"
	case SSHBreakIn:
		return "Address " + ip + " maps to " + reverseName(s.SrcIP) + ", but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!"
	case SSHAccepted:
		msg := s.attempt(ip, port, "Accepted ")
		if sig != "" {
			msg += ": " + sig
		}
		return msg
	}
	return s.attempt(ip, port, "Failed ")
}

// attempt is "<head><method> for [invalid user ]U from IP port P ssh2".
func (s *SSH) attempt(ip, port, head string) string {
	var b strings.Builder
	b.Grow(len(head) + 9 + 5 + 13 + len(s.User) + 6 + len(ip) + 6 + len(port) + 5)
	b.WriteString(head)
	b.WriteString(s.method())
	b.WriteString(" for ")
	if s.Result == SSHInvalidUser || s.Unknown {
		b.WriteString("invalid user ")
	}
	b.WriteString(s.User)
	b.WriteString(" from ")
	b.WriteString(ip)
	b.WriteString(" port ")
	b.WriteString(port)
	b.WriteString(" ssh2")
	return b.String()
}

// reverseName is the name a public address's reverse DNS gives.
func reverseName(ip netip.Addr) string {
	return "host-" + dashes.Replace(ipText(ip)) + ".dyn.example.net"
}

// dashes turns an address's separators into dashes, as in reverse names.
var dashes = strings.NewReplacer(".", "-", ":", "-")

// SSHLine is one sshd line of a connection and when it is written,
// relative to the connection's "Failed password" line.
type SSHLine struct {
	At  time.Duration
	SSH SSH
}

// FailedSession returns the lines a real sshd (with syslog) writes for a
// connection whose login fails, given its "Failed password" line s (result
// SSHFailed or SSHInvalidUser) and how long the connection stays open
// after it. s itself is among them, at 0:
//
//   - a client whose reverse DNS does not match: POSSIBLE BREAK-IN ATTEMPT
//     first, at connect;
//   - an account that does not exist: "Invalid user U from IP port P";
//   - the PAM failure (pam_unix(sshd:auth): authentication failure);
//   - the failure itself;
//   - sometimes more passwords on the same connection, folded by syslog
//     into "message repeated N times: [ ... ]", and PAM's "N more
//     authentication failures" at disconnect;
//   - "Disconnected from authenticating|invalid user U IP port P [preauth]".
//
// Counting ssh_login failures per source therefore works as on real data
// indexed by Elastic: an unknown account counts twice (Invalid and Failed),
// and folded repeats count once. The choices are a hash of the
// connection, so a generator's random stream is not touched.
func (s SSH) FailedSession(room time.Duration) []SSHLine {
	h := uint64(fnv32(s.User+"|"+strconv.Itoa(s.SrcPort)+"|"+strconv.Itoa(s.PID))) * 0x9e3779b97f4a7c15
	h ^= h >> 29
	unknown := s.Result == SSHInvalidUser
	line := func(at time.Duration, r SSHResult, n int) SSHLine {
		c := s
		c.Result, c.Repeat, c.Unknown = r, n, unknown
		return SSHLine{At: at, SSH: c}
	}
	out := make([]SSHLine, 0, 7)
	ms := time.Millisecond
	if s.SrcIP.IsValid() && !s.SrcIP.IsPrivate() && fnv32(ipText(s.SrcIP))%4 == 0 {
		out = append(out, line(-time.Duration(600+h%200)*ms, SSHBreakIn, 0))
	}
	if unknown {
		out = append(out, line(-time.Duration(200+(h>>10)%350)*ms, SSHInvalidUserLine, 0))
	}
	out = append(out, line(-time.Duration(2+(h>>20)%6)*ms, SSHPAMFailure, 0))
	out = append(out, SSHLine{SSH: s})
	last := time.Duration(0)
	if n := int((h >> 24) % 8); n < 3 && room > 3*time.Second {
		n = min(n+1, int((room-time.Second)/(2200*ms)))
		if n > 0 {
			last = time.Duration(n) * 2100 * ms
			out = append(out, line(last, SSHRepeated, n))
			out = append(out, line(last+time.Duration(3+(h>>32)%20)*ms, SSHPAMMore, n))
		}
	}
	end := last + time.Duration(5+(h>>40)%60)*ms
	if room > 0 && end >= room {
		end = max(last+ms, room-ms)
	}
	out = append(out, line(end, SSHDisconnect, 0))
	return out
}

// PAMFailure is the PAM line sshd writes just before the "Failed password"
// line s.
func (s SSH) PAMFailure() SSH {
	c := s
	c.Result, c.Unknown = SSHPAMFailure, s.Result == SSHInvalidUser
	return c
}
