package telemetry

import (
	"strconv"
	"strings"

	"github.com/soclab/soclab/event"
)

// winlog.go writes the winlog.* fields of a Windows Security record as
// Elastic's System integration (and winlogbeat's security module) indexes
// them: the record's header (event_id, channel, provider, computer, record
// id, keywords, task, opcode), the logon enrichment (winlog.logon.type as a
// name, winlog.logon.id, winlog.logon.failure.* on 4625) and event_data.*
// with the names and string values Windows itself uses (LogonType "3",
// Status "0xC000006D", SIDs, "-" for empty). user.id carries the SID of
// the account the event is about, as Elastic sets it.

// Windows NTSTATUS codes of a failed logon (4625 Status and SubStatus).
const (
	StatusBadUserOrPassword = "0xC000006D" // the logon attempt is invalid
	SubStatusNoSuchUser     = "0xC0000064" // the user name does not exist
	SubStatusBadPassword    = "0xC000006A" // the user exists, the password is wrong
)

// failureText is Elastic's description of a 4625 Status or SubStatus
// (winlog.logon.failure.status and .sub_status).
var failureText = map[string]string{
	StatusBadUserOrPassword: "This is either due to a bad username or authentication information",
	SubStatusNoSuchUser:     "User logon with misspelled or bad user account",
	SubStatusBadPassword:    "User logon with misspelled or bad password",
}

const (
	providerGUID = "{54849625-5478-4994-a5ba-3e3b0328c30d}"
	nullGUID     = "{00000000-0000-0000-0000-000000000000}"
	sidSystem    = "S-1-5-18"
	sidNull      = "S-1-0-0"
)

// winTasks is the task category Windows shows for each event id.
var winTasks = map[int]string{
	WinLogon: "Logon", WinLogonFailed: "Logon", WinLogoff: "Logoff", WinExplicitCreds: "Logon",
	WinSpecialPrivs: "Special Logon", WinUserCreated: "User Account Management",
	WinGlobalGroupAdd: "Security Group Management", WinLocalGroupAdd: "Security Group Management",
	WinLockout: "User Account Management",
}

var (
	kwSuccess  = event.Strings("Audit Success")
	kwFailure  = event.Strings("Audit Failure")
	adminPrivs = event.Strings("SeSecurityPrivilege", "SeTakeOwnershipPrivilege", "SeLoadDriverPrivilege", "SeBackupPrivilege",
		"SeRestorePrivilege", "SeDebugPrivilege", "SeSystemEnvironmentPrivilege", "SeImpersonatePrivilege", "SeDelegateSessionUserImpersonatePrivilege")
)

// Well-known group SIDs: builtin groups have fixed SIDs, domain groups a
// fixed RID under the domain's SID.
var builtinGroupSIDs = map[string]string{"Administrators": "S-1-5-32-544", "Remote Desktop Users": "S-1-5-32-555", "Backup Operators": "S-1-5-32-551"}
var domainGroupRIDs = map[string]uint32{"Domain Admins": 512, "Domain Users": 513, "Enterprise Admins": 519, "Schema Admins": 518}

// fnv32 hashes s (FNV-1a), for SIDs and numbers that must be the same
// every time a name appears.
func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// DomainSID is the SID of an AD domain: S-1-5-21 and three sub-authorities
// derived from its name.
func DomainSID(domain string) string {
	h := fnv32(strings.ToUpper(domain))
	a, b, c := 1000000000+h%1000000000, 1000000000+(h*2654435761)%1000000000, 1000000000+(h^0x5bd1e995)*40503%1000000000
	return "S-1-5-21-" + strconv.FormatUint(uint64(a), 10) + "-" + strconv.FormatUint(uint64(b), 10) + "-" + strconv.FormatUint(uint64(c), 10)
}

// AccountSID is the SID of an account of domain: the domain's SID and a
// relative id derived from the name (500 for Administrator, 1100 and up
// for the others; computer accounts end in "$").
func AccountSID(domain, name string) string {
	rid := uint32(1100) + fnv32(strings.ToLower(name))%89000
	if strings.EqualFold(name, "Administrator") {
		rid = 500
	}
	return DomainSID(domain) + "-" + strconv.FormatUint(uint64(rid), 10)
}

