package importer

import (
	"bytes"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
	"github.com/soclab/soclab/importer/evtxtest"
)

var evtxT0 = time.Date(2026, 3, 2, 9, 14, 7, 250_000_000, time.UTC)

const jdoeSID = "S-1-5-21-1004336348-1177238915-682003330-1104"

// networkLogon is a network logon of jdoe on srv-03 from ws-0077.
func networkLogon(at time.Duration) evtxtest.Logon {
	return evtxtest.Logon{Time: evtxT0.Add(at), Computer: "srv-03.northwind.local", User: "jdoe", Domain: "NORTHWIND",
		UserSID: jdoeSID, LogonType: 3, LogonID: 0x77a01f, IP: "10.10.0.77", Port: 61611, Workstation: "WS-0077",
		Package: "NTLM", Status: 0xc000006d, SubStatus: 0xc000006a}
}

// writeEVTX writes events to a file in a temporary folder.
func writeEVTX(t *testing.T, name string, events ...evtxtest.Event) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := evtxtest.Write(f, events); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkFields compares the text of each field (lists joined by ",").
func checkFields(t *testing.T, what string, e *event.Event, want map[string]string) {
	t.Helper()
	for k, w := range want {
		v, ok := e.Get(k)
		got := "<absent>"
		if ok {
			got = valueText(v)
		}
		if got != w {
			t.Errorf("%s: %s = %q, want %q", what, k, got, w)
		}
	}
}

func valueText(v event.Value) string {
	if v.Kind() == event.KindList {
		var s []string
		for _, x := range v.ListVal() {
			s = append(s, x.Text())
		}
		return strings.Join(s, ",")
	}
	return v.Text()
}

