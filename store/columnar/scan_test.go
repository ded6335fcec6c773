package columnar

import (
	"reflect"
	"strings"
	"testing"
)

// TestLoadNDJSONFieldsMatchFullLoad checks that loading a few fields (the
// scanner's path, with the decoder taking the lines it leaves or finds
// malformed) gives the same columns as loading every field.
func TestLoadNDJSONFieldsMatchFullLoad(t *testing.T) {
	lines := append(append([]string(nil), sample...),
		`{"@timestamp":"2026-03-02T10:00:04Z","event":{"id":"e","dataset":null},"user":{"name":null},"related":{"ip":[]},"message":"caf\u00e9 \"q\""}`,
		`{"@timestamp":"2026-03-02T10:00:05Z","event":{"id":"f"},"message":"control \u0001 character, escaped"}`,
		`{"@timestamp":"2026-03-02T10:00:06Z","event.id":"g","user.name":"dotted","labels":{"n":[3,1,2]}}`,
		`{"@timestamp":"2026-03-02T10:00:07Z","event":{"id":"h"},"message":"paired \ud83d\ude00","user":{"name":"x"}}`,
	)
	data := strings.Join(lines, "\n")
	fields := []string{"@timestamp", "event.id", "related.ip", "labels.n", "user.name", "message", "dns.answers.data", "source.ip"}
	full, err := LoadNDJSON(strings.NewReader(data), "full", nil)
	if err != nil {
		t.Fatal(err)
	}
	some, err := LoadNDJSON(strings.NewReader(data), "some", fields)
	if err != nil {
		t.Fatal(err)
	}
	if full.NumRowGroups() != 1 || some.NumRowGroups() != 1 {
		t.Fatalf("%d and %d row groups, want one each", full.NumRowGroups(), some.NumRowGroups())
	}
	names := append(fields, IndexField)
	want, err := full.RowGroup(0, names)
	if err != nil {
		t.Fatal(err)
	}
	got, err := some.RowGroup(0, names)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len != len(lines) || want.Len != len(lines) {
		t.Fatalf("%d and %d rows, want %d", got.Len, want.Len, len(lines))
	}
	for _, n := range names {
		if !reflect.DeepEqual(got.Columns[n], want.Columns[n]) {
			t.Errorf("column %s:\nwith fields %+v\nall fields  %+v", n, got.Columns[n], want.Columns[n])
		}
	}
}
