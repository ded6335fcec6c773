package elastic

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Field is the Elasticsearch mapping of one flat field name, as the ECS
// reference gives it.
type Field struct {
	Name          string       `json:"name"`
	Type          string       `json:"type"`
	IgnoreAbove   int          `json:"ignore_above,omitempty"`
	Index         *bool        `json:"index,omitempty"`
	DocValues     *bool        `json:"doc_values,omitempty"`
	ScalingFactor float64      `json:"scaling_factor,omitempty"`
	ObjectType    string       `json:"object_type,omitempty"`
	MultiFields   []MultiField `json:"multi_fields,omitempty"`
}

// MultiField is a sub-field indexed another way, such as url.full.text.
type MultiField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// ECSTable is the generated subset of the ECS reference that soclab maps.
type ECSTable struct {
	ECSVersion string  `json:"ecs_version"`
	Note       string  `json:"note"`
	Fields     []Field `json:"fields"`
}

//go:embed ecs_fields.json
var ecsFieldsJSON []byte

// soclabFields are the fields outside ECS, all under "soclab.", as the
// doc comments of generator/telemetry define them.
var soclabFields = []Field{
	{Name: "soclab.windows.logon_type", Type: "long"},
	{Name: "soclab.windows.logon_type_name", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.windows.logon_id", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.sso.application", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.sso.mfa.method", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.sso.mfa.result", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.flow.tcp_flags", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.flow.state", Type: "keyword", IgnoreAbove: 1024},
	{Name: "soclab.proxy.category", Type: "keyword", IgnoreAbove: 1024},
}

// integrationFields are the fields of Elastic's System integration that
// soclab's Windows and sshd records carry beside ECS (winlog.*,
// system.auth.*; see docs/telemetry.md), mapped as the integration maps
// them.
var integrationFields = []Field{
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
}

// Fields returns every mapped field, ECS's, the integration's and soclab's,
// sorted by name.
func Fields() ([]Field, string, error) {
	var t ECSTable
	if err := json.Unmarshal(ecsFieldsJSON, &t); err != nil {
		return nil, "", fmt.Errorf("ecs_fields.json: %w", err)
	}
	fs := append(append(t.Fields, soclabFields...), integrationFields...)
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	return fs, t.ECSVersion, nil
}

// mappingTree builds the nested "properties" of a mapping from flat fields,
// and the dynamic templates that objects with an object_type (labels) need.
func mappingTree(fields []Field) (props map[string]any, dynamic []map[string]any) {
	props = map[string]any{}
	for _, f := range fields {
		parts := strings.Split(f.Name, ".")
		node := props
		for _, p := range parts[:len(parts)-1] {
			node = child(node, p)
		}
		leaf := parts[len(parts)-1]
		if f.Type == "object" {
			child(node, leaf)
			node[leaf].(map[string]any)["type"] = "object"
			if f.ObjectType != "" {
				dynamic = append(dynamic, map[string]any{f.Name: map[string]any{
					"path_match": f.Name + ".*", "match_mapping_type": "string",
					"mapping": map[string]any{"type": f.ObjectType}}})
			}
			continue
		}
		node[leaf] = leafMapping(f)
	}
	return props, dynamic
}

// child returns the properties of object name inside node, creating it.
func child(node map[string]any, name string) map[string]any {
	m, ok := node[name].(map[string]any)
	if !ok {
		m = map[string]any{}
		node[name] = m
	}
	p, ok := m["properties"].(map[string]any)
	if !ok {
		p = map[string]any{}
		m["properties"] = p
	}
	return p
}

func leafMapping(f Field) map[string]any {
	m := map[string]any{"type": f.Type}
	if f.IgnoreAbove > 0 {
		m["ignore_above"] = f.IgnoreAbove
	}
	if f.Index != nil {
		m["index"] = *f.Index
	}
	if f.DocValues != nil {
		m["doc_values"] = *f.DocValues
	}
	if f.ScalingFactor != 0 {
		m["scaling_factor"] = f.ScalingFactor
	}
	if len(f.MultiFields) > 0 {
		sub := map[string]any{}
		for _, mf := range f.MultiFields {
			sub[mf.Name] = map[string]any{"type": mf.Type}
		}
		m["fields"] = sub
	}
	return m
}
