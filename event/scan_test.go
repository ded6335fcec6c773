package event

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// scanKeys are the keys the scanner tests ask for: dates, lists, keys
// under arrays of objects, overlapping dotted keys ("a" and "a.b") and keys
// whose JSON may hold dotted member names.
var scanKeys = []string{
	KeyTimestamp, KeyID, KeyDataset, "event.created", "event.duration",
	"source.ip", "related.ip", "labels.n", "message", "dns.answers.data",
	"kibana.alert.start", "a", "a.b", "x.y.z", "user.name", "", "é.ü",
}

// sameValue reports whether two values are equal in kind and contents (an
// empty list equals a nil one).
func sameValue(a, b Value) bool {
	if a.kind != b.kind || a.s != b.s || a.n != b.n || len(a.list) != len(b.list) || (a.objs == nil) != (b.objs == nil) {
		return false
	}
	for i := range a.list {
		if !sameValue(a.list[i], b.list[i]) {
			return false
		}
	}
	return a.objs == nil || fmt.Sprint(*a.objs) == fmt.Sprint(*b.objs)
}

// checkScan compares Scanner with Decoder.Only on one line: an accepted
// line decodes to the same fields in the same order, with the slot of each
// recorded; a refused line is either left to the decoder or a syntax error.
// It reports whether the scanner accepted the line.
func checkScan(t testing.TB, keys []string, line []byte) bool {
	t.Helper()
	var dec Decoder
	dec.Only(keys)
	var want Event
	derr := dec.Decode(line, &want)
	s := NewScanner(keys)
	var arena ScanArena
	s.UseArena(&arena)
	var got Event
	serr := s.Scan(line, &got)
	switch {
	case serr == nil:
	case errors.Is(serr, ErrScanFallback):
		return false
	case errors.Is(serr, ErrSyntax):
		if len(got.Fields) != 0 || len(arena.Slots) != 0 || len(arena.Values) != 0 {
			t.Fatalf("%q: a failed scan left fields %v, slots %v", line, got.Fields, arena.Slots)
		}
		return false
	default:
		t.Fatalf("%q: error %v is neither a fallback nor a syntax error", line, serr)
	}
	if derr != nil {
		t.Fatalf("%q: the scanner accepted what the decoder rejects: %v", line, derr)
	}
	if len(got.Fields) != len(want.Fields) {
		t.Fatalf("%q:\nscanner %v\ndecoder %v", line, got.Fields, want.Fields)
	}
	for i := range got.Fields {
		g, w := got.Fields[i], want.Fields[i]
		if g.Key != w.Key || !sameValue(g.Val, w.Val) {
			t.Fatalf("%q: field %d:\nscanner %s=%#v\ndecoder %s=%#v", line, i, g.Key, g.Val, w.Key, w.Val)
		}
		if slot := arena.Slots[i]; keys[slot] != g.Key {
			t.Fatalf("%q: field %s recorded slot %d (%q)", line, g.Key, slot, keys[slot])
		}
	}
	if len(arena.Slots) != len(got.Fields) {
		t.Fatalf("%q: %d slots for %d fields", line, len(arena.Slots), len(got.Fields))
	}
	if a, b := string(Marshal(&got)), string(Marshal(&want)); a != b {
		t.Fatalf("%q:\nscanner %s\ndecoder %s", line, a, b)
	}
	return true
}

