package columnar

import (
	"errors"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
)

// TestLoadNDJSONAppliesTheReadingContract: query and search read events
// through LoadNDJSON, which refuses what the contract refuses (with or
// without a field list), with the file and line.
func TestLoadNDJSONAppliesTheReadingContract(t *testing.T) {
	good := `{"@timestamp":"2026-03-02T10:00:00Z","event":{"id":"a"}}`
	for bad, want := range map[string]string{
		`{"@timestamp":"2026-03-02T10:00:01Z","event":{"duration":1e400}}`:          `field "event.duration": 1e400 is out of the range of a double`,
		`{"@timestamp":"2026-03-02T10:00:01Z","event":{"duration":NaN}}`:            `NaN and Infinity are not JSON numbers`,
		`{"@timestamp":"2026-03-02T10:00:01Z","source":{"ip":"999.1.1.1"}}`:         `field "source.ip": "999.1.1.1" is not an IP address`,
		`{"@timestamp":"2026-03-02T10:00:01Z","message":"\udc00"}`:                  `a lone UTF-16 surrogate`,
		`{"@timestamp":"2026-03-02T10:00:01Z","user":{"name":"a"},"user":{"id":1}}`: `field "user": the key is given twice`,
	} {
		for _, fields := range [][]string{nil, {"@timestamp", "event.id"}} {
			_, err := LoadNDJSON(strings.NewReader(good+"\n"+bad+"\n"), "in.ndjson", fields)
			if !errors.Is(err, event.ErrSyntax) || !strings.Contains(err.Error(), "in.ndjson:2: ") || !strings.Contains(err.Error(), want) {
				t.Errorf("%s (fields %v): err = %v, want in.ndjson:2: ...%s", bad, fields, err, want)
			}
		}
	}
}
