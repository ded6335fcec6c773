package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/soclab/soclab/importer/evtxtest"
)

// cmdEVTXGuessing writes FILE: a small Security event log, made here with
// importer/evtxtest, of password guessing against a domain controller:
// 203.0.113.50 fails to log on (network logons, NTLM) eight times within
// two minutes, first as accounts that do not exist, then as administrator
// with wrong passwords, then logs on as administrator, who is given
// special privileges; one System record stands beside them.
func cmdEVTXGuessing(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: write-evtx-guessing FILE")
	}
	ts.Check(writeEVTXGuessing(ts.MkAbs(args[0])))
}

func writeEVTXGuessing(path string) error {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	logon := func(i int, user string) evtxtest.Logon {
		return evtxtest.Logon{Time: start.Add(time.Duration(i) * 15 * time.Second), Computer: "dc-01.northwind.local",
			User: user, Domain: "NORTHWIND", UserSID: "S-1-5-21-1004336348-1177238915-682003330-500", LogonType: 3,
			LogonID: 0x3c1e7a, IP: "203.0.113.50", Port: 50000 + i, Workstation: "KALI", Package: "NTLM",
			Status: 0xc000006d, SubStatus: 0xc000006a}
	}
	var evs []evtxtest.Event
	for i, user := range []string{"admin", "root", "administrator", "administrator", "administrator", "administrator", "administrator", "administrator"} {
		l := logon(i, user)
		if user != "administrator" {
			l.SubStatus = 0xc0000064
		}
		evs = append(evs, evtxtest.Logon4625(l))
	}
	evs = append(evs, evtxtest.Logon4624(logon(8, "administrator")),
		evtxtest.Privileges4672(logon(8, "administrator"), "SeSecurityPrivilege", "SeBackupPrivilege", "SeDebugPrivilege"),
		evtxtest.Event{EventID: 7036, Channel: "System", Provider: "Service Control Manager",
			ProviderGUID: "{555908D1-A6D7-4695-8E1E-26931D2012F4}", Time: start, Computer: "dc-01.northwind.local",
			Data: []evtxtest.Data{{Name: "param1", Value: evtxtest.String("Windows Update")}, {Name: "param2", Value: evtxtest.String("running")}}})
	f, err := os.Create(filepath.Clean(path))
	if err != nil {
		return err
	}
	if err := evtxtest.Write(f, evs); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
