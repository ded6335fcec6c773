package evtxtest

import (
	"strconv"
	"strings"
	"time"
)

// security.go builds Security audit records with the EventData names,
// order and value types Windows writes for them (4624 version 2, 4625,
// 4672).

// Logon describes one logon or failed logon.
type Logon struct {
	Time        time.Time
	RecordID    uint64
	Computer    string // e.g. "dc-01.northwind.local"
	User        string
	Domain      string
	UserSID     string // the account's SID; 4625 writes S-1-0-0 whatever it is
	LogonType   uint32 // 2 interactive, 3 network, 10 remote interactive...
	LogonID     uint64 // 4624's TargetLogonId
	IP          string // "-" or empty for none
	Port        int
	Workstation string
	Package     string // AuthenticationPackageName, e.g. "NTLM" or "Kerberos"
	Process     string // ProcessName, "-" or empty for none
	PID         uint64
	// Status and SubStatus of a 4625 (0xC000006D with 0xC0000064 for an
	// unknown account, 0xC000006A for a bad password).
	Status, SubStatus uint32
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (l Logon) port() string {
	if l.Port == 0 {
		return "-"
	}
	return strconv.Itoa(l.Port)
}

func (l Logon) event(id uint16, keywords uint64, ver uint8, data []Data) Event {
	return Event{EventID: id, Version: ver, Task: 12544, Keywords: keywords, Time: l.Time, RecordID: l.RecordID,
		PID: 652, TID: 3304, Computer: l.Computer, Data: data}
}

func dt(name string, v Value) Data { return Data{Name: name, Value: v} }

// Logon4624 is "An account was successfully logged on."
func Logon4624(l Logon) Event {
	return l.event(4624, AuditSuccess, 2, []Data{
		dt("SubjectUserSid", SID("S-1-0-0")), dt("SubjectUserName", String("-")), dt("SubjectDomainName", String("-")),
		dt("SubjectLogonId", HexInt64(0)),
		dt("TargetUserSid", SID(l.UserSID)), dt("TargetUserName", String(l.User)), dt("TargetDomainName", String(l.Domain)),
		dt("TargetLogonId", HexInt64(l.LogonID)), dt("LogonType", UInt32(l.LogonType)),
		dt("LogonProcessName", String("Kerberos")), dt("AuthenticationPackageName", String(dash(l.Package))),
		dt("WorkstationName", String(dash(l.Workstation))), dt("LogonGuid", GUID("{00000000-0000-0000-0000-000000000000}")),
		dt("TransmittedServices", String("-")), dt("LmPackageName", String("-")), dt("KeyLength", UInt32(0)),
		dt("ProcessId", HexInt64(l.PID)), dt("ProcessName", String(dash(l.Process))),
		dt("IpAddress", String(dash(l.IP))), dt("IpPort", String(l.port())),
		dt("ImpersonationLevel", String("%%1833")), dt("RestrictedAdminMode", String("-")),
		dt("TargetOutboundUserName", String("-")), dt("TargetOutboundDomainName", String("-")),
		dt("VirtualAccount", String("%%1843")), dt("TargetLinkedLogonId", HexInt64(0)), dt("ElevatedToken", String("%%1842")),
	})
}

// Logon4625 is "An account failed to log on."
func Logon4625(l Logon) Event {
	return l.event(4625, AuditFailure, 0, []Data{
		dt("SubjectUserSid", SID("S-1-0-0")), dt("SubjectUserName", String("-")), dt("SubjectDomainName", String("-")),
		dt("SubjectLogonId", HexInt64(0)),
		dt("TargetUserSid", SID("S-1-0-0")), dt("TargetUserName", String(l.User)), dt("TargetDomainName", String(l.Domain)),
		dt("Status", HexInt32(l.Status)), dt("FailureReason", String("%%2313")), dt("SubStatus", HexInt32(l.SubStatus)),
		dt("LogonType", UInt32(l.LogonType)), dt("LogonProcessName", String("NtLmSsp ")),
		dt("AuthenticationPackageName", String(dash(l.Package))), dt("WorkstationName", String(dash(l.Workstation))),
		dt("TransmittedServices", String("-")), dt("LmPackageName", String("-")), dt("KeyLength", UInt32(0)),
		dt("ProcessId", HexInt64(l.PID)), dt("ProcessName", String(dash(l.Process))),
		dt("IpAddress", String(dash(l.IP))), dt("IpPort", String(l.port())),
	})
}

// Privileges4672 is "Special privileges assigned to new logon." for the
// logon of l (its user, domain, SID and logon id).
func Privileges4672(l Logon, privileges ...string) Event {
	return l.event(4672, AuditSuccess, 0, []Data{
		dt("SubjectUserSid", SID(l.UserSID)), dt("SubjectUserName", String(l.User)), dt("SubjectDomainName", String(l.Domain)),
		dt("SubjectLogonId", HexInt64(l.LogonID)),
		dt("PrivilegeList", String(strings.Join(privileges, "\r\n\t\t\t"))),
	})
}
