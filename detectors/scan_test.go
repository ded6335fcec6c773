package detectors

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/soclab/soclab/event"
)

// scanFields are the fields the bundled pack reads, used to compare the
// scanner with event.Decoder.
func scanFields(t testing.TB) []string {
	rules, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := Compile(rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return append(eng.Fields(), "dns.answers.data")
}

// sampleLines are NDJSON documents: every event of the testdata, plus
// awkward JSON.
func sampleLines(t testing.TB) [][]byte {
	var lines [][]byte
	files, _ := filepath.Glob("testdata/*/*.sigmatest")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range bytes.Split(data, []byte("\n")) {
			if bytes.HasPrefix(l, []byte("{")) {
				lines = append(lines, l)
			}
		}
	}
	for _, s := range []string{
		`{"@timestamp":"2026-03-02T10:00:00.123Z","event":{"id":"x","dataset":"soclab.dns"},"dns":{"answers":[{"data":"1.2.3.4","type":"A"}],"question":{"name":"a\u00e9\"b\\c"}}}`,
		`{"source":{"ip":"10.0.0.1","bytes":1e3,"port":-0},"user":{"name":null},"related":{"ip":[],"user":["a","b"]},"x":{"y":[1,{"z":[true,false,null]}]}}`,
		`{"@timestamp":"2026-03-02","event":{"code":4624.5},"message":"\ud83d\ude00 \t tab"}`,
		` { "event" : { "dataset" : "soclab.ssh" } , "user" : { "name" : "x" } } `,
	} {
		lines = append(lines, []byte(s))
	}
	return lines
}

func decodeBoth(fields []string, line []byte) (fast, std *event.Event, fastErr, stdErr error) {
	var dec event.Decoder
	dec.Only(fields)
	std, fast = &event.Event{}, &event.Event{}
	stdErr = dec.Decode(line, std)
	fastErr = decodeLine(newScanner(fields), &dec, line, fast)
	return fast, std, fastErr, stdErr
}

func TestScannerMatchesDecoder(t *testing.T) {
	fields := scanFields(t)
	for _, line := range sampleLines(t) {
		fast, std, ferr, serr := decodeBoth(fields, line)
		if (ferr == nil) != (serr == nil) {
			t.Fatalf("%s\nscanner error %v, decoder error %v", line, ferr, serr)
		}
		if ferr == nil && !reflect.DeepEqual(event.Marshal(fast), event.Marshal(std)) {
			t.Errorf("%s\nscanner: %s\ndecoder: %s", line, event.Marshal(fast), event.Marshal(std))
		}
	}
}

func TestScannerRejectsBadJSON(t *testing.T) {
	fields := scanFields(t)
	for _, bad := range []string{`[1]`, `{"a":}`, `{"a":tru}`, `{"a":"x}`, `{"a":1}x`, `{"a" 1}`, `{"event":{"dataset":"x",}}`, `{"x":[1,2}`, `{"a":01.2.3}`, "{\"a\":\"\x01\"}"} {
		var e event.Event
		var dec event.Decoder
		if err := decodeLine(newScanner(fields), &dec, []byte(bad), &e); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, l := range sampleLines(f) {
		f.Add(l)
	}
	fields := scanFields(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		if len(line) > 1<<16 {
			return
		}
		fast, std, ferr, serr := decodeBoth(fields, line)
		if ferr == nil && serr == nil && !reflect.DeepEqual(event.Marshal(fast), event.Marshal(std)) {
			if !strings.Contains(string(line), `\u`) { // lone surrogates differ
				t.Errorf("%q\nscanner: %s\ndecoder: %s", line, event.Marshal(fast), event.Marshal(std))
			}
		}
		if ferr == nil && serr != nil && !bytes.Contains(line, []byte(`\`)) {
			t.Errorf("%q: the scanner accepted what the decoder rejects: %v", line, serr)
		}
	})
}