// scanCases are lines the scanner must decode itself (true) or refuse
// (false: left to the decoder or rejected).
var scanCases = []struct {
	line    string
	scanned bool
}{
	{`{"@timestamp":"2026-03-02T10:00:00.123Z","event":{"id":"x","dataset":"zeek.dns","created":"2026-03-02T10:00:01Z"}}`, true},
	{`{"@timestamp":"2026-03-02","event":{"duration":1.5e3,"id":"\u00e9\"\\\/\b\f\n\r\t"}}`, true},
	{`{"message":"\ud83d\ude00 smile","user":{"name":"caf\u00E9"}}`, true},
	{` { "event" : { "dataset" : "system.auth" } , "user" : { "name" : "x" } } `, true},
	{`{"source":{"ip":"10.0.0.1","bytes":1e3,"port":-0},"user":{"name":null},"related":{"ip":[],"user":["a","b"]}}`, true},
	{`{"related":{"ip":["10.0.0.1",null,"::1","10.0.0.1"]},"labels":{"n":[1,-2.5,3e2,-0.0,1E-7]}}`, true},
	{`{"labels":{"n":12345678901234567890},"event":{"duration":-9223372036854775808}}`, true},
	{`{"labels":{"n":0.1234567890123456789},"event":{"duration":-1.7976931348623157e308}}`, true},
	{`{"event":{"duration":1e400}}`, false},
	{`{"source.ip":"10.0.0.9","x.y":{"z":1},"x":{"y.z":2},"a":{"b":"ab"},"a.b":"ab2"}`, true},
	{`{"a":"leaf","a":{"b":"dup"},"user":{"name":"first"},"user":{"name":"second"}}`, false}, // duplicate keys (the contract)
	{`{"":"empty key","é":{"ü":"unicode keys"},"\u00e8":{"\u00fb":"escaped keys"}}`, true},
	{`{"é":1,"\u00e9":2}`, false}, // one key twice, once escaped
	{`{"x":[{"y":{"z":"an array of objects at a prefix"}}]}`, false},
	{`{"dns":{"answers":[{"data":"1.2.3.4","type":"A"}]}}`, false},
	{`{"a":[{"b":1}]}`, false},
	{`{"related":{"ip":[["nested"]]}}`, false},
	{`{"message":"lone \ud800 surrogate"}`, false},
	{`{"message":"bad \x escape"}`, false},
	{`{"message":"short \u12"}`, false},
	{`{"@timestamp":"yesterday"}`, false},
	{`{"skipped":{"deep":[1,{"x":[true,false,null,"s\"",-1.5e+3]}],"e":{}},"message":"kept"}`, true},
	{`{"skipped":"a \"quoted\" \\ string with \ud800 lone surrogate","message":"kept"}`, false}, // lone surrogate (the contract)
	{`[1]`, false},
	{`{"a":}`, false},
	{`{"a":tru}`, false},
	{`{"a":"x}`, false},
	{`{"a":1}x`, false},
	{`{"a" 1}`, false},
	{`{"event":{"dataset":"x",}}`, false},
	{`{"x":[1,2}`, false},
	{`{"q":01.2.3}`, false},
	{"{\"q\":\"\x01\"}", false},
	{`{"q":NaN}`, false},
	{`{"q":-inf}`, false},
	{`{"q":[1 2]}`, false},
	{`{"q":{"r" "s"}}`, false},
	{`{"q":{"r":1,}}`, false},
	{`{"q":{"r":1]}`, false},
	{`{"q":[1}`, false},
	{`{"q":[1,]}`, false},
	{`{"q":nul}`, false},
	{`{"q":+1}`, false},
	{`{"q":"unterminated`, false},
	{`{"message":"x"`, false},
	{``, false},
	{`   `, false},
	{strings.Repeat(`{"q":`, 70) + "1" + strings.Repeat("}", 70), false},
	{strings.Repeat(`[`, 70) + strings.Repeat("]", 70), false},
}

func TestScanMatchesDecoder(t *testing.T) {
	for _, c := range scanCases {
		if got := checkScan(t, scanKeys, []byte(c.line)); got != c.scanned {
			t.Errorf("%q: scanned %v, want %v", c.line, got, c.scanned)
		}
	}
}

func TestScanErrors(t *testing.T) {
	s := NewScanner(scanKeys)
	var e Event
	if err := s.Scan([]byte(`{"dns":{"answers":[{"data":"x"}]}}`), &e); !errors.Is(err, ErrScanFallback) {
		t.Errorf("array of objects: %v, want ErrScanFallback", err)
	}
	// Decoder accepts these; the scanner calls them malformed.
	for _, bad := range []string{`{"q":01.2.3}`, "{\"q\":\"\x01\"}", `{"q":1e999}`, `{"a":1}x`, `{"event": oops}`} {
		if err := s.Scan([]byte(bad), &e); !errors.Is(err, ErrSyntax) || errors.Is(err, ErrScanFallback) {
			t.Errorf("%q: %v, want a syntax error", bad, err)
		}
	}
}

func TestScanArenaKeepsEarlierEvents(t *testing.T) {
	s := NewScanner(scanKeys)
	var arena ScanArena
	s.UseArena(&arena)
	events := make([]Event, 50)
	var ends []int
	for i := range events {
		line := fmt.Sprintf(`{"related":{"ip":["10.0.0.%d","10.0.1.%d"]},"event":{"id":"e%d"}}`, i, i, i)
		if err := s.Scan([]byte(line), &events[i]); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, len(arena.Slots))
	}
	for i := range events {
		v, _ := events[i].Get("related.ip")
		if l := v.ListVal(); len(l) != 2 || l[1].Str() != fmt.Sprintf("10.0.1.%d", i) || events[i].ID() != fmt.Sprintf("e%d", i) {
			t.Fatalf("event %d changed: %v", i, events[i].Fields)
		}
		if ends[i] != 2*(i+1) {
			t.Fatalf("slots end at %v", ends)
		}
	}
	if err := s.Scan([]byte(`{"related":{"ip":["10.0.0.7"]},"dns":{"answers":[{"data":"y"}]}}`), &events[0]); !errors.Is(err, ErrScanFallback) {
		t.Fatal(err)
	}
	if len(arena.Slots) != 100 || len(arena.Values) != 100 {
		t.Fatalf("a refused line left %d slots and %d values", len(arena.Slots), len(arena.Values))
	}
	arena.Reset()
	if len(arena.Slots) != 0 || len(arena.Values) != 0 {
		t.Fatal("Reset kept contents")
	}
}

