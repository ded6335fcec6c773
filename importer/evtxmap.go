package importer

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/telemetry"
)

// evtxmap.go maps a Security record to soclab's event for it. The
// generator's builder (telemetry.Windows) writes the event: dataset,
// event.action/category/type/outcome of the event id, host, user, source,
// logon type and id, related.*, winlog.* as Elastic's System integration
// names them. What that builder derives rather than reads (SIDs, record
// id, process, source port, event data) is then replaced by what Windows
// wrote in the record.

// windows is the telemetry record of w: the accounts, hosts and addresses
// each event id names, as the generator fills them.
func (w *winEvent) windows() telemetry.Windows {
	r := telemetry.Windows{Code: w.code, Host: w.computer}
	subject := func() {
		r.User, r.Domain = w.get("SubjectUserName"), w.get("SubjectDomainName")
	}
	switch w.code {
	case telemetry.WinLogon, telemetry.WinLogonFailed, telemetry.WinLogoff:
		r.User, r.Domain = w.get("TargetUserName"), w.get("TargetDomainName")
		r.LogonType, _ = strconv.Atoi(w.get("LogonType"))
		r.LogonID = hexUint(w.get("TargetLogonId"))
		r.SrcIP = ipOf(w.get("IpAddress"))
		r.SrcHost = w.get("WorkstationName")
		r.NoSuchUser = strings.EqualFold(w.get("SubStatus"), telemetry.SubStatusNoSuchUser)
	case telemetry.WinExplicitCreds:
		subject()
		r.TargetUser, r.Server = w.get("TargetUserName"), w.get("TargetServerName")
		r.SrcIP = ipOf(w.get("IpAddress"))
		r.LogonID = hexUint(w.get("SubjectLogonId"))
	case telemetry.WinSpecialPrivs:
		subject()
		r.LogonID = hexUint(w.get("SubjectLogonId"))
	case telemetry.WinUserCreated:
		subject()
		r.TargetUser = w.get("TargetUserName")
	case telemetry.WinGlobalGroupAdd, telemetry.WinLocalGroupAdd:
		subject()
		r.TargetUser = memberName(w.get("MemberName"))
		r.Group = w.get("TargetUserName")
	case telemetry.WinLockout:
		subject()
		r.TargetUser = w.get("TargetUserName")
		r.SrcHost = w.get("TargetDomainName") // the caller computer
	}
	return r
}

// memberName is the account name of a group member's distinguished name
// ("CN=jdoe,CN=Users,DC=corp" is "jdoe").
func memberName(dn string) string {
	if rest, ok := strings.CutPrefix(dn, "CN="); ok {
		if i := strings.IndexByte(rest, ','); i >= 0 {
			return rest[:i]
		}
		return rest
	}
	return dn
}

func hexUint(s string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(s), "0x"), 16, 64)
	return n
}

// ipOf parses an address as Windows writes it ("::ffff:10.0.0.5" is
// 10.0.0.5); anything else is no address.
func ipOf(s string) netip.Addr {
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return ip.Unmap()
}

// evtxRecord builds a Security record: the generator's event, then the
// record's own values.
type evtxRecord struct {
	ev *winEvent
	w  telemetry.Windows
}

// derived are the fields telemetry.Windows derives from names (SIDs, the
// record id, the logon's process and port) rather than reads: an imported
// event takes them from the record or goes without.
var derived = []string{"user.id", "user.target.id", "group.id", "group.domain", "process.executable", "process.name",
	"process.pid", "source.port", "winlog.record_id", "winlog.keywords", "winlog.logon.type",
	"soclab.windows.logon_type_name", "winlog.logon.failure.reason", "winlog.logon.failure.status", "winlog.logon.failure.sub_status"}

