package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/soclab/soclab/event"
)

// elastic.go reads NDJSON of Elasticsearch documents: a Kibana or
// winlogbeat export (one document a line), search hits ({"_source": ...}
// a line) or a bulk body (action lines are skipped). Documents keep their
// fields as they are; the ones without @timestamp are skipped.

func readElastic(r *bufio.Reader, b *batch) error {
	var dec event.Decoder
	return lines(r, b.file, func(n int, line string) error {
		data := bytes.TrimSpace([]byte(line))
		if len(data) == 0 {
			return nil
		}
		b.read++
		if data[0] != '{' {
			return &FormatError{File: b.file, Line: n, Err: fmt.Errorf("not a JSON object (an NDJSON export has one document a line)")}
		}
		if doc, kind := unwrap(data); kind != "" {
			if doc == nil {
				b.skip(n, kind)
				return nil
			}
			data = doc
		}
		e := &event.Event{}
		if err := dec.Decode(data, e); err != nil {
			return &FormatError{File: b.file, Line: n, Err: err}
		}
		if _, ok := e.Get(event.KeyTimestamp); !ok {
			b.skip(n, "document without @timestamp")
			return nil
		}
		if e.Time().IsZero() {
			b.skip(n, "@timestamp is not a date")
			return nil
		}
		b.keep(e)
		return nil
	})
}

// unwrap returns the document of a search hit ({"_source": {...}}), or
// nil and a skip reason for a bulk action line; kind is "" for a plain
// document.
func unwrap(data []byte) (doc []byte, kind string) {
	if !bytes.Contains(data, []byte(`"_source"`)) && !bytes.Contains(data, []byte(`"index"`)) && !bytes.Contains(data, []byte(`"create"`)) {
		return nil, ""
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return nil, ""
	}
	if src, ok := top["_source"]; ok {
		return src, "hit"
	}
	if len(top) == 1 {
		for k := range top {
			if k == "index" || k == "create" {
				return nil, "bulk action line"
			}
		}
	}
	return nil, ""
}
