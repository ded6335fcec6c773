package telemetry

import (
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/soclab/soclab/event"
)

// winlog.go writes the winlog.* fields of a Windows Security record as
// Elastic's System integration (and winlogbeat's security module) indexes
// them: the record's header (event_id, channel, provider, computer, record
// id, keywords, task, opcode), the logon enrichment (winlog.logon.type as a
// name, winlog.logon.id, winlog.logon.failure.* on 4625) and event_data.*
// with the names and string values Windows itself uses (LogonType "3",
// Status "0xc000006d", SIDs, "-" for empty). user.id carries the SID of
// the account the event is about, as Elastic sets it.

// Windows NTSTATUS codes of a failed logon (4625 Status and SubStatus).
const (
	StatusBadUserOrPassword = "0xc000006d" // the logon attempt is invalid
	SubStatusNoSuchUser     = "0xc0000064" // the user name does not exist
	SubStatusBadPassword    = "0xc000006a" // the user exists, the password is wrong
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

// memoEntry is one remembered derived string.
type memoEntry struct{ a, b, v string }

// memoTable remembers strings derived from two others, direct-mapped and
// lock-free like ipCache (a slot holds an immutable entry): an organisation
// has a few hundred accounts and hosts, and building their SIDs and names
// costs allocations on every event otherwise.
type memoTable [1 << 10]atomic.Pointer[memoEntry]

func (t *memoTable) get(a, b string, build func(a, b string) string) string {
	h := (fnv32(a) ^ fnv32(b)*16777619) * 2654435761
	slot := &t[h>>22]
	if en := slot.Load(); en != nil && en.a == a && en.b == b {
		return en.v
	}
	v := build(a, b)
	slot.Store(&memoEntry{a, b, v})
	return v
}

var sidMemo, hostAccountMemo, memberMemo memoTable

// AccountSID is the SID of an account of domain: the domain's SID and a
// relative id derived from the name (500 for Administrator, 1100 and up
// for the others; computer accounts end in "$").
func AccountSID(domain, name string) string { return sidMemo.get(domain, name, accountSID) }

// hostAccount is a computer's account name ("WS-0042$").
func hostAccount(host string) string {
	return hostAccountMemo.get(host, "", func(h, _ string) string { return strings.ToUpper(h) + "$" })
}

// memberDN is the distinguished name of a user in the domain's Users
// container, as 4728/4732 write MemberName.
func memberDN(domain, user string) string {
	return memberMemo.get(domain, user, func(d, u string) string { return "CN=" + u + ",CN=Users,DC=" + strings.ToLower(d) })
}

func accountSID(domain, name string) string {
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
func hexID(n uint64) string {
	var buf [2 + 16]byte
	return string(strconv.AppendUint(append(buf[:0], "0x"...), n, 16))
}

// recordID is winlog.record_id: Windows numbers a channel's records in
// order, so it is derived from the time (tenths of a second since 2020),
// increasing with it.
func recordID(w *Windows, m Meta) string {
	base := m.Time.UnixMilli()/100 - 15778368000
	return strconv.FormatInt(max(base, 1)+int64(fnv32(w.Host)%7), 10)
}

// ed adds one winlog.event_data field (key is the whole dotted name, a
// constant, so that no key is built per event); Windows writes "-" for
// an empty value.
func ed(e *event.Event, key, v string) {
	if v == "" {
		v = "-"
	}
	e.Add(key, event.String(v))
}

// addWinlog writes the winlog.* fields and user.id of w, of kind k; lid
// is its logon id as text, or "".
func (w *Windows) addWinlog(e *event.Event, m Meta, k winKind, lid string) {
	failed := w.Code == WinLogonFailed
	e.Add("winlog.api", event.String("wineventlog"))
	e.Add("winlog.channel", event.String("Security"))
	e.Add("winlog.computer_name", event.String(w.Host))
	e.Add("winlog.event_id", event.String(k.code))
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
	e.Add("winlog.task", event.String(k.task))
	if w.LogonType != 0 && w.Code != WinExplicitCreds && w.Code != WinSpecialPrivs {
		e.Add("winlog.logon.type", event.String(logonTypeNames[w.LogonType]))
	}
	if lid != "" {
		e.Add("winlog.logon.id", event.String(lid))
	}
	// user.id is the SID of the account the event is about: nobody for a
	// failed logon, the system for a lockout.
	userSID := AccountSID(w.Domain, w.User)
	switch w.Code {
	case WinLogonFailed:
		e.Add("user.id", event.String(sidNull))
	case WinLockout:
		e.Add("user.id", event.String(sidSystem))
	default:
		e.Add("user.id", event.String(userSID))
	}
	switch w.Code {
	case WinLogon:
		w.logonData(e, userSID, lid)
	case WinLogonFailed:
		w.failedData(e)
	case WinLogoff:
		ed(e, "winlog.event_data.LogonType", logonTypeText(w.LogonType))
		ed(e, "winlog.event_data.TargetDomainName", w.Domain)
		ed(e, "winlog.event_data.TargetLogonId", lid)
		ed(e, "winlog.event_data.TargetUserName", w.User)
		ed(e, "winlog.event_data.TargetUserSid", userSID)
	case WinExplicitCreds:
		w.subject(e, userSID, w.User, w.LogonID)
		target := w.TargetUser
		if target == "" {
			target = w.User
		}
		ed(e, "winlog.event_data.IpAddress", "-")
		ed(e, "winlog.event_data.IpPort", "-")
		ed(e, "winlog.event_data.LogonGuid", nullGUID)
		ed(e, "winlog.event_data.ProcessId", "0x4")
		ed(e, "winlog.event_data.ProcessName", "C:\\Windows\\System32\\svchost.exe")
		ed(e, "winlog.event_data.TargetDomainName", w.Domain)
		ed(e, "winlog.event_data.TargetInfo", w.Server)
		ed(e, "winlog.event_data.TargetLogonGuid", nullGUID)
		ed(e, "winlog.event_data.TargetServerName", w.Server)
		ed(e, "winlog.event_data.TargetUserName", target)
	case WinSpecialPrivs:
		w.subject(e, userSID, w.User, w.LogonID)
		e.Add("winlog.event_data.PrivilegeList", adminPrivs)
	case WinUserCreated:
		w.subject(e, userSID, w.User, 0)
		ed(e, "winlog.event_data.AccountExpires", "%%1794")
		ed(e, "winlog.event_data.DisplayName", "%%1793")
		ed(e, "winlog.event_data.NewUacValue", "0x15")
		ed(e, "winlog.event_data.OldUacValue", "0x0")
		ed(e, "winlog.event_data.PasswordLastSet", "%%1794")
		ed(e, "winlog.event_data.PrimaryGroupId", "513")
		ed(e, "winlog.event_data.PrivilegeList", "-")
		ed(e, "winlog.event_data.SamAccountName", w.TargetUser)
		ed(e, "winlog.event_data.TargetDomainName", w.Domain)
		targetSID := AccountSID(w.Domain, w.TargetUser)
		ed(e, "winlog.event_data.TargetSid", targetSID)
		ed(e, "winlog.event_data.TargetUserName", w.TargetUser)
		ed(e, "winlog.event_data.UserPrincipalName", "-")
		e.Add("user.target.id", event.String(targetSID))
	case WinGlobalGroupAdd, WinLocalGroupAdd:
		w.subject(e, userSID, w.User, 0)
		memberSID := AccountSID(w.Domain, w.TargetUser)
		ed(e, "winlog.event_data.MemberName", memberDN(w.Domain, w.TargetUser))
		ed(e, "winlog.event_data.MemberSid", memberSID)
		ed(e, "winlog.event_data.PrivilegeList", "-")
		dom := w.Domain
		if _, ok := builtinGroupSIDs[w.Group]; ok {
			dom = "Builtin"
		}
		ed(e, "winlog.event_data.TargetDomainName", dom)
		groupSID := GroupSID(w.Domain, w.Group)
		ed(e, "winlog.event_data.TargetSid", groupSID)
		ed(e, "winlog.event_data.TargetUserName", w.Group)
		e.Add("group.domain", event.String(dom))
		e.Add("group.id", event.String(groupSID))
		e.Add("user.target.id", event.String(memberSID))
	case WinLockout:
		ed(e, "winlog.event_data.SubjectDomainName", w.Domain)
		ed(e, "winlog.event_data.SubjectLogonId", "0x3e7")
		ed(e, "winlog.event_data.SubjectUserName", w.User)
		ed(e, "winlog.event_data.SubjectUserSid", sidSystem)
		targetSID := AccountSID(w.Domain, w.TargetUser)
		ed(e, "winlog.event_data.TargetDomainName", w.SrcHost)
		ed(e, "winlog.event_data.TargetSid", targetSID)
		ed(e, "winlog.event_data.TargetUserName", w.TargetUser)
		e.Add("user.target.id", event.String(targetSID))
	}
}

// subject writes the Subject* fields: the account that acted.
func (w *Windows) subject(e *event.Event, sid, name string, logonID uint64) {
	ed(e, "winlog.event_data.SubjectDomainName", w.Domain)
	if logonID == 0 {
		logonID = 0x3e7 + uint64(fnv32(name)%0xfffff)<<4
	}
	ed(e, "winlog.event_data.SubjectLogonId", hexID(logonID))
	ed(e, "winlog.event_data.SubjectUserName", name)
	ed(e, "winlog.event_data.SubjectUserSid", sid)
}

// logonSource is what a logon of w's type shows of where it came from:
// the process that asked, the package, the workstation and address.
func (w *Windows) logonSource() (proc, procID, logonProc, pkg, ws, ip, port string) {
	ws, ip, port = w.SrcHost, "-", "-"
	if w.SrcIP.IsValid() {
		ip = ipText(w.SrcIP)
		port = strconv.Itoa(49152 + int((fnv32(w.Host)^fnv32(w.User)*31^fnv32(ip)*961)%16000))
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
		ed(e, "winlog.event_data.SubjectDomainName", "-")
		ed(e, "winlog.event_data.SubjectLogonId", "0x0")
		ed(e, "winlog.event_data.SubjectUserName", "-")
		ed(e, "winlog.event_data.SubjectUserSid", sidNull)
		return
	}
	ed(e, "winlog.event_data.SubjectDomainName", w.Domain)
	ed(e, "winlog.event_data.SubjectLogonId", "0x3e7")
	ed(e, "winlog.event_data.SubjectUserName", hostAccount(w.Host))
	ed(e, "winlog.event_data.SubjectUserSid", sidSystem)
}

func (w *Windows) logonData(e *event.Event, userSID, lid string) {
	proc, procID, logonProc, pkg, ws, ip, port := w.logonSource()
	w.sourcePort(e, port)
	AddProcess(e, proc, procID)
	ed(e, "winlog.event_data.AuthenticationPackageName", pkg)
	ed(e, "winlog.event_data.ElevatedToken", "%%1842")
	ed(e, "winlog.event_data.ImpersonationLevel", "%%1833")
	ed(e, "winlog.event_data.IpAddress", ip)
	ed(e, "winlog.event_data.IpPort", port)
	ed(e, "winlog.event_data.KeyLength", "0")
	ed(e, "winlog.event_data.LmPackageName", "-")
	ed(e, "winlog.event_data.LogonGuid", nullGUID)
	ed(e, "winlog.event_data.LogonProcessName", logonProc)
	ed(e, "winlog.event_data.LogonType", logonTypeText(w.LogonType))
	ed(e, "winlog.event_data.ProcessId", procID)
	ed(e, "winlog.event_data.ProcessName", proc)
	w.logonSubject(e)
	ed(e, "winlog.event_data.TargetDomainName", w.Domain)
	ed(e, "winlog.event_data.TargetLogonId", lid)
	ed(e, "winlog.event_data.TargetUserName", w.User)
	ed(e, "winlog.event_data.TargetUserSid", userSID)
	ed(e, "winlog.event_data.TransmittedServices", "-")
	ed(e, "winlog.event_data.VirtualAccount", "%%1843")
	ed(e, "winlog.event_data.WorkstationName", ws)
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
	AddProcess(e, proc, procID)
	ed(e, "winlog.event_data.AuthenticationPackageName", pkg)
	ed(e, "winlog.event_data.FailureReason", "%%2313")
	ed(e, "winlog.event_data.IpAddress", ip)
	ed(e, "winlog.event_data.IpPort", port)
	ed(e, "winlog.event_data.KeyLength", "0")
	ed(e, "winlog.event_data.LmPackageName", "-")
	ed(e, "winlog.event_data.LogonProcessName", logonProc)
	ed(e, "winlog.event_data.LogonType", logonTypeText(w.LogonType))
	ed(e, "winlog.event_data.ProcessId", procID)
	ed(e, "winlog.event_data.ProcessName", proc)
	ed(e, "winlog.event_data.Status", StatusBadUserOrPassword)
	w.logonSubject(e)
	ed(e, "winlog.event_data.SubStatus", sub)
	ed(e, "winlog.event_data.TargetDomainName", w.Domain)
	ed(e, "winlog.event_data.TargetUserName", w.User)
	ed(e, "winlog.event_data.TargetUserSid", sidNull)
	ed(e, "winlog.event_data.TransmittedServices", "-")
	ed(e, "winlog.event_data.WorkstationName", ws)
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

// AddProcess writes process.* of the process that asked for a logon, as
// Elastic copies it from a Security record's ProcessName and ProcessId
// (hexadecimal, "0x3f4"): nothing when proc is "-" or "" (network logons
// have none).
func AddProcess(e *event.Event, proc, procID string) {
	if proc == "-" || proc == "" {
		return
	}
	e.Add("process.executable", event.String(proc))
	e.Add("process.name", event.String(proc[strings.LastIndexByte(proc, '\\')+1:]))
	if pid, err := strconv.ParseInt(strings.TrimPrefix(procID, "0x"), 16, 64); err == nil {
		e.Add("process.pid", event.Int(pid))
	}
}

var logonTypeTexts = [...]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"}

// logonTypeText is the LogonType as Windows writes it ("3").
func logonTypeText(t int) string {
	if t >= 0 && t < len(logonTypeTexts) {
		return logonTypeTexts[t]
	}
	return strconv.Itoa(t)
}