// GroupSID is the SID of a group by its name.
func GroupSID(domain, group string) string {
	if s, ok := builtinGroupSIDs[group]; ok {
		return s
	}
	if rid, ok := domainGroupRIDs[group]; ok {
		return DomainSID(domain) + "-" + strconv.FormatUint(uint64(rid), 10)
	}
	return AccountSID(domain, group)
}

// hexID formats a logon id as Windows does ("0x3e7").
func hexID(n uint64) string { return "0x" + strconv.FormatUint(n, 16) }

// recordID is winlog.record_id: Windows numbers a channel's records in
// order, so it is derived from the time (tenths of a second since 2020),
// increasing with it.
func recordID(w *Windows, m Meta) string {
	base := m.Time.UnixMilli()/100 - 15778368000
	return strconv.FormatInt(max(base, 1)+int64(fnv32(w.Host)%7), 10)
}

// ed adds one winlog.event_data field.
func ed(e *event.Event, name, v string) {
	if v == "" {
		v = "-"
	}
	e.Add("winlog.event_data."+name, event.String(v))
}

// addWinlog writes the winlog.* fields and user.id of w.
func (w *Windows) addWinlog(e *event.Event, m Meta, code string) {
	failed := w.Code == WinLogonFailed
	e.Add("winlog.api", event.String("wineventlog"))
	e.Add("winlog.channel", event.String("Security"))
	e.Add("winlog.computer_name", event.String(w.Host))
	e.Add("winlog.event_id", event.String(code))
	if failed {
		e.Add("winlog.keywords", kwFailure)
		e.Add("winlog.outcome", event.String("failure"))
	} else {
		e.Add("winlog.keywords", kwSuccess)
		e.Add("winlog.outcome", event.String("success"))
	}
	e.Add("winlog.opcode", event.String("Info"))
	e.Add("winlog.provider_guid", event.String(providerGUID))
	e.Add("winlog.provider_name", event.String("Microsoft-Windows-Security-Auditing"))
	e.Add("winlog.record_id", event.String(recordID(w, m)))
	e.Add("winlog.task", event.String(winTasks[w.Code]))
	if w.LogonType != 0 && w.Code != WinExplicitCreds && w.Code != WinSpecialPrivs {
		e.Add("winlog.logon.type", event.String(logonTypeNames[w.LogonType]))
	}
	if w.LogonID != 0 {
		e.Add("winlog.logon.id", event.String(hexID(w.LogonID)))
	}
	userSID := AccountSID(w.Domain, w.User)
	switch w.Code {
	case WinLogon:
		w.logonData(e, userSID)
	case WinLogonFailed:
		e.Add("user.id", event.String(sidNull))
		w.failedData(e)
	case WinLogoff:
		e.Add("user.id", event.String(userSID))
		ed(e, "LogonType", strconv.Itoa(w.LogonType))
		ed(e, "TargetDomainName", w.Domain)
		ed(e, "TargetLogonId", hexID(w.LogonID))
		ed(e, "TargetUserName", w.User)
		ed(e, "TargetUserSid", userSID)
	case WinExplicitCreds:
		e.Add("user.id", event.String(userSID))
		w.subject(e, userSID, w.User, w.LogonID)
		target := w.TargetUser
		if target == "" {
			target = w.User
		}
		ed(e, "IpAddress", "-")
		ed(e, "IpPort", "-")
		ed(e, "LogonGuid", nullGUID)
		ed(e, "ProcessId", "0x4")
		ed(e, "ProcessName", "C:\\Windows\\System32\\svchost.exe")
		ed(e, "TargetDomainName", w.Domain)
		ed(e, "TargetInfo", w.Server)
		ed(e, "TargetLogonGuid", nullGUID)
		ed(e, "TargetServerName", w.Server)
		ed(e, "TargetUserName", target)
	case WinSpecialPrivs:
		e.Add("user.id", event.String(userSID))
		w.subject(e, userSID, w.User, w.LogonID)
		e.Add("winlog.event_data.PrivilegeList", adminPrivs)
	case WinUserCreated:
		e.Add("user.id", event.String(userSID))
		w.subject(e, userSID, w.User, 0)
		ed(e, "AccountExpires", "%%1794")
		ed(e, "DisplayName", "%%1793")
		ed(e, "NewUacValue", "0x15")
		ed(e, "OldUacValue", "0x0")
		ed(e, "PasswordLastSet", "%%1794")
		ed(e, "PrimaryGroupId", "513")
		ed(e, "PrivilegeList", "-")
		ed(e, "SamAccountName", w.TargetUser)
		ed(e, "TargetDomainName", w.Domain)
		ed(e, "TargetSid", AccountSID(w.Domain, w.TargetUser))
		ed(e, "TargetUserName", w.TargetUser)
		ed(e, "UserPrincipalName", "-")
		e.Add("user.target.id", event.String(AccountSID(w.Domain, w.TargetUser)))
	case WinGlobalGroupAdd, WinLocalGroupAdd:
		e.Add("user.id", event.String(userSID))
		w.subject(e, userSID, w.User, 0)
		ed(e, "MemberName", "CN="+w.TargetUser+",CN=Users,DC="+strings.ToLower(w.Domain))
		ed(e, "MemberSid", AccountSID(w.Domain, w.TargetUser))
		ed(e, "PrivilegeList", "-")
		dom := w.Domain
		if _, ok := builtinGroupSIDs[w.Group]; ok {
			dom = "Builtin"
		}
		ed(e, "TargetDomainName", dom)
		ed(e, "TargetSid", GroupSID(w.Domain, w.Group))
		ed(e, "TargetUserName", w.Group)
		e.Add("group.domain", event.String(dom))
		e.Add("group.id", event.String(GroupSID(w.Domain, w.Group)))
		e.Add("user.target.id", event.String(AccountSID(w.Domain, w.TargetUser)))
	case WinLockout:
		e.Add("user.id", event.String(sidSystem))
		ed(e, "SubjectDomainName", w.Domain)
		ed(e, "SubjectLogonId", "0x3e7")
		ed(e, "SubjectUserName", w.User)
		ed(e, "SubjectUserSid", sidSystem)
		ed(e, "TargetDomainName", w.SrcHost)
		ed(e, "TargetSid", AccountSID(w.Domain, w.TargetUser))
		ed(e, "TargetUserName", w.TargetUser)
		e.Add("user.target.id", event.String(AccountSID(w.Domain, w.TargetUser)))
	}
}

