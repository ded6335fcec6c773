package pipeline

import (
	"errors"
	"strings"
	"testing"
)

func TestBundledDecode(t *testing.T) {
	set, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"soclab", "ecs-windows", "linux", "ecs-network", "ecs-web"}
	if got := strings.Join(set.Names(), ","); got != strings.Join(want, ",") {
		t.Fatalf("bundled pipelines %s, want %s", got, strings.Join(want, ","))
	}
}

func TestMapFieldWindows(t *testing.T) {
	set, _ := Bundled()
	ls := Logsource{Product: "windows", Service: "security"}
	for in, want := range map[string]string{
		"EventID":        "event.code",
		"TargetUserName": "winlog.event_data.TargetUserName",
		"LogonType":      "winlog.event_data.LogonType",
		"IpAddress":      "source.ip",
		"ServiceName":    "service.name",
		"user.name":      "user.name",
	} {
		m := set.MapField(ls, in)
		if strings.Join(m.Fields, "|") != want {
			t.Errorf("%s -> %v, want %s", in, m.Fields, want)
		}
		if (in == want) != (len(m.Steps) == 0) {
			t.Errorf("%s: steps %v", in, m.Steps)
		}
	}
	// The Windows prefix does not reach other log sources.
	if m := set.MapField(Logsource{Category: "proxy"}, "TargetUserName"); m.Fields[0] != "TargetUserName" {
		t.Errorf("proxy rule field renamed to %v", m.Fields)
	}
}

func TestMapFieldFanOutAndValues(t *testing.T) {
	set, _ := Bundled()
	m := set.MapField(Logsource{Category: "proxy"}, "cs-host")
	if strings.Join(m.Fields, ",") != "url.domain,destination.domain" || m.Steps[0].String() != "ecs-web/proxy" {
		t.Errorf("cs-host -> %v %v", m.Fields, m.Steps)
	}
	fw := Logsource{Category: "firewall"}
	if v, steps, ok := set.MapValue(fw, "action", "Accept"); !ok || v != "allow" || steps[0].ID != "firewall_action_values" {
		t.Errorf("action Accept -> %q %v %v", v, steps, ok)
	}
	if _, _, ok := set.MapValue(fw, "action", "2"); ok {
		t.Error("an unknown verb was rewritten")
	}
	if _, _, ok := set.MapValue(Logsource{Category: "proxy"}, "action", "accept"); ok {
		t.Error("a firewall value mapping reached a proxy rule")
	}
}

func TestDatasets(t *testing.T) {
	set, _ := Bundled()
	all := []string{"system.auth", "system.security"}
	ds, _, err := set.Datasets(Logsource{Product: "linux", Service: "auth"}, all)
	if err != nil || strings.Join(ds, ",") != "system.auth" {
		t.Errorf("linux/auth -> %v %v", ds, err)
	}
	_, _, err = set.Datasets(Logsource{Category: "webserver"}, all)
	if err == nil || !strings.Contains(err.Error(), `category "webserver" is not a soclab log source`) {
		t.Errorf("webserver: %v", err)
	}
	_, _, err = set.Datasets(Logsource{Product: "windows", Service: "sshd"}, all)
	if err == nil || !strings.Contains(err.Error(), "selects no soclab dataset") {
		t.Errorf("windows/sshd: %v", err)
	}
}

func TestKnown(t *testing.T) {
	set, _ := Bundled()
	for f, want := range map[string]bool{"user.name": true, "@timestamp": true, "soclab.flow.state": true,
		"winlog.event_data.X": true, "query": false, "EventID": false, "winlogx": false} {
		if set.Known(f) != want {
			t.Errorf("Known(%q) = %v", f, !want)
		}
	}
	// The integration fields are known without a pipeline's custom_fields.
	var none Set
	for f, want := range map[string]bool{"zeek.connection.state": true, "zeek.dns.rejected": true, "system.auth.ssh.event": true,
		"winlog.logon.type": true, "zeek.connection.nope": false, "soclab.flow.state": false} {
		if none.Known(f) != want {
			t.Errorf("Known(%q) = %v", f, !want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"description: x\n", "p.yml:1:1: name: missing"},
		{"name: X\n", `"X": a pipeline name is lower-case`},
		{"name: a\ntransformations:\n  - id: t\n    type: rename\n", `p.yml:4:11: transformations[1].type: unknown transformation type "rename"`},
		{"name: a\ntransformations:\n  - type: field_name_prefix\n    prefix: x\n", "needs a prefix ending in"},
		{"name: a\ntransformations:\n  - type: field_name_prefix\n    prefix: x\n", "transformations[1].id: missing"},
		{"name: a\nlogsources:\n  - {product: a, service: b, datasets: [x]}\n", "give one of category, product or service"},
		{"name: a\nbogus: 1\n", "p.yml:2:1: bogus: unknown key"},
		{"name: [\n", "invalid YAML"},
		{"name: a\ncustom_fields: ['bad field']\n", "is not a field name"},
		{"name: a\ntransformations:\n  - {id: v, type: value_mapping, field: f}\n", "needs a field and its values"},
	} {
		_, err := Decode("p.yml", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: got %v, want %q", c.in, err, c.want)
		}
	}
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	_, err := Decode("p.yml", []byte("name: a\ntransformations:\n  - {id: a, type: x}\n  - {id: b, type: y}\nextra: 1\n"))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, n := range []string{"bundled/10-soclab.yml", "bundled/20-ecs-windows.yml", "bundled/40-network.yml", "bundled/50-web.yml"} {
		data, err := bundledFS.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("name: a\ntransformations:\n  - {id: v, type: value_mapping, field: f, values: {a: b}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		p, err := Decode("f.yml", data)
		if err == nil && p.Name == "" {
			t.Fatal("a pipeline without a name decoded")
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("error not answering to ErrInvalid: %v", err)
		}
	})
}
