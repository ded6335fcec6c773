package telemetry

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
)

var dumpElastic = flag.String("dump-elastic", "", "write the generated documents of TestElasticReference, flattened, to this folder")

// An elasticRef is one document as Elastic's System or Zeek integration
// indexes the record, transcribed by hand into testdata/elastic (flat
// dotted keys). NotGenerated lists the fields Elastic writes that soclab
// does not, each with why; Differs the fields soclab writes with another
// value; SoclabOnly the fields (or prefixes ending in ".") soclab writes
// beyond this document and beyond soclabOnly, each with why.
type elasticRef struct {
	Source       string            `json:"source"`
	Fields       map[string]any    `json:"fields"`
	NotGenerated map[string]string `json:"not_generated"`
	Differs      map[string]string `json:"differs"`
	SoclabOnly   map[string]string `json:"soclab_only"`
}

// soclabOnly are fields soclab writes that Elastic's documents for these
// records lack: its own bookkeeping, or enrichment from its organisation
// model. Nothing else may appear beyond the reference.
var soclabOnly = []string{
	"event.id", "event.reason", "event.duration", "message", "host.ip", "host.os.type", "data_stream.type",
	"soclab.", "source.geo.", "source.as.", "related.hosts", "user.target.", "group.name", "destination.domain",
	"host.hostname", "host.name", "source.domain",
}

// Values not compared: derived per record (record ids) or lists whose
// membership soclab builds its own way (related.*).
var valueFree = []string{"winlog.record_id", "related.ip", "related.user"}

var refTime = time.Date(2026, 3, 2, 9, 14, 7, 250_000_000, time.UTC)

var refNet = func(s string) netip.Addr { return netip.MustParseAddr(s) }

