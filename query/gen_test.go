package query

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// genEvents streams n events of a realistic dataset mix, built with the
// telemetry builders (so their fields are the datasets' real ones), in
// time order. The event passed to fn is reused.
func genEvents(n int, seed uint64, fn func(*event.Event)) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	users := make([]string, 400)
	for i := range users {
		users[i] = fmt.Sprintf("user%03d", i)
	}
	users = append(users, "svc-backup", "svc-deploy", "root", "admin")
	hosts := make([]string, 120)
	for i := range hosts {
		hosts[i] = fmt.Sprintf("ws-%03d", i)
	}
	internal := func() netip.Addr {
		return netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(8)), byte(1 + r.IntN(250))})
	}
	external := func() netip.Addr {
		return netip.AddrFrom4([4]byte{[]byte{198, 203, 192}[r.IntN(3)], byte(r.IntN(3) * 50), byte(r.IntN(3)), byte(1 + r.IntN(250))})
	}
	domains := []string{"example.com", "cdn.example.net", "updates.vendor.io", "evil-c2.example.org", "mail.corp.test", "docs.example.com"}
	sensor := telemetry.Observer{Name: "sensor-01", IP: netip.MustParseAddr("10.0.0.3"), Type: "sensor", Vendor: "soclab", Product: "flowd"}
	var e event.Event
	for i := 0; i < n; i++ {
		m := telemetry.Meta{Time: start.Add(time.Duration(i) * 37 * time.Millisecond), ID: fmt.Sprintf("ev%07d", i)}
		conn := telemetry.Conn{SrcIP: internal(), SrcPort: 1024 + r.IntN(60000), DstIP: external(), DstPort: []int{443, 80, 53, 22, 445, 3389}[r.IntN(6)], Transport: "tcp"}
		switch k := r.IntN(100); {
		case k < 10:
			res := telemetry.SSHResult(r.IntN(3))
			(&telemetry.SSH{Host: "bastion-01", HostIP: netip.MustParseAddr("10.0.0.2"), User: users[r.IntN(len(users))],
				SrcIP: external(), SrcPort: 1024 + r.IntN(60000), Result: res, PID: 1000 + r.IntN(9000)}).Build(&e, m)
		case k < 25:
			code := []int{telemetry.WinLogon, telemetry.WinLogonFailed, telemetry.WinLogoff}[r.IntN(3)]
			(&telemetry.Windows{Code: code, Host: hosts[r.IntN(len(hosts))], HostIP: internal(), Domain: "CORP", User: users[r.IntN(len(users))],
				LogonType: []int{2, 3, 10}[r.IntN(3)], SrcIP: internal(), LogonID: uint64(r.IntN(1 << 30))}).Build(&e, m)
		case k < 50:
			(&telemetry.Flow{Sensor: sensor, Conn: conn, Protocol: "tls", Direction: "outbound", Duration: time.Duration(r.IntN(5000)) * time.Millisecond,
				SrcBytes: int64(r.IntN(100000)), SrcPackets: int64(1 + r.IntN(100)), DstBytes: int64(r.IntN(1000000)), DstPackets: int64(1 + r.IntN(900)),
				State: []string{"established", "rejected", "no_reply"}[r.IntN(3)], TCPFlags: "SAF"}).Build(&e, m)
		case k < 70:
			name := fmt.Sprintf("h%d.%s", r.IntN(50), domains[r.IntN(len(domains))])
			(&telemetry.DNS{Resolver: sensor, Conn: conn, ClientHost: hosts[r.IntN(len(hosts))], ID: uint16(r.IntN(65536)), Name: name, QType: "A",
				Answers: []telemetry.DNSAnswer{{Name: name, Type: "A", Data: external().String(), TTL: 300}, {Name: name, Type: "A", Data: external().String(), TTL: 60}}}).Build(&e, m)
		case k < 90:
			(&telemetry.Proxy{Proxy: sensor, Conn: conn, User: users[r.IntN(len(users))], Method: "GET", Scheme: "https", Host: domains[r.IntN(len(domains))],
				Path: fmt.Sprintf("/p/%d/file%d.%s", r.IntN(1000), r.IntN(100), []string{"js", "png", "exe", "html"}[r.IntN(4)]), Status: []int{200, 200, 304, 404, 403}[r.IntN(5)],
				ReqBytes: int64(r.IntN(2000)), RespBytes: int64(r.IntN(500000)), MIME: "text/html", UserAgent: "Mozilla/5.0", Blocked: r.IntN(20) == 0, Category: "business"}).Build(&e, m)
		case k < 98:
			(&telemetry.Firewall{Firewall: sensor, Conn: conn, Allow: r.IntN(3) > 0, Rule: fmt.Sprintf("rule-%d", r.IntN(20)), Direction: "inbound"}).Build(&e, m)
		case k < 99:
			(&telemetry.VPN{Gateway: sensor, Action: telemetry.VPNAction(r.IntN(3)), User: users[r.IntN(len(users))], SrcIP: external(), SrcPort: 40000,
				AssignedIP: internal(), Reason: "bad password", Duration: time.Hour}).Build(&e, m)
		default:
			(&telemetry.SSO{IdP: sensor, User: users[r.IntN(len(users))], Email: "u@corp.test", App: "mail", SrcIP: external(),
				UserAgent: "Mozilla/5.0", Success: r.IntN(4) > 0, Reason: "bad password", MFAMethod: "push", MFAResult: "success"}).Build(&e, m)
		}
		fn(&e)
	}
}