// subject writes the Subject* fields: the account that acted.
func (w *Windows) subject(e *event.Event, sid, name string, logonID uint64) {
	ed(e, "SubjectDomainName", w.Domain)
	if logonID == 0 {
		logonID = 0x3e7 + uint64(fnv32(name)%0xfffff)<<4
	}
	ed(e, "SubjectLogonId", hexID(logonID))
	ed(e, "SubjectUserName", name)
	ed(e, "SubjectUserSid", sid)
}

// logonSource is what a logon of w's type shows of where it came from:
// the process that asked, the package, the workstation and address.
func (w *Windows) logonSource() (proc, procID, logonProc, pkg, ws, ip, port string) {
	ws, ip, port = w.SrcHost, "-", "-"
	if w.SrcIP.IsValid() {
		ip = ipText(w.SrcIP)
		port = strconv.Itoa(49152 + int(fnv32(w.Host+w.User+ip)%16000))
	}
	switch w.LogonType {
	case LogonNetwork:
		proc, procID, logonProc, pkg = "-", "0x0", "Kerberos", "Kerberos"
		if w.Code == WinLogonFailed {
			logonProc, pkg = "NtLmSsp ", "NTLM"
		}
	case LogonBatch, LogonService:
		proc, procID, logonProc, pkg = "C:\\Windows\\System32\\services.exe", "0x2a8", "Advapi  ", "Negotiate"
	default: // interactive, unlock, cached, remote interactive
		proc, procID, logonProc, pkg = "C:\\Windows\\System32\\svchost.exe", "0x3f4", "User32 ", "Negotiate"
		if ws == "" {
			ws = w.Host
		}
		if !w.SrcIP.IsValid() {
			ip, port = "127.0.0.1", "0"
		}
	}
	return
}