// elasticCases are the records whose Elastic documents are in
// testdata/elastic, by file name.
var elasticCases = map[string]interface{ Build(*event.Event, Meta) }{
	"4624-network.json": &Windows{Code: WinLogon, Host: "dc-01", HostIP: refNet("10.20.0.10"), Domain: "NORTHWIND", User: "jdoe",
		LogonType: LogonNetwork, SrcIP: refNet("10.10.0.42"), SrcHost: "ws-0042", LogonID: 0x5a3f2c},
	"4624-interactive.json": &Windows{Code: WinLogon, Host: "ws-0042", HostIP: refNet("10.10.0.42"), Domain: "NORTHWIND", User: "jdoe",
		LogonType: LogonInteractive, LogonID: 0x1b22e4},
	"4625-bad-password.json": &Windows{Code: WinLogonFailed, Host: "ws-0042", HostIP: refNet("10.10.0.42"), Domain: "NORTHWIND", User: "jdoe",
		LogonType: LogonInteractive, Reason: "unknown user name or bad password"},
	"4625-no-such-user.json": &Windows{Code: WinLogonFailed, Host: "srv-03", HostIP: refNet("10.20.0.13"), Domain: "NORTHWIND", User: "admin",
		LogonType: LogonNetwork, SrcIP: refNet("10.10.0.77"), SrcHost: "ws-0077", NoSuchUser: true, Reason: "unknown user name or bad password"},
	"4634.json": &Windows{Code: WinLogoff, Host: "ws-0042", HostIP: refNet("10.10.0.42"), Domain: "NORTHWIND", User: "jdoe",
		LogonType: LogonInteractive, LogonID: 0x1b22e4},
	"4648.json": &Windows{Code: WinExplicitCreds, Host: "ws-0042", HostIP: refNet("10.10.0.42"), Domain: "NORTHWIND", User: "jdoe",
		TargetUser: "adm-jdoe", Server: "srv-03", LogonID: 0x1b22e4},
	"4672.json": &Windows{Code: WinSpecialPrivs, Host: "srv-03", HostIP: refNet("10.20.0.13"), Domain: "NORTHWIND", User: "adm-jdoe", LogonID: 0x77a01f},
	"4720.json": &Windows{Code: WinUserCreated, Host: "dc-01", HostIP: refNet("10.20.0.10"), Domain: "NORTHWIND", User: "adm-jdoe", TargetUser: "sysop6"},
	"4732.json": &Windows{Code: WinLocalGroupAdd, Host: "dc-01", HostIP: refNet("10.20.0.10"), Domain: "NORTHWIND", User: "adm-jdoe", TargetUser: "sysop6", Group: "Administrators"},
	"4740.json": &Windows{Code: WinLockout, Host: "dc-01", HostIP: refNet("10.20.0.10"), Domain: "NORTHWIND", User: "dc-01$", TargetUser: "jdoe", SrcHost: "ws-0042"},
	"sshd-accepted-publickey.json": &SSH{Host: "bastion-01", HostIP: refNet("10.40.0.22"), User: "jdoe", SrcIP: refNet("10.30.0.17"), SrcPort: 51122,
		Result: SSHAccepted, Method: "publickey", PID: 40211},
	"sshd-failed-password.json": &SSH{Host: "bastion-01", HostIP: refNet("10.40.0.22"), User: "root", SrcIP: refNet("203.0.113.7"), SrcPort: 40022,
		Result: SSHFailed, Method: "password", PID: 5774},
	"sshd-failed-invalid-user.json": &SSH{Host: "bastion-01", HostIP: refNet("10.40.0.22"), User: "oracle", SrcIP: refNet("203.0.113.7"), SrcPort: 40100,
		Result: SSHInvalidUser, Method: "password", PID: 5790},
	"sshd-invalid-user.json": &SSH{Host: "bastion-01", HostIP: refNet("10.40.0.22"), User: "oracle", SrcIP: refNet("203.0.113.7"), SrcPort: 40100,
		Result: SSHInvalidUserLine, PID: 5790, Unknown: true},
	"sshd-pam-failure.json": &SSH{Host: "bastion-01", HostIP: refNet("10.40.0.22"), User: "root", SrcIP: refNet("203.0.113.7"), SrcPort: 40022,
		Result: SSHPAMFailure, PID: 5774},
	"zeek-conn-dns-sf.json": &Flow{Sensor: refSensor, Conn: refDNSConn, Protocol: "dns", Direction: "internal", Duration: 12 * time.Millisecond,
		SrcBytes: 61, SrcPackets: 1, DstBytes: 77, DstPackets: 1, State: "established"},
	"zeek-conn-rej.json": &Flow{Sensor: refSensor, Conn: Conn{SrcIP: refNet("198.51.100.23"), SrcPort: 41234, DstIP: refNet("10.40.0.22"), DstPort: 22, Transport: "tcp"},
		Protocol: "ssh", Direction: "inbound", Duration: time.Millisecond, SrcBytes: 40, SrcPackets: 1, DstBytes: 40, DstPackets: 1, State: "rejected", TCPFlags: "SAR"},
	"zeek-dns-noerror.json": &DNS{Resolver: refResolver, Conn: refDNSConn, ClientHost: "ws-0042", ID: 15209, Name: "www.example.com", QType: "A",
		Answers: []DNSAnswer{{Name: "www.example.com", Type: "CNAME", Data: "edge.example.net", TTL: 300}, {Name: "edge.example.net", Type: "A", Data: "93.184.216.34", TTL: 60}}},
	"zeek-dns-nxdomain.json": &DNS{Resolver: refResolver, Conn: Conn{SrcIP: refNet("10.10.0.42"), SrcPort: 53188, DstIP: refNet("10.20.0.53"), DstPort: 53, Transport: "udp"},
		ClientHost: "ws-0042", ID: 4711, Name: "wpad.corp.example.com", QType: "A", RCode: "NXDOMAIN"},
}

// The sensor and resolver of the Zeek cases, and the DNS exchange both a
// flow and a lookup are built from.
var (
	refSensor   = Observer{Name: "zeek-sensor-01", IP: refNet("10.20.0.5"), Type: "sensor", Vendor: "Zeek", Product: "Zeek"}
	refResolver = Observer{Name: "dns-01", IP: refNet("10.20.0.53"), Type: "dns", Vendor: "ISC", Product: "BIND"}
	refDNSConn  = Conn{SrcIP: refNet("10.10.0.42"), SrcPort: 53022, DstIP: refNet("10.20.0.53"), DstPort: 53, Transport: "udp"}
)

// flatten turns a built event into dotted keys and JSON-like values.
func flatten(e *event.Event) map[string]any {
	out := map[string]any{}
	for _, f := range e.Fields {
		out[f.Key] = jsonValue(f.Val)
	}
	return out
}

func jsonValue(v event.Value) any {
	switch v.Kind() {
	case event.KindInt:
		return float64(v.IntVal())
	case event.KindFloat:
		return v.FloatVal()
	case event.KindBool:
		return v.BoolVal()
	case event.KindTime:
		return v.TimeVal().UTC().Format("2006-01-02T15:04:05.000Z")
	case event.KindList:
		var l []any
		for _, x := range v.ListVal() {
			l = append(l, jsonValue(x))
		}
		return l
	}
	return v.Str()
}

