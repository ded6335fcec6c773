package datastream

import "testing"

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"soclab.vpn": "logs-soclab.vpn-t1", "system.auth": "logs-system.auth-t1",
		"zeek.connection": "logs-zeek.connection-t1", "": "logs-soclab.unknown-t1", "Foo-Bar": "logs-foo_bar-t1",
	} {
		if got := Events(in, "t1"); got != want {
			t.Errorf("Events(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Events("zeek.dns", ""); got != "logs-zeek.dns-default" {
		t.Errorf("default namespace: %q", got)
	}
	if got := Pattern("zeek.dns"); got != "logs-zeek.dns-*" {
		t.Errorf("Pattern = %q", got)
	}
	if got := Alerts("t1"); got != "soclab-alerts-t1" {
		t.Errorf("Alerts = %q", got)
	}
	if got := EventsIn("t1"); got != "logs-*-t1" {
		t.Errorf("EventsIn = %q", got)
	}
}
