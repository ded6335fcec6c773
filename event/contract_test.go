package event

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestReadingContract is the contract of docs/telemetry.md, line by line:
// what every command accepts and refuses, as Elasticsearch would.
func TestReadingContract(t *testing.T) {
	cases := []struct{ line, err string }{
		{`{"source":{"ip":"10.0.0.1"},"related":{"ip":["::1",null,"10.0.0.2"]},"dns":{"resolved_ip":["1.2.3.4"]}}`, ""},
		{`{"labels":{"n":1.7976931348623157e308,"m":-0.0,"k":12345678901234567890}}`, ""},
		{`{"message":"\ud83d\ude00 paired surrogates, caf\u00e9"}`, ""},
		{`{"a":{"x":1},"b":{"x":1}}`, ""},
		{`{"event":{"duration":1e400}}`, `field "event.duration": 1e400 is out of the range of a double`},
		{`{"event":{"duration":NaN}}`, `field "event.duration": NaN and Infinity are not JSON numbers`},
		{`{"event":{"duration":Infinity}}`, `NaN and Infinity are not JSON numbers`},
		{`{"event":{"duration":-1e999}}`, `out of the range of a double`},
		{`{"source":{"ip":"10.0.0.300"}}`, `field "source.ip": "10.0.0.300" is not an IP address`},
		{`{"source.ip":"not-an-ip"}`, `field "source.ip": "not-an-ip" is not an IP address`},
		{`{"related":{"ip":["10.0.0.1","x"]}}`, `field "related.ip": "x" is not an IP address`},
		{`{"client":{"ip":7}}`, `field "client.ip": 7 is not an IP address`},
		{`{"host":{"ip":"fe80::1%eth0"}}`, `is not an IP address`},
		{`{"message":"lone \ud800 surrogate"}`, `field "message": a lone UTF-16 surrogate (\ud800)`},
		{`{"message":"lone \udc00 low surrogate"}`, `a lone UTF-16 surrogate (\udc00)`},
		{`{"message":"reversed \udc00\ud800"}`, `a lone UTF-16 surrogate`},
		{`{"user":{"name":"a","name":"b"}}`, `field "user.name": the key is given twice in one object`},
		{`{"é":1,"\u00e9":2}`, `field "é": the key is given twice`},
		{`{"x":1,"x":1}`, `the key is given twice`},
		{"{\"message\":\"\xff\"}", `not valid UTF-8`},
		{`[1]`, `a document must be a JSON object`},
		{`{"a":01}`, `"01" is not a JSON number`},
		{strings.Repeat(`{"q":`, 70) + "1" + strings.Repeat("}", 70), `nested more than 64 deep`},
	}
	for _, c := range cases {
		err := CheckLine([]byte(c.line))
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.line, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !errors.Is(err, ErrSyntax)):
			t.Errorf("%s: err = %v, want %q", c.line, err, c.err)
		}
		// Decoder and Scanner apply it: the same verdict through both.
		var d Decoder
		var de Event
		derr := d.Decode([]byte(c.line), &de)
		var e Event
		serr := NewScanner([]string{"source.ip", "message", "event.duration"}).Scan([]byte(c.line), &e)
		if (derr == nil) != (c.err == "") || c.err != "" && serr == nil {
			t.Errorf("%s: decoder %v, scanner %v, want the contract's verdict", c.line, derr, serr)
		}
	}
	// Many keys in one object are checked with a set, not pairwise.
	var b strings.Builder
	b.WriteString("{")
	for i := range 100_000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + `":1`)
	}
	b.WriteString(`}`)
	if err := CheckLine([]byte(b.String())); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Fatalf("100k keys: %v", err)
	}
}

// FuzzCheckLine: CheckLine never panics, and a line it accepts is valid
// JSON (encoding/json agrees) without duplicate keys at the top level.
func FuzzCheckLine(f *testing.F) {
	for _, c := range []string{`{"a":1}`, `{"source":{"ip":"10.0.0.1"}}`, `{"m":"\ud83d\ude00"}`, `{"a":[1,{"b":null}],"c":true}`, `{"x":1e400}`, `{"é":1,"\u00e9":2}`} {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if CheckLine(line) != nil {
			return
		}
		if !json.Valid(line) {
			t.Fatalf("accepted invalid JSON %q", line)
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(line, &top); err != nil {
			t.Fatalf("accepted %q, which is not an object: %v", line, err)
		}
	})
}

// BenchmarkCheckLine measures the contract alone on BenchmarkScan's lines.
func BenchmarkCheckLine(b *testing.B) {
	lines := benchLines()
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			if err := CheckLine(l); err != nil {
				b.Fatal(err)
			}
		}
	}
}
