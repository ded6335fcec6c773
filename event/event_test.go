package event

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func sample() *Event {
	e := &Event{}
	e.Add("source.ip", String("203.0.113.7"))
	e.Add("@timestamp", Time(time.Date(2026, 3, 2, 14, 3, 11, 250e6, time.UTC)))
	e.Add("event.id", String("abc"))
	e.Add("event.category", Strings("authentication"))
	e.Add("source.port", Int(51234))
	e.Add("source.geo.location", Objects()) // replaced below
	e.Delete("source.geo.location")
	e.Add("dns.answers", Objects(
		[]Field{{"data", String("1.2.3.4")}, {"type", String("A")}, {"ttl", Int(60)}},
		[]Field{{"data", String("5.6.7.8")}, {"type", String("A")}},
	))
	e.Add("message", String("a \"quoted\" line\nwith <html> & \x01"))
	e.Add("event.duration", Float(1.5))
	e.Add("user.target.name", String("x"))
	e.Add("user.name", String("svc-backup"))
	return e
}

func TestEncodeNestedSortedAndValidJSON(t *testing.T) {
	got := string(Marshal(sample()))
	want := `{"@timestamp":"2026-03-02T14:03:11.250Z","dns":{"answers":[{"data":"1.2.3.4","ttl":60,"type":"A"},{"data":"5.6.7.8","type":"A"}]},"event":{"category":["authentication"],"duration":1.5,"id":"abc"},"message":"a \"quoted\" line\nwith <html> & \u0001","source":{"ip":"203.0.113.7","port":51234},"user":{"name":"svc-backup","target":{"name":"x"}}}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(got), &m); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTrip(t *testing.T) {
	first := Marshal(sample())
	e, err := Unmarshal(first)
	if err != nil {
		t.Fatal(err)
	}
	if again := Marshal(e); string(again) != string(first) {
		t.Fatalf("round trip changed bytes:\n%s\n%s", first, again)
	}
	if v, _ := e.Get("dns.answers.data"); len(v.ListVal()) != 2 || v.ListVal()[1].Str() != "5.6.7.8" {
		t.Fatalf("dns.answers.data = %#v", v)
	}
	if e.Time().Format(TimestampLayout) != "2026-03-02T14:03:11.250Z" {
		t.Fatalf("time %v", e.Time())
	}
	if v, _ := e.Get("source.port"); v.Kind() != KindInt || v.IntVal() != 51234 {
		t.Fatalf("port %#v", v)
	}
}

func TestDecoderOnly(t *testing.T) {
	var d Decoder
	d.Only([]string{"source.ip", "dns.answers.data"})
	var e Event
	if err := d.Decode(Marshal(sample()), &e); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.Get("user.name"); ok {
		t.Fatal("user.name decoded despite Only")
	}
	if e.Str("source.ip") != "203.0.113.7" || e.ID() != "abc" {
		t.Fatalf("kept fields missing: %v", e.Fields)
	}
}

func TestReaderReportsLine(t *testing.T) {
	r := NewReader(strings.NewReader("{\"a\":1}\n\n{bad\n"), "in.ndjson")
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, err := r.Next()
	if err == nil || !strings.HasPrefix(err.Error(), "in.ndjson:3: invalid event") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Marshal(sample()))
	f.Add([]byte(`{"a":[1,{"b":2}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		e, err := Unmarshal(data)
		if err != nil {
			return
		}
		var m any
		if err := json.Unmarshal(Marshal(e), &m); err != nil {
			t.Fatalf("re-encoding gave invalid JSON: %v", err)
		}
	})
}
