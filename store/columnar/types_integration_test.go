package columnar

import "testing"

// TestECSTypeKnowsIntegrationFields: the fields Elastic's integrations
// write beside ECS are typed as the integrations map them, whatever the
// values of a chunk look like (a whole TTL is still a double).
func TestECSTypeKnowsIntegrationFields(t *testing.T) {
	for field, want := range map[string]Type{
		"zeek.dns.TTLs": Double, "zeek.connection.local_orig": Boolean, "zeek.dns.qtype": Long,
		"zeek.connection.icmp.type": Integer, "source.ip": IP,
	} {
		if got, ok := ECSType(field); !ok || got != want {
			t.Errorf("ECSType(%s) = %v, %v; want %v", field, got, ok, want)
		}
	}
	if _, ok := ECSType("zeek.session_id"); ok {
		t.Error("a keyword integration field must be typed by its values, as ECS keywords are")
	}
}
