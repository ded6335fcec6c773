package query

import (
	"bytes"
	"reflect"
	"testing"
	"time"
)

func sampleResult() *Result {
	ts := time.Date(2026, 3, 2, 10, 0, 0, 250e6, time.UTC)
	return &Result{
		Columns: []Column{{"n", "long"}, {"avg", "double"}, {"ok", "boolean"}, {"at", "date"}, {"ip", "ip"}, {"msg", "text"}},
		Values: [][]any{
			{int64(3), 2.0, true, ts, []any{"10.0.0.1", "10.0.0.2"}, `say "hi", then go`},
			{nil, 0.5, false, nil, "10.0.0.3", nil},
		},
	}
}

func TestResultFormats(t *testing.T) {
	want := map[string]string{
		"json": `{"columns":[{"name":"n","type":"long"},{"name":"avg","type":"double"},{"name":"ok","type":"boolean"},{"name":"at","type":"date"},{"name":"ip","type":"ip"},{"name":"msg","type":"text"}],"values":[[3,2.0,true,"2026-03-02T10:00:00.250Z",["10.0.0.1","10.0.0.2"],"say \"hi\", then go"],[null,0.5,false,null,"10.0.0.3",null]]}` + "\n",
		"ndjson": `{"n":3,"avg":2.0,"ok":true,"at":"2026-03-02T10:00:00.250Z","ip":["10.0.0.1","10.0.0.2"],"msg":"say \"hi\", then go"}` + "\n" +
			`{"n":null,"avg":0.5,"ok":false,"at":null,"ip":"10.0.0.3","msg":null}` + "\n",
		"csv": "n,avg,ok,at,ip,msg\n3,2.0,true,2026-03-02T10:00:00.250Z,\"[10.0.0.1, 10.0.0.2]\",\"say \"\"hi\"\", then go\"\n,0.5,false,,10.0.0.3,\n",
		"table": "n    | avg | ok    | at                       | ip                   | msg\n" +
			"-----+-----+-------+--------------------------+----------------------+------------------\n" +
			"3    | 2.0 | true  | 2026-03-02T10:00:00.250Z | [10.0.0.1, 10.0.0.2] | say \"hi\", then go\n" +
			"null | 0.5 | false | null                     | 10.0.0.3             | null\n",
	}
	for format, w := range want {
		var buf bytes.Buffer
		if err := sampleResult().Write(&buf, format); err != nil {
			t.Fatal(err)
		}
		if buf.String() != w {
			t.Errorf("%s:\n got %q\nwant %q", format, buf.String(), w)
		}
	}
	if err := sampleResult().Write(&bytes.Buffer{}, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestDecodeResponseRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	in := sampleResult()
	in.Write(&buf, "json")
	out, err := DecodeResponse(bytes.NewReader(append(buf.Bytes()[:buf.Len()-2], []byte(`,"took":3}`)...)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n got %#v\nwant %#v", out, in)
	}
	if _, err := DecodeResponse(bytes.NewReader([]byte(`{"columns":[{"name":"a","type":"long"}],"values":[[1,2]]}`))); err == nil {
		t.Error("a row longer than the columns was accepted")
	}
}