func TestScanWithoutArenaAllocatesLists(t *testing.T) {
	s := NewScanner(scanKeys)
	var a, b Event
	if err := s.Scan([]byte(`{"related":{"ip":["10.0.0.1","10.0.0.2"]}}`), &a); err != nil {
		t.Fatal(err)
	}
	if err := s.Scan([]byte(`{"related":{"ip":["10.0.0.3","10.0.0.4"]}}`), &b); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Get("related.ip"); v.ListVal()[0].Str() != "10.0.0.1" {
		t.Fatalf("the first event's list changed: %v", v.ListVal())
	}
}

func TestScanInternsRepeatedValues(t *testing.T) {
	s := NewScanner(scanKeys)
	var e Event
	var prev string
	for i := 0; i < 3; i++ {
		line := fmt.Sprintf(`{"user":{"name":"alice"},"event":{"id":"%d"}}`, i)
		if err := s.Scan([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		name := e.Str("user.name")
		if i > 0 && name != prev {
			t.Fatalf("name %q", name)
		}
		prev = name
	}
	line := []byte(`{"user":{"name":"alice"},"event":{"dataset":"system.auth"}}`)
	allocs := testing.AllocsPerRun(100, func() { s.Scan(line, &e) })
	if allocs != 0 {
		t.Fatalf("%v allocations for repeated values", allocs)
	}
}

// randomLine writes a random JSON document over the scanKeys' names, with
// awkward values, and sometimes damages it.
func randomLine(r *rand.Rand) []byte {
	const junk = `{}[],:"\ 0e.-`
	var b strings.Builder
	randomObject(r, &b, 0)
	line := []byte(b.String())
	for n := r.IntN(8) - 5; n > 0 && len(line) > 0; n-- {
		k := r.IntN(len(line))
		switch r.IntN(3) {
		case 0:
			line = append(line[:k], line[k+1:]...)
		case 1:
			line = append(line[:k], append([]byte{junk[r.IntN(len(junk))]}, line[k:]...)...)
		default:
			line = line[:k]
		}
	}
	return line
}

var randomNames = []string{"@timestamp", "event", "id", "dataset", "created", "duration", "source", "ip", "related", "labels", "n", "message", "dns", "answers", "data", "kibana", "alert", "start", "a", "b", "a.b", "x", "y", "z", "x.y", "y.z", "user", "name", "", "é", "ü", "\\u00e9", "other", "source.ip", "ev\\u0065nt"}

func randomObject(r *rand.Rand, b *strings.Builder, depth int) {
	b.WriteByte('{')
	for i := range r.IntN(6) {
		if i > 0 {
			b.WriteByte(',')
		}
		if r.IntN(10) == 0 {
			b.WriteString(" \n\t")
		}
		fmt.Fprintf(b, `"%s":`, randomNames[r.IntN(len(randomNames))])
		randomValue(r, b, depth+1)
	}
	b.WriteByte('}')
}

func randomValue(r *rand.Rand, b *strings.Builder, depth int) {
	k := r.IntN(12)
	if depth > 4 && k >= 9 {
		k = 0
	}
	switch k {
	case 0, 1:
		b.WriteString(randomStrings[r.IntN(len(randomStrings))])
	case 2, 3:
		b.WriteString(randomNumbers[r.IntN(len(randomNumbers))])
	case 4:
		b.WriteString([]string{"true", "false", "null"}[r.IntN(3)])
	case 5:
		b.WriteString(randomDates[r.IntN(len(randomDates))])
	case 6, 7:
		b.WriteByte('[')
		for i := range r.IntN(4) {
			if i > 0 {
				b.WriteByte(',')
			}
			randomValue(r, b, depth+3)
		}
		b.WriteByte(']')
	default:
		randomObject(r, b, depth)
	}
}

var randomStrings = []string{`""`, `"plain"`, `"alice"`, `"10.0.0.1"`, `"a \"q\" \\ \/ \b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud800"`, `"\udc00\ud800"`, `"\ud800\u0041"`, `"\x"`, `"\u12g4"`, "\"ctl\x01\"", `"é中😀"`, "\"\xff\xfe\"", `"` + strings.Repeat("long ", 20) + `"`}

var randomNumbers = []string{"0", "-0", "1", "-1", "42", "1.5", "-2.25", "1e3", "1E+3", "2e-3", "-1.5e-7", "0.1", "0.30000000000000004", "123456789012345678", "1234567890123456789", "12345678901234567890", "-9223372036854775808", "9223372036854775808", "1e308", "1e400", "-1e400", "1.7976931348623157e308", "4.9e-324", "01", "00", "1.", ".5", "-", "1e", "1.2.3", "+1", "0x10", "1_0", strconvMaxFloat()}

var randomDates = []string{`"2026-03-02T10:00:00.123Z"`, `"2026-03-02T10:00:00Z"`, `"2026-03-02T10:00:00.123456789+02:00"`, `"2026-03-02"`, `"2026-03-02 10:00:00"`, `"2026-02-30T10:00:00.000Z"`, `"2026-03-02T24:00:00.000Z"`, `"not a date"`, `"0000-01-01T00:00:00.000Z"`, `"9999-12-31T23:59:59.999Z"`}

func strconvMaxFloat() string { return fmt.Sprint(math.MaxFloat64) }

func TestScanRandomLinesMatchDecoder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	scanned := 0
	for range n {
		if checkScan(t, scanKeys, randomLine(r)) {
			scanned++
		}
	}
	if scanned < n/4 {
		t.Fatalf("the scanner decoded only %d of %d lines itself", scanned, n)
	}
}

// TestSimpleNumber checks that the fast path only accepts numbers
// strconv.ParseFloat accepts.
func TestSimpleNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "12", "-3.25", "123456789012345", "1.", ".5", "-", "1.2.3", "1e5", "--1", "1-2", "1234567890123456", "+1", "-.5"} {
		_, err := strconv.ParseFloat(s, 64)
		if simpleNumber([]byte(s)) && err != nil {
			t.Errorf("simpleNumber(%q) accepts what ParseFloat rejects", s)
		}
		if s[0] == '-' || s[0] >= '0' && s[0] <= '9' {
			end, err2 := skipNumber([]byte(s+","), 0)
			if ok := err2 == nil && end == len(s); ok != (err == nil) {
				t.Errorf("skipNumber(%q) = %d, %v; ParseFloat: %v", s, end, err2, err)
			}
		}
	}
	for _, s := range []string{"0", "-12", "3.25", "123456789012345"} {
		if !simpleNumber([]byte(s)) {
			t.Errorf("simpleNumber(%q) = false", s)
		}
	}
}

