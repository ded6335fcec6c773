package detectors

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/soclab/soclab/event"
)

// scanFields are the fields the bundled pack reads, used to compare
// Stream's decoding with event.Decoder.
func scanFields(t testing.TB) []string {
	eng := bundledEngine(t, Options{})
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
		`{"@timestamp":"2026-03-02T10:00:00.123Z","event":{"id":"x","dataset":"zeek.dns"},"dns":{"answers":[{"data":"1.2.3.4","type":"A"}],"question":{"name":"a\u00e9\"b\\c"}}}`,
		`{"source":{"ip":"10.0.0.1","bytes":1e3,"port":-0},"user":{"name":null},"related":{"ip":[],"user":["a","b"]},"x":{"y":[1,{"z":[true,false,null]}]}}`,
		`{"@timestamp":"2026-03-02","event":{"code":4624.5},"message":"\ud83d\ude00 \t tab"}`,
		` { "event" : { "dataset" : "system.auth" } , "user" : { "name" : "x" } } `,
	} {
		lines = append(lines, []byte(s))
	}
	return lines
}

// TestStreamDecodingMatchesDecoder checks that the way Stream decodes a
// line (event.Scanner for the rules' fields, event.Decoder when it
// defers) gives what event.Decoder gives, with a slot for every scanned
// field.
func TestStreamDecodingMatchesDecoder(t *testing.T) {
	fields := scanFields(t)
	sc := event.NewScanner(fields)
	var arena event.ScanArena
	sc.UseArena(&arena)
	var dec event.Decoder
	dec.Only(fields)
	for _, line := range sampleLines(t) {
		var fast, std event.Event
		serr := dec.Decode(line, &std)
		arena.Reset()
		scanned, ferr := decodeLineScanned(sc, &dec, line, &fast)
		if (ferr == nil) != (serr == nil) {
			t.Fatalf("%s\nscanner error %v, decoder error %v", line, ferr, serr)
		}
		if ferr != nil {
			continue
		}
		if a, b := event.Marshal(&fast), event.Marshal(&std); !bytes.Equal(a, b) {
			t.Errorf("%s\nscanner: %s\ndecoder: %s", line, a, b)
		}
		if scanned && len(arena.Slots) != len(fast.Fields) {
			t.Errorf("%s: %d slots for %d fields", line, len(arena.Slots), len(fast.Fields))
		}
	}
}

// TestStreamRejectsBadJSON: Stream refuses malformed lines, even those
// event.Decoder would accept.
func TestStreamRejectsBadJSON(t *testing.T) {
	fields := scanFields(t)
	for _, bad := range []string{`[1]`, `{"a":}`, `{"a":tru}`, `{"a":"x}`, `{"a":1}x`, `{"a" 1}`, `{"event":{"dataset":"x",}}`, `{"x":[1,2}`, `{"a":01.2.3}`, "{\"a\":\"\x01\"}"} {
		var e event.Event
		var dec event.Decoder
		dec.Only(fields)
		if err := decodeLine(event.NewScanner(fields), &dec, []byte(bad), &e); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