func TestImportEVTXMapsSecurityRecords(t *testing.T) {
	unknown := networkLogon(2 * time.Second)
	unknown.User, unknown.SubStatus = "admin", 0xc0000064
	sysmon := evtxtest.Event{EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon",
		ProviderGUID: "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", Time: evtxT0, Computer: "ws-0077",
		Data: []evtxtest.Data{{Name: "Image", Value: evtxtest.String(`C:\Windows\System32\cmd.exe`)}}}
	proc := evtxtest.Event{EventID: 4688, Time: evtxT0, Computer: "srv-03.northwind.local", Keywords: evtxtest.AuditSuccess,
		Data: []evtxtest.Data{{Name: "NewProcessName", Value: evtxtest.String(`C:\Windows\System32\cmd.exe`)}}}
	path := writeEVTX(t, "Security.evtx",
		evtxtest.Logon4625(networkLogon(time.Second)), evtxtest.Logon4625(unknown), sysmon, proc,
		evtxtest.Logon4624(networkLogon(3*time.Second)),
		evtxtest.Privileges4672(networkLogon(3*time.Second), "SeBackupPrivilege", "SeDebugPrivilege"),
		evtxtest.Logon4625(networkLogon(0)), // out of order
	)
	var out bytes.Buffer
	st, err := Import(EVTX, []string{path}, Options{}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Read != 7 || st.Mapped != 5 || st.OutOfOrder != 1 {
		t.Errorf("stats %+v, want read 7, mapped 5, out of order 1", st)
	}
	wantSkips := []Skip{
		{Reason: "Security event 4688, not one soclab maps", Count: 1, First: path + " record 4"},
		{Reason: "channel Microsoft-Windows-Sysmon/Operational, not Security", Count: 1, First: path + " record 3"},
	}
	if !slices.Equal(st.Skipped, wantSkips) {
		t.Errorf("skipped %+v, want %+v", st.Skipped, wantSkips)
	}
	evs := decodeAll(t, out.Bytes())
	if len(evs) != 5 {
		t.Fatalf("%d events", len(evs))
	}
	common := map[string]string{
		"event.dataset": event.DatasetWindows, "event.provider": "Microsoft-Windows-Security-Auditing",
		"host.name": "srv-03.northwind.local", "host.os.type": "windows", "winlog.channel": "Security",
		"winlog.provider_name": "Microsoft-Windows-Security-Auditing", "winlog.provider_guid": "{54849625-5478-4994-a5ba-3e3b0328c30d}",
		"winlog.computer_name": "srv-03.northwind.local", "winlog.api": "wineventlog",
		"winlog.process.pid": "652", "winlog.process.thread.id": "3304",
	}
	checkFields(t, "every event", evs[0], common)
	// evs[0] is the out-of-order 4625 (record 7), first in time.
	checkFields(t, "4625 bad password", evs[0], map[string]string{
		"@timestamp": "2026-03-02T09:14:07.250Z", "event.code": "4625", "event.action": "logon-failed",
		"event.category": "authentication", "event.type": "start", "event.outcome": "failure",
		"winlog.event_id": "4625", "winlog.record_id": "7", "winlog.keywords": "Audit Failure", "winlog.outcome": "failure",
		"user.name": "jdoe", "user.domain": "NORTHWIND", "user.id": "S-1-0-0",
		"source.ip": "10.10.0.77", "source.port": "61611", "source.domain": "WS-0077",
		"winlog.logon.type": "Network", "soclab.windows.logon_type": "3", "soclab.windows.logon_type_name": "Network",
		"winlog.event_data.Status": "0xc000006d", "winlog.event_data.SubStatus": "0xc000006a",
		"winlog.event_data.FailureReason": "%%2313", "winlog.event_data.LogonType": "3",
		"winlog.event_data.TargetUserSid": "S-1-0-0", "winlog.event_data.SubjectLogonId": "0x0",
		"winlog.event_data.LogonProcessName": "NtLmSsp ", "winlog.event_data.ProcessName": "-",
		"winlog.logon.failure.reason":     "Unknown user name or bad password.",
		"winlog.logon.failure.status":     "This is either due to a bad username or authentication information",
		"winlog.logon.failure.sub_status": "User logon with misspelled or bad password",
		"process.executable":              "<absent>", "related.ip": "10.10.0.77", "related.user": "jdoe",
	})
	checkFields(t, "4625 no such user", evs[2], map[string]string{
		"winlog.record_id": "2", "user.name": "admin", "winlog.event_data.SubStatus": "0xc0000064",
		"winlog.logon.failure.sub_status": "User logon with misspelled or bad user account",
	})
	checkFields(t, "4624", evs[3], map[string]string{
		"@timestamp": "2026-03-02T09:14:10.250Z", "event.code": "4624", "event.action": "logged-in",
		"event.category": "authentication", "event.type": "start", "event.outcome": "success",
		"winlog.keywords": "Audit Success", "user.name": "jdoe", "user.id": jdoeSID,
		"winlog.logon.id": "0x77a01f", "soclab.windows.logon_id": "0x77a01f", "winlog.logon.type": "Network",
		"winlog.event_data.TargetUserSid": jdoeSID, "winlog.event_data.TargetLogonId": "0x77a01f",
		"winlog.event_data.LogonGuid": "{00000000-0000-0000-0000-000000000000}", "winlog.event_data.ElevatedToken": "%%1842",
		"winlog.event_data.KeyLength": "0", "source.ip": "10.10.0.77", "source.port": "61611",
		"winlog.logon.failure.status": "<absent>",
	})
	checkFields(t, "4672", evs[4], map[string]string{
		"event.code": "4672", "event.action": "logged-in-special", "event.category": "iam", "event.type": "admin",
		"event.outcome": "success", "user.name": "jdoe", "user.domain": "NORTHWIND", "user.id": jdoeSID,
		"winlog.event_data.SubjectLogonId": "0x77a01f", "winlog.event_data.PrivilegeList": "SeBackupPrivilege,SeDebugPrivilege",
		"winlog.logon.id": "0x77a01f", "source.ip": "<absent>", "winlog.logon.type": "<absent>",
	})
}

// TestEVTXGivesTheGeneratedShape: an imported 4624 and 4625 carry the
// fields a generated record of the same kind carries (plus the writing
// process that a record knows and the generator does not model).
func TestEVTXGivesTheGeneratedShape(t *testing.T) {
	for _, code := range []int{telemetry.WinLogon, telemetry.WinLogonFailed} {
		gen := &event.Event{}
		w := &telemetry.Windows{Code: code, Host: "srv-03", Domain: "NORTHWIND", User: "jdoe", LogonType: telemetry.LogonNetwork,
			SrcIP: netip.MustParseAddr("10.10.0.77"), SrcHost: "WS-0077"}
		if code == telemetry.WinLogon {
			w.LogonID = 0x77a01f // a failed logon has none
		}
		w.Build(gen, telemetry.Meta{Time: evtxT0})
		rec := evtxtest.Logon4624(networkLogon(0))
		if code == telemetry.WinLogonFailed {
			rec = evtxtest.Logon4625(networkLogon(0))
		}
		var out bytes.Buffer
		if _, err := Import(EVTX, []string{writeEVTX(t, "x.evtx", rec)}, Options{}, &out); err != nil {
			t.Fatal(err)
		}
		imported := decodeAll(t, out.Bytes())[0]
		extra := map[string]bool{"winlog.process.pid": true, "winlog.process.thread.id": true}
		if code == telemetry.WinLogon { // Windows 10 writes these; soclab's generator does not yet
			for _, k := range []string{"RestrictedAdminMode", "TargetOutboundUserName", "TargetOutboundDomainName", "TargetLinkedLogonId"} {
				extra["winlog.event_data."+k] = true
			}
		}
		var missing, added []string
		for _, k := range gen.Keys() {
			if _, ok := imported.Get(k); !ok {
				missing = append(missing, k)
			}
		}
		for _, k := range imported.Keys() {
			if _, ok := gen.Get(k); !ok && !extra[k] {
				added = append(added, k)
			}
		}
		// a network logon has no process: Windows writes "-", which
		// neither the generator nor the import turns into process.*
		if len(missing) != 0 || len(added) != 0 {
			t.Errorf("%d: fields the generator writes but the import does not: %v; the other way: %v", code, missing, added)
		}
	}
}

// TestImportEVTXDamaged: a damaged file is an error naming the file, the
// chunk and record, and nothing is written.
func TestImportEVTXDamaged(t *testing.T) {
	data, err := evtxtest.Marshal([]evtxtest.Event{evtxtest.Logon4625(networkLogon(0))})
	if err != nil {
		t.Fatal(err)
	}
	data[4096+512+24+4] = 0x1f // the record's first token
	evtxtest.FixChecksums(data)
	var out bytes.Buffer
	_, err = ImportReader(EVTX, "bad.evtx", bytes.NewReader(data), Options{}, &out)
	var fe *FormatError
	if !errors.As(err, &fe) || err.Error() != "bad.evtx: chunk 0, record 1, offset 0x121c: unexpected token 0x1f in a fragment" {
		t.Errorf("error %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("%d bytes written", out.Len())
	}
	_, err = ImportReader(EVTX, "auth.log", strings.NewReader(strings.Repeat("Mar  2 10:10:00 bastion sshd[1]: x\n", 200)), Options{}, &out)
	if err == nil || !strings.Contains(err.Error(), "auth.log: file header, offset 0x0: no ElfFile signature: not an EVTX file") {
		t.Errorf("not evtx: %v", err)
	}
}

func BenchmarkImportEVTX(b *testing.B) {
	var evs []evtxtest.Event
	for i := range 2000 {
		l := networkLogon(time.Duration(i) * time.Second)
		switch i % 4 {
		case 0:
			evs = append(evs, evtxtest.Logon4624(l))
		case 1:
			evs = append(evs, evtxtest.Privileges4672(l, "SeBackupPrivilege", "SeDebugPrivilege"))
		default:
			evs = append(evs, evtxtest.Logon4625(l))
		}
	}
	data, err := evtxtest.Marshal(evs)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		st, err := ImportReader(EVTX, "bench.evtx", bytes.NewReader(data), Options{}, io.Discard)
		if err != nil || st.Mapped != len(evs) {
			b.Fatal(err, st)
		}
	}
	b.ReportMetric(float64(len(evs)*b.N)/b.Elapsed().Seconds(), "records/s")
}
