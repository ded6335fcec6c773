package event

import (
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"
)

// One Encoder writes events of a remembered shape exactly as a fresh
// encoder writes them, whatever their values, and events that only share a
// shape's hash are not confused with it.
func TestEncoderShapesGiveSameBytes(t *testing.T) {
	var enc Encoder
	mk := func(i int, unsorted bool) *Event {
		e := &Event{}
		add := func(k string, v Value) { e.Add(k, v) }
		if unsorted {
			add("z.last", Int(int64(i)))
		}
		add("@timestamp", Time(time.Unix(int64(1e9+i*7919), int64(i)*123457).UTC()))
		add("a.b.c", String(fmt.Sprintf("v%d \"q\" \n", i)))
		add("a.b.d", Float(float64(i)/3))
		add("a.e", Bool(i%2 == 0))
		add("dns.answers", Objects([]Field{{"type", String("A")}, {"data", String("1.2.3.4")}}))
		add("list", Strings("x", fmt.Sprint(i)))
		if !unsorted {
			add("z.last", Int(int64(i)))
		}
		return e
	}
	for i := range 50 {
		e := mk(i, i%3 == 0)
		want := string(Marshal(e))
		if got := string(enc.AppendJSON(nil, e)); got != want {
			t.Fatalf("event %d:\n got %s\nwant %s", i, got, want)
		}
	}
	if len(enc.shapes) != 1 {
		t.Fatalf("%d shapes, want 1", len(enc.shapes))
	}
	// Same number of keys and same hash inputs, different keys.
	other := &Event{Fields: []Field{{"a.x", Int(1)}, {"a.y", Int(2)}}}
	twin := &Event{Fields: []Field{{"a.x", Int(1)}, {"a.y.z", Int(2)}}}
	for _, e := range []*Event{other, twin, other} {
		if got, want := string(enc.AppendJSON(nil, e)), string(Marshal(e)); got != want {
			t.Fatalf("got %s want %s", got, want)
		}
	}
}

func TestAppendTimeMatchesLayout(t *testing.T) {
	var enc Encoder
	for _, ns := range []int64{0, 1, 999999, 1e6, -1, -1e6 - 1, 1772409600123456789, math.MaxInt64, math.MinInt64, 1772409600999999999, 1772409601000000000} {
		want := time.Unix(0, ns).UTC().Format(TimestampLayout)
		if got := string(enc.appendTime(nil, ns)); got != want {
			t.Errorf("%d: got %s want %s", ns, got, want)
		}
	}
}

func TestAppendStringEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"plain":          `"plain"`,
		"q\"b\\":         `"q\"b\\"`,
		"\x00\x1f\t\r\n": `"\u0000\u001f\t\r\n"`,
		"é\u2028\xff<>&": `"é\u2028\ufffd<>&"`,
	} {
		if got := string(appendString(nil, in)); got != want {
			t.Errorf("%q: got %s want %s", in, got, want)
		}
	}
}

// safePrefix never passes a byte that needs escaping, wherever it sits in
// a word, and passes whole words of plain ASCII.
func TestSafePrefixStopsAtUnsafeBytes(t *testing.T) {
	for _, c := range []byte{0x00, 0x1f, '"', '\\', 0x80, 0xff, 0x7f, 0x20, 'a'} {
		for pos := range 17 {
			buf := []byte("abcdefghijklmnopq")
			buf[pos] = c
			s := string(buf)
			n := safePrefix(s)
			for i := range n {
				if !safeASCII[s[i]] {
					t.Fatalf("byte %#x at %d: prefix %d passes it", c, pos, n)
				}
			}
			if safeASCII[c] && n != 16 {
				t.Errorf("byte %#x at %d: prefix %d, want 16", c, pos, n)
			}
		}
	}
}

