package workspace

import (
	"fmt"
	"sort"
	"testing"

	"github.com/soclab/soclab/event"
)

var scanFields = []string{"@timestamp", "event.id", "event.dataset", "source.ip", "related.ip", "labels.n", "message", "dns.answers.data", "kibana.alert.start"}

func render(e *event.Event) string {
	var out []string
	for _, f := range e.Fields {
		v := f.Val.Text()
		if f.Val.Kind() == event.KindList {
			v = fmt.Sprint(f.Val.ListVal())
		}
		out = append(out, fmt.Sprintf("%s=%d:%s", f.Key, f.Val.Kind(), v))
	}
	sort.Strings(out)
	return fmt.Sprint(out)
}

// FuzzFieldScanner checks the field scanner against the full decoder: on
// any line both accept, they extract the same fields and values.
func FuzzFieldScanner(f *testing.F) {
	for _, s := range sample {
		f.Add(s)
	}
	f.Add(`{"message":"a \"quoted\" \\ \u00e9 word","labels":{"n":[1,2.5,-3e2]},"x":{"y":[{"z":"}"}]},"kibana":{"alert":{"start":"2026-03-02T10:00:00Z"}}}`)
	f.Add(`{"event" : { "id" : "x" } , "related":{"ip":[]},"source":{"ip":null}}`)
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 4096 {
			t.Skip()
		}
		var dec event.Decoder
		dec.Only(scanFields)
		var want event.Event
		if err := dec.Decode([]byte(line), &want); err != nil {
			return
		}
		sc := newFieldScanner(scanFields)
		var got event.Event
		if err := sc.scan([]byte(line), &got); err != nil {
			return // the decoder takes over
		}
		// The decoder keeps @timestamp, event.id and explicit nulls; the
		// scanner drops nulls.
		var keep []event.Field
		for _, fl := range want.Fields {
			if !fl.Val.IsNull() {
				keep = append(keep, fl)
			}
		}
		want.Fields = keep
		if render(&got) != render(&want) {
			t.Fatalf("%s\nscanner %s\ndecoder %s", line, render(&got), render(&want))
		}
	})
}
