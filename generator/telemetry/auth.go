package telemetry

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/soclab/soclab/event"
)

// Windows security event ids that soclab emits.
const (
	WinLogon          = 4624
	WinLogonFailed    = 4625
	WinLogoff         = 4634
	WinExplicitCreds  = 4648
	WinSpecialPrivs   = 4672
	WinUserCreated    = 4720
	WinGlobalGroupAdd = 4728
	WinLocalGroupAdd  = 4732
	WinLockout        = 4740
)

// Windows logon types (soclab.windows.logon_type and its name).
const (
	LogonInteractive       = 2
	LogonNetwork           = 3
	LogonBatch             = 4
	LogonService           = 5
	LogonUnlock            = 7
	LogonNewCredentials    = 9
	LogonRemoteInteractive = 10
	LogonCachedInteractive = 11
)

var logonTypeNames = map[int]string{2: "Interactive", 3: "Network", 4: "Batch", 5: "Service", 7: "Unlock", 8: "NetworkCleartext", 9: "NewCredentials", 10: "RemoteInteractive", 11: "CachedInteractive"}

type winKind struct {
	code, action, msg string
	category, typ     event.Value
	task              string // the task category Windows shows (winlog.task)
}

var winKinds = map[int]winKind{
	WinLogon:          {"4624", "logged-in", "An account was successfully logged on.", catAuthentication, typeStart, "Logon"},
	WinLogonFailed:    {"4625", "logon-failed", "An account failed to log on.", catAuthentication, typeStart, "Logon"},
	WinLogoff:         {"4634", "logged-out", "An account was logged off.", catAuthentication, typeEnd, "Logoff"},
	WinExplicitCreds:  {"4648", "logged-in-explicit", "A logon was attempted using explicit credentials.", catAuthentication, typeStart, "Logon"},
	WinSpecialPrivs:   {"4672", "logged-in-special", "Special privileges assigned to new logon.", catIAM, typeAdmin, "Special Logon"},
	WinUserCreated:    {"4720", "added-user-account", "A user account was created.", catIAM, typeUserCreation, "User Account Management"},
	WinGlobalGroupAdd: {"4728", "added-member-to-group", "A member was added to a security-enabled global group.", catIAM, typeGroupChange, "Security Group Management"},
	WinLocalGroupAdd:  {"4732", "added-member-to-group", "A member was added to a security-enabled local group.", catIAM, typeGroupChange, "Security Group Management"},
	WinLockout:        {"4740", "locked-out-user-account", "A user account was locked out.", catIAM, typeUserChange, "User Account Management"},
}

// IsWinCode reports whether code is a Security event id a Windows record
// builds (one of the Win* constants): the one list of them.
func IsWinCode(code int) bool {
	_, ok := winKinds[code]
	return ok
}

// Windows is one Windows Security log record (dataset system.security).
//
// Fields: event.code, event.provider, event.action, event.outcome, host.name,
// host.ip, host.os.type, user.name and user.domain (the account that logs on,
// or the actor of an account change), user.target.name (the account acted
// upon: created, added to a group, locked out, or whose credentials 4648
// used), group.name (4728/4732), source.ip and source.domain (the remote
// workstation of a network logon), destination.domain (4648's target
// server), soclab.windows.logon_type and soclab.windows.logon_type_name,
// soclab.windows.logon_id, event.reason (4625), message, and, as Elastic's
// System integration indexes the record, user.id (a SID), process.* (the
// logon process) and winlog.* (see winlog.go).
type Windows struct {
	Code       int
	Host       string // the computer that logged the event
	HostIP     netip.Addr
	Domain     string // the AD domain, e.g. "CORP"
	User       string
	TargetUser string
	Group      string
	LogonType  int
	SrcIP      netip.Addr
	SrcHost    string
	Server     string // 4648: the target server
	LogonID    uint64
	Reason     string // 4625: why it failed
	// NoSuchUser, on a 4625, says the account does not exist (SubStatus
	// 0xc0000064); otherwise the password was wrong (0xc000006a).
	NoSuchUser bool
}

// Build writes the event into e.
func (w *Windows) Build(e *event.Event, m Meta) {
	k, ok := winKinds[w.Code]
	if !ok {
		panic(fmt.Sprintf("telemetry: unsupported Windows event id %d", w.Code))
	}
	begin(e, m, event.DatasetWindows, k.category, k.typ)
	e.Add("event.code", event.String(k.code))
	e.Add("event.provider", event.String("Microsoft-Windows-Security-Auditing"))
	e.Add("event.action", event.String(k.action))
	e.Add("event.outcome", event.String(outcome(w.Code != WinLogonFailed)))
	addStr(e, "host.name", w.Host)
	addIP(e, "host.ip", w.HostIP)
	e.Add("host.os.type", event.String("windows"))
	addStr(e, "user.name", w.User)
	addStr(e, "user.domain", w.Domain)
	addStr(e, "user.target.name", w.TargetUser)
	if w.TargetUser != "" {
		addStr(e, "user.target.domain", w.Domain)
	}
	addStr(e, "group.name", w.Group)
	if w.LogonType != 0 {
		e.Add("soclab.windows.logon_type", event.Int(int64(w.LogonType)))
		e.Add("soclab.windows.logon_type_name", event.String(logonTypeNames[w.LogonType]))
	}
	lid := ""
	if w.LogonID != 0 {
		lid = hexID(w.LogonID)
		e.Add("soclab.windows.logon_id", event.String(lid))
	}
	addIP(e, "source.ip", w.SrcIP)
	addStr(e, "source.domain", w.SrcHost)
	addStr(e, "destination.domain", w.Server)
	addStr(e, "event.reason", w.Reason)
	e.Add("message", event.String(k.msg))
	w.addWinlog(e, m, k, lid)
	related(e, []netip.Addr{w.SrcIP, w.HostIP}, []string{w.User, w.TargetUser}, []string{w.Host, w.SrcHost, w.Server})
}