// logonSubject is the Subject of a 4624/4625: the computer itself for
// local logons, nobody for network logons.
func (w *Windows) logonSubject(e *event.Event) {
	if w.LogonType == LogonNetwork {
		ed(e, "SubjectDomainName", "-")
		ed(e, "SubjectLogonId", "0x0")
		ed(e, "SubjectUserName", "-")
		ed(e, "SubjectUserSid", sidNull)
		return
	}
	ed(e, "SubjectDomainName", w.Domain)
	ed(e, "SubjectLogonId", "0x3e7")
	ed(e, "SubjectUserName", strings.ToUpper(w.Host)+"$")
	ed(e, "SubjectUserSid", sidSystem)
}

func (w *Windows) logonData(e *event.Event, userSID string) {
	e.Add("user.id", event.String(userSID))
	proc, procID, logonProc, pkg, ws, ip, port := w.logonSource()
	w.sourcePort(e, port)
	addProcess(e, proc, procID)
	ed(e, "AuthenticationPackageName", pkg)
	ed(e, "ElevatedToken", "%%1842")
	ed(e, "ImpersonationLevel", "%%1833")
	ed(e, "IpAddress", ip)
	ed(e, "IpPort", port)
	ed(e, "KeyLength", "0")
	ed(e, "LmPackageName", "-")
	ed(e, "LogonGuid", nullGUID)
	ed(e, "LogonProcessName", logonProc)
	ed(e, "LogonType", strconv.Itoa(w.LogonType))
	ed(e, "ProcessId", procID)
	ed(e, "ProcessName", proc)
	w.logonSubject(e)
	ed(e, "TargetDomainName", w.Domain)
	ed(e, "TargetLogonId", hexID(w.LogonID))
	ed(e, "TargetUserName", w.User)
	ed(e, "TargetUserSid", userSID)
	ed(e, "TransmittedServices", "-")
	ed(e, "VirtualAccount", "%%1843")
	ed(e, "WorkstationName", ws)
}

func (w *Windows) failedData(e *event.Event) {
	sub := SubStatusBadPassword
	if w.NoSuchUser {
		sub = SubStatusNoSuchUser
	}
	e.Add("winlog.logon.failure.reason", event.String("Unknown user name or bad password."))
	e.Add("winlog.logon.failure.status", event.String(failureText[StatusBadUserOrPassword]))
	e.Add("winlog.logon.failure.sub_status", event.String(failureText[sub]))
	proc, procID, logonProc, pkg, ws, ip, port := w.logonSource()
	w.sourcePort(e, port)
	addProcess(e, proc, procID)
	ed(e, "AuthenticationPackageName", pkg)
	ed(e, "FailureReason", "%%2313")
	ed(e, "IpAddress", ip)
	ed(e, "IpPort", port)
	ed(e, "KeyLength", "0")
	ed(e, "LmPackageName", "-")
	ed(e, "LogonProcessName", logonProc)
	ed(e, "LogonType", strconv.Itoa(w.LogonType))
	ed(e, "ProcessId", procID)
	ed(e, "ProcessName", proc)
	ed(e, "Status", StatusBadUserOrPassword)
	w.logonSubject(e)
	ed(e, "SubStatus", sub)
	ed(e, "TargetDomainName", w.Domain)
	ed(e, "TargetUserName", w.User)
	ed(e, "TargetUserSid", sidNull)
	ed(e, "TransmittedServices", "-")
	ed(e, "WorkstationName", ws)
}

// sourcePort writes source.port from IpPort, as Elastic does, when the
// logon came from another machine.
func (w *Windows) sourcePort(e *event.Event, port string) {
	if !w.SrcIP.IsValid() {
		return
	}
	if n, err := strconv.Atoi(port); err == nil && n > 0 {
		e.Add("source.port", event.Int(int64(n)))
	}
}

// addProcess writes process.* of the process that asked for a logon, as
// Elastic copies it from ProcessName and ProcessId (network logons have
// none).
func addProcess(e *event.Event, proc, procID string) {
	if proc == "-" {
		return
	}
	e.Add("process.executable", event.String(proc))
	e.Add("process.name", event.String(proc[strings.LastIndexByte(proc, '\\')+1:]))
	if pid, err := strconv.ParseInt(strings.TrimPrefix(procID, "0x"), 16, 64); err == nil {
		e.Add("process.pid", event.Int(pid))
	}
}