// Build writes the event into e.
func (r *evtxRecord) Build(e *event.Event, m telemetry.Meta) {
	r.w.Build(e, m)
	kept := map[string]event.Value{}
	for _, k := range derived {
		if v, ok := e.Get(k); ok {
			kept[k] = v
		}
	}
	e.Fields = slices.DeleteFunc(e.Fields, func(f event.Field) bool {
		_, d := kept[f.Key]
		return d || strings.HasPrefix(f.Key, "winlog.event_data.")
	})
	w := r.ev
	e.Set("winlog.channel", event.String(w.channel))
	e.Set("winlog.computer_name", event.String(w.computer))
	e.Set("winlog.provider_name", event.String(w.provider))
	if w.guid != "" {
		e.Set("winlog.provider_guid", event.String(w.guid))
	}
	e.Add("winlog.record_id", event.String(w.recordID))
	if w.pid != 0 || w.tid != 0 {
		e.Add("winlog.process.pid", event.Int(w.pid))
		e.Add("winlog.process.thread.id", event.Int(w.tid))
	}
	w.addKeywords(e)
	w.addEventData(e)
	w.addIDs(e)
	w.addProcess(e, r.w.SrcIP.IsValid())
	// the logon type's name and the failure texts are Elastic's
	// descriptions of values the record holds: kept when they describe
	// the record's own values.
	if v, ok := kept["winlog.logon.type"]; ok && v.Str() != "" {
		e.Add("winlog.logon.type", v)
	}
	if v, ok := kept["soclab.windows.logon_type_name"]; ok && v.Str() != "" {
		e.Add("soclab.windows.logon_type_name", v)
	}
	if w.code == telemetry.WinLogonFailed {
		w.addFailure(e, kept)
	}
}

// addKeywords writes winlog.keywords from the record's audit keyword bits.
func (w *winEvent) addKeywords(e *event.Event) {
	const auditFailure, auditSuccess = 0x0010000000000000, 0x0020000000000000
	var kw []string
	if w.keywords&auditFailure != 0 {
		kw = append(kw, "Audit Failure")
	}
	if w.keywords&auditSuccess != 0 {
		kw = append(kw, "Audit Success")
	}
	if len(kw) > 0 {
		e.Add("winlog.keywords", event.Strings(kw...))
	}
}

// addEventData writes winlog.event_data.* as the record holds it (an
// array as a list; 4672's PrivilegeList split into its privileges, as
// Elastic splits it).
func (w *winEvent) addEventData(e *event.Event) {
	for _, d := range w.data {
		key := "winlog.event_data." + d.Attr("Name")
		switch {
		case d.List != nil:
			e.Set(key, event.Strings(d.List...))
		case d.Attr("Name") == "PrivilegeList" && d.Text != "-":
			e.Set(key, event.Strings(strings.Fields(d.Text)...))
		case d.Text != "":
			e.Set(key, event.String(d.Text))
		}
	}
}

// addIDs writes the SIDs: user.id of the account in user.name (nobody on
// a failed logon), user.target.id and group.id where the event has them.
func (w *winEvent) addIDs(e *event.Event) {
	user, target := "SubjectUserSid", ""
	switch w.code {
	case telemetry.WinLogon, telemetry.WinLogonFailed, telemetry.WinLogoff:
		user = "TargetUserSid"
	case telemetry.WinUserCreated, telemetry.WinLockout:
		target = "TargetSid"
	case telemetry.WinGlobalGroupAdd, telemetry.WinLocalGroupAdd:
		target = "MemberSid"
		if sid := w.get("TargetSid"); sid != "" {
			e.Add("group.id", event.String(sid))
		}
		if dom := w.get("TargetDomainName"); dom != "" {
			e.Add("group.domain", event.String(dom))
		}
	}
	if sid := w.get(user); sid != "" {
		e.Add("user.id", event.String(sid))
	}
	if sid := w.get(target); target != "" && sid != "" {
		e.Add("user.target.id", event.String(sid))
	}
}

// addProcess writes process.* from ProcessName and ProcessId (as the
// builder does: telemetry.AddProcess), and source.port from IpPort when
// the logon came from an address.
func (w *winEvent) addProcess(e *event.Event, remote bool) {
	telemetry.AddProcess(e, w.get("ProcessName"), w.get("ProcessId"))
	if port, err := strconv.Atoi(w.get("IpPort")); remote && err == nil && port > 0 && port < 65536 {
		e.Add("source.port", event.Int(int64(port)))
	}
}

// addFailure keeps Elastic's failure texts the builder wrote when they
// describe the record's own Status, SubStatus and FailureReason.
func (w *winEvent) addFailure(e *event.Event, kept map[string]event.Value) {
	keep := func(key string, ok bool) {
		if v, had := kept[key]; had && ok {
			e.Add(key, v)
		}
	}
	sub := w.get("SubStatus")
	keep("winlog.logon.failure.reason", w.get("FailureReason") == "%%2313")
	keep("winlog.logon.failure.status", strings.EqualFold(w.get("Status"), telemetry.StatusBadUserOrPassword))
	keep("winlog.logon.failure.sub_status", strings.EqualFold(sub, telemetry.SubStatusNoSuchUser) || strings.EqualFold(sub, telemetry.SubStatusBadPassword))
}