// VPNAction is what the VPN gateway logged.
type VPNAction int

// The VPN actions.
const (
	VPNLogin VPNAction = iota
	VPNLoginFailed
	VPNLogout
)

// VPN is one VPN gateway record (dataset soclab.vpn).
//
// Fields: observer.*, event.action ("vpn_login", "vpn_login_failed",
// "vpn_logout"), event.outcome, event.reason, user.name, source.ip,
// source.port, source.geo.*, source.as.*, source.nat.ip (the address the
// VPN assigned), event.duration, source.bytes and destination.bytes (logout),
// message.
type VPN struct {
	Gateway    Observer
	Action     VPNAction
	User       string
	SrcIP      netip.Addr
	SrcPort    int
	SrcGeo     *Geo
	AssignedIP netip.Addr
	Reason     string
	Duration   time.Duration
	BytesIn    int64 // from the client
	BytesOut   int64 // to the client
}

// Build writes the event into e.
func (v *VPN) Build(e *event.Event, m Meta) {
	switch v.Action {
	case VPNLogout:
		begin(e, m, event.DatasetVPN, catSessionNetwork, typeEnd)
		e.Add("event.action", event.String("vpn_logout"))
		e.Add("event.outcome", event.String("success"))
		e.Add("event.duration", event.Int(int64(v.Duration)))
		addInt(e, "source.bytes", v.BytesIn)
		addInt(e, "destination.bytes", v.BytesOut)
	default:
		begin(e, m, event.DatasetVPN, catAuthNetwork, typeStart)
		ok := v.Action == VPNLogin
		action := "vpn_login_failed"
		if ok {
			action = "vpn_login"
		}
		e.Add("event.action", event.String(action))
		e.Add("event.outcome", event.String(outcome(ok)))
		addStr(e, "event.reason", v.Reason)
	}
	addObserver(e, v.Gateway)
	addStr(e, "user.name", v.User)
	addIP(e, "source.ip", v.SrcIP)
	addInt(e, "source.port", int64(v.SrcPort))
	addGeo(e, "source", v.SrcGeo)
	addIP(e, "source.nat.ip", v.AssignedIP)
	e.Add("message", event.String(v.message()))
	related(e, []netip.Addr{v.SrcIP, v.AssignedIP}, []string{v.User}, []string{v.Gateway.Name})
}

func (v *VPN) message() string {
	switch v.Action {
	case VPNLogin:
		return fmt.Sprintf("user %s connected from %s, assigned %s", v.User, v.SrcIP, v.AssignedIP)
	case VPNLoginFailed:
		return fmt.Sprintf("user %s failed to authenticate from %s: %s", v.User, v.SrcIP, v.Reason)
	}
	return fmt.Sprintf("user %s disconnected, session %s", v.User, v.Duration.Round(time.Second))
}

// SSO is one sign-in at the SaaS identity provider (dataset soclab.sso).
//
// Fields: observer.*, event.action ("user_sign_in"), event.outcome,
// event.reason, user.name, user.email, source.ip, source.geo.*, source.as.*,
// user_agent.original, soclab.sso.application, soclab.sso.mfa.method
// ("push", "totp", "sms", "none"), soclab.sso.mfa.result ("success",
// "failure", "denied", "not_required", "not_attempted"), message.
type SSO struct {
	IdP       Observer
	User      string
	Email     string
	App       string
	SrcIP     netip.Addr
	SrcGeo    *Geo
	UserAgent string
	Success   bool
	Reason    string
	MFAMethod string
	MFAResult string
}

// Build writes the event into e.
func (s *SSO) Build(e *event.Event, m Meta) {
	begin(e, m, event.DatasetSSO, catAuthentication, typeStart)
	e.Add("event.action", event.String("user_sign_in"))
	e.Add("event.outcome", event.String(outcome(s.Success)))
	addStr(e, "event.reason", s.Reason)
	addObserver(e, s.IdP)
	addStr(e, "user.name", s.User)
	addStr(e, "user.email", s.Email)
	addIP(e, "source.ip", s.SrcIP)
	addGeo(e, "source", s.SrcGeo)
	addStr(e, "user_agent.original", s.UserAgent)
	addStr(e, "soclab.sso.application", s.App)
	addStr(e, "soclab.sso.mfa.method", s.MFAMethod)
	addStr(e, "soclab.sso.mfa.result", s.MFAResult)
	msg := "sign-in to " + s.App + " by " + s.Email
	if !s.Success {
		msg += " failed: " + s.Reason
	}
	e.Add("message", event.String(msg))
	related(e, []netip.Addr{s.SrcIP}, []string{s.User}, nil)
}