func hasPrefixIn(key string, list []string) bool {
	for _, p := range list {
		if key == p || strings.HasSuffix(p, ".") && strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// TestElasticReference compares generated Windows Security and sshd
// records with the documents Elastic's System integration makes of the
// same records: every field Elastic writes is there with the same value
// (but for the listed gaps), and soclab adds nothing else but its own
// bookkeeping.
func TestElasticReference(t *testing.T) {
	names := make([]string, 0, len(elasticCases))
	for n := range elasticCases {
		names = append(names, n)
	}
	sort.Strings(names)
	files, _ := filepath.Glob("testdata/elastic/*.json")
	if len(files) != len(names) {
		t.Errorf("%d reference documents for %d cases", len(files), len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var e event.Event
			elasticCases[name].Build(&e, Meta{Time: refTime, ID: "0123456789abcdef"})
			got := flatten(&e)
			if *dumpElastic != "" {
				data, _ := json.MarshalIndent(got, "", "  ")
				os.WriteFile(filepath.Join(*dumpElastic, name), data, 0o644)
			}
			data, err := os.ReadFile(filepath.Join("testdata", "elastic", name))
			if err != nil {
				t.Fatal(err)
			}
			var ref elasticRef
			if err := json.Unmarshal(data, &ref); err != nil {
				t.Fatal(err)
			}
			for key, want := range ref.Fields {
				if _, gap := ref.NotGenerated[key]; gap {
					continue
				}
				have, ok := got[key]
				if !ok {
					t.Errorf("%s: Elastic writes it, soclab does not", key)
					continue
				}
				if _, ok := ref.Differs[key]; ok || slices.Contains(valueFree, key) {
					continue
				}
				if !reflect.DeepEqual(have, want) {
					t.Errorf("%s = %v, Elastic writes %v", key, have, want)
				}
			}
			for key := range ref.NotGenerated {
				if _, ok := ref.Fields[key]; !ok {
					t.Errorf("not_generated names %s, which the reference lacks", key)
				}
			}
			own := append(slices.Clone(soclabOnly), slices.Collect(maps.Keys(ref.SoclabOnly))...)
			for key := range got {
				if _, ok := ref.Fields[key]; !ok && !hasPrefixIn(key, own) {
					t.Errorf("%s = %v: soclab writes it, Elastic's document has no such field", key, got[key])
				}
			}
			for key := range ref.SoclabOnly {
				if _, ok := got[key]; !ok && !strings.HasSuffix(key, ".") {
					t.Errorf("soclab_only names %s, which soclab does not write", key)
				}
			}
		})
	}
}

// TestFailedSessionCounts checks the lines of one failed ssh connection:
// an unknown account counts twice as an ssh_login failure (Invalid and
// Failed), as on real data indexed by Elastic, an existing one once; the
// lines stay within the connection.
func TestFailedSessionCounts(t *testing.T) {
	for _, res := range []SSHResult{SSHFailed, SSHInvalidUser} {
		for port := 40000; port < 40200; port++ {
			s := SSH{Host: "bastion-01", User: "root", SrcIP: refNet("203.0.113.9"), SrcPort: port, Result: res, Method: "password", PID: port * 7}
			room := time.Duration(port%7) * time.Second
			lines := s.FailedSession(room)
			logins, failed, repeats, more := 0, 0, 0, 0
			for _, l := range lines {
				var e event.Event
				l.SSH.Build(&e, Meta{Time: refTime.Add(l.At)})
				if e.Str("event.action") == "ssh_login" && e.Str("event.outcome") == "failure" {
					logins++
				}
				if e.Str("system.auth.ssh.event") == "Failed" {
					failed++
				}
				switch l.SSH.Result {
				case SSHRepeated:
					repeats += l.SSH.Repeat
					if !strings.HasPrefix(e.Str("message"), fmt.Sprintf("message repeated %d times: [ Failed password for ", l.SSH.Repeat)) {
						t.Errorf("repeat line %q", e.Str("message"))
					}
				case SSHPAMMore:
					more += l.SSH.Repeat
				}
				if room > 0 && l.At >= room {
					t.Errorf("line %v at %v, after the connection closed (%v)", l.SSH.Result, l.At, room)
				}
			}
			want := 1
			if res == SSHInvalidUser {
				want = 2
			}
			if logins != want || failed != 1 || repeats != more {
				t.Fatalf("%v port %d: %d ssh_login failures (want %d), %d Failed lines, %d repeats, PAM %d more", res, port, logins, want, failed, repeats, more)
			}
			if lines[len(lines)-1].SSH.Result != SSHDisconnect {
				t.Errorf("last line is %v, want the disconnect", lines[len(lines)-1].SSH.Result)
			}
		}
	}
}