// TestStringSpan checks the eight-bytes-at-a-time scan against every
// position of a quote, backslash and control character, in a string read
// and in one skipped.
func TestStringSpan(t *testing.T) {
	for n := 0; n < 20; n++ {
		for _, stop := range []string{`"`, `\"x"`, "\x01\"", `\\"`} {
			body := strings.Repeat("a", n)
			doc := `"` + body + stop + `   `
			_, end, esc, err := stringSpan([]byte(doc), 0)
			skipEnd, skipErr := skipValue([]byte("["+doc+"]"), 0, 0)
			switch stop {
			case `"`:
				if err != nil || end != n+1 || esc {
					t.Errorf("%q: end %d esc %v err %v", doc, end, esc, err)
				}
			case `\"x"`:
				if err != nil || end != n+4 || !esc {
					t.Errorf("%q: end %d esc %v err %v", doc, end, esc, err)
				}
			case "\x01\"":
				if err == nil || !strings.Contains(err.Error(), "offset "+strconv.Itoa(n+1)) || skipErr == nil {
					t.Errorf("%q: err %v, skipping: %v", doc, err, skipErr)
				}
				continue
			case `\\"`:
				if err != nil || end != n+3 || !esc {
					t.Errorf("%q: end %d esc %v err %v", doc, end, esc, err)
				}
			}
			if skipErr != nil || skipEnd != len(doc)+2 {
				t.Errorf("skipping [%s]: end %d err %v", doc, skipEnd, skipErr)
			}
		}
		if _, _, _, err := stringSpan([]byte(`"`+strings.Repeat("b", n)), 0); err == nil {
			t.Errorf("unterminated string of %d bytes accepted", n)
		}
		if _, err := skipValue([]byte(`["`+strings.Repeat("b", n)), 0, 0); err == nil {
			t.Errorf("unterminated skipped string of %d bytes accepted", n)
		}
	}
}
