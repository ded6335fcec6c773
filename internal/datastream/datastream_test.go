package datastream

import "testing"

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"soclab.ssh": "logs-soclab.ssh-t1", "system.auth": "logs-soclab.system.auth-t1",
		"zeek.connection": "logs-soclab.zeek.connection-t1", "": "logs-soclab.unknown-t1", "Foo-Bar": "logs-soclab.foo_bar-t1",
	} {
		if got := Events(in, "t1"); got != want {
			t.Errorf("Events(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Events("soclab.dns", ""); got != "logs-soclab.dns-default" {
		t.Errorf("default namespace: %q", got)
	}
	if got := Pattern("zeek.dns"); got != "logs-soclab.zeek.dns-*" {
		t.Errorf("Pattern = %q", got)
	}
	if got := Alerts("t1"); got != "soclab-alerts-t1" {
		t.Errorf("Alerts = %q", got)
	}
	if got := EventsIn("t1"); got != "logs-soclab.*-t1" {
		t.Errorf("EventsIn = %q", got)
	}
}
