package ecs

import "sort"

// integration is the list of the fields of Elastic's integrations that
// soclab's records carry beside ECS: the System integration's for Windows
// and sshd (winlog.*, system.auth.*) and the Zeek integration's for the
// network sensor (zeek.*, as its connection and dns data streams write
// them; docs/telemetry.md), typed and mapped as the integrations map them,
// sorted by name (byte order: zeek.dns.AA before zeek.dns.answers). It is
// kept by hand: the integrations have no flat reference like ECS's.
var integration = [...]Field{
	{Name: "system.auth.ssh.event", Type: "keyword", IgnoreAbove: 1024},
	{Name: "system.auth.ssh.method", Type: "keyword", IgnoreAbove: 1024},
	{Name: "system.auth.ssh.signature", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.api", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.channel", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.computer_name", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.AccountExpires", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.AuthenticationPackageName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.DisplayName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.ElevatedToken", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.FailureReason", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.ImpersonationLevel", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.IpAddress", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.IpPort", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.KeyLength", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.LmPackageName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.LogonGuid", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.LogonProcessName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.LogonType", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.MemberName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.MemberSid", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.NewUacValue", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.OldUacValue", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.PasswordLastSet", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.PrimaryGroupId", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.PrivilegeList", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.ProcessId", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.ProcessName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.SamAccountName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.Status", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.SubStatus", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.SubjectDomainName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.SubjectLogonId", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.SubjectUserName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.SubjectUserSid", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetDomainName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetInfo", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetLogonGuid", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetLogonId", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetServerName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetSid", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetUserName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TargetUserSid", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.TransmittedServices", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.UserPrincipalName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.VirtualAccount", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_data.WorkstationName", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.event_id", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.keywords", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.logon.failure.reason", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.logon.failure.status", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.logon.failure.sub_status", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.logon.id", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.logon.type", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.opcode", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.outcome", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.provider_guid", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.provider_name", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.record_id", Type: "keyword", IgnoreAbove: 1024},
	{Name: "winlog.task", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.connection.history", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.connection.icmp.code", Type: "integer"},
	{Name: "zeek.connection.icmp.type", Type: "integer"},
	{Name: "zeek.connection.local_orig", Type: "boolean"},
	{Name: "zeek.connection.local_resp", Type: "boolean"},
	{Name: "zeek.connection.missed_bytes", Type: "long"},
	{Name: "zeek.connection.state", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.connection.state_message", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.dns.AA", Type: "boolean"},
	{Name: "zeek.dns.RA", Type: "boolean"},
	{Name: "zeek.dns.RD", Type: "boolean"},
	{Name: "zeek.dns.TC", Type: "boolean"},
	{Name: "zeek.dns.TTLs", Type: "double"},
	{Name: "zeek.dns.answers", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.dns.qclass", Type: "long"},
	{Name: "zeek.dns.qclass_name", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.dns.qtype", Type: "long"},
	{Name: "zeek.dns.qtype_name", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.dns.query", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.dns.rcode", Type: "long"},
	{Name: "zeek.dns.rcode_name", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.dns.rejected", Type: "boolean"},
	{Name: "zeek.dns.rtt", Type: "double"},
	{Name: "zeek.dns.trans_id", Type: "keyword", IgnoreAbove: 1024},
	{Name: "zeek.session_id", Type: "keyword", IgnoreAbove: 1024},
}

// Integration returns the integration fields soclab writes beside ECS,
// sorted by name. The slice is shared: callers must not modify it.
func Integration() []Field { return integration[:] }

// LookupIntegration returns the integration field called name, and false
// when soclab writes none of that name.
func LookupIntegration(name string) (Field, bool) {
	i := sort.Search(len(integration), func(i int) bool { return integration[i].Name >= name })
	if i < len(integration) && integration[i].Name == name {
		return integration[i], true
	}
	return Field{}, false
}