// plainString agrees with a byte-by-byte check for every length and
// position of a byte that needs escaping.
func TestPlainStringMatchesBytes(t *testing.T) {
	for n := range 20 {
		for _, c := range []byte{0x00, 0x1f, '"', '\\', 0x80, 0xff, 0x7f, 0x20, 'a'} {
			for pos := range max(n, 1) {
				buf := []byte("abcdefghijklmnopqrstuvwxyz")[:n]
				if n > 0 {
					buf[pos] = c
				}
				if got, want := plainString(string(buf)), plainBytes(string(buf)); got != want {
					t.Fatalf("%q: plainString %v, want %v", buf, got, want)
				}
			}
		}
	}
}

// Shapes whose keys have the same lengths share a hash and are still kept
// and told apart.
func TestEncoderShapesWithSameHash(t *testing.T) {
	var enc Encoder
	a := &Event{Fields: []Field{{"host.name", String("h")}, {"user.id", Int(1)}}}
	b := &Event{Fields: []Field{{"host.type", String("u")}, {"user.id", Int(2)}}}
	if KeyHash(a.Fields) != KeyHash(b.Fields) {
		t.Fatal("test shapes should share a hash")
	}
	for range 3 {
		for _, e := range []*Event{a, b} {
			if got, want := string(enc.AppendJSON(nil, e)), string(Marshal(e)); got != want {
				t.Fatalf("got %s want %s", got, want)
			}
		}
	}
	if enc.nshapes != 2 {
		t.Fatalf("%d shapes, want 2", enc.nshapes)
	}
}

// appendInt writes what strconv does, for every number of digits and sign.
func TestAppendIntMatchesStrconv(t *testing.T) {
	ns := []int64{0, 1, 9, 10, 99, 100, 101, 999, 1000, 65535, 1<<31 - 1, 1<<63 - 1, -1, -10, -1 << 63}
	for x := int64(1); x < 1e18; x *= 7 {
		ns = append(ns, x, x-1, x+1)
	}
	for _, n := range ns {
		if got, want := string(appendInt([]byte("x"), n)), "x"+strconv.FormatInt(n, 10); got != want {
			t.Errorf("appendInt(%d) = %q, want %q", n, got, want)
		}
	}
}

// Floats remembered by the encoder come out as when formatted afresh, and
// a slot shared by two floats does not mix them up.
func TestEncoderFloatMemo(t *testing.T) {
	var enc Encoder
	fs := []float64{0, 1.5, -33.8688, 151.2093, 48.8566, 2.3522, 1e21, 0.1}
	for round := 0; round < 3; round++ {
		for i := 0; i < 2000; i++ {
			f := fs[i%len(fs)] + float64(i%37)/8
			got := string(enc.appendFloat(nil, math.Float64bits(f)))
			if want := strconv.FormatFloat(f, 'f', -1, 64); got != want {
				t.Fatalf("appendFloat(%v) = %q, want %q", f, got, want)
			}
		}
	}
}

// Values an Encoder remembers per place (constant strings and lists, the
// same list again, strings that need escaping after plain ones, a list
// whose item changes) come out as a fresh encoder writes them, and the
// output does not depend on spare bytes written past its end.
func TestEncoderMemosGiveSameBytes(t *testing.T) {
	var enc Encoder
	constList := Strings("network")
	pair := []Value{String("10.0.0.1"), String("10.0.0.2")}
	var buf []byte
	for i := range 200 {
		items := pair
		if i%5 == 0 {
			items = []Value{String("10.0.0.1"), String(fmt.Sprint("10.0.0.", i))}
		}
		name := "plain-name"
		if i%7 == 3 {
			name = "needs \"escaping\"\t"
		}
		e := &Event{Fields: []Field{
			{"event.category", constList},
			{"event.dataset", String("zeek.connection")},
			{"host.name", String(name)},
			{"n", Int(int64(i*i - 100))},
			{"related.ip", List(items...)},
			{"source.geo.lat", Float(float64(i%4) / 3)},
		}}
		want := string(Marshal(e))
		buf = enc.AppendJSON(buf[:0], e)
		if got := string(buf); got != want {
			t.Fatalf("event %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
