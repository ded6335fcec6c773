package elastic

import (
	"strings"
	"testing"

	"github.com/elastic/go-elasticsearch/v8/esutil"
	"github.com/valyala/fastjson"
)

func TestBulkDecoder(t *testing.T) {
	body := `{"took":3,"errors":true,"items":[
 {"create":{"_index":"a","_id":"1","status":201,"result":"created"}},
 {"create":{"_index":"a","_id":"2","status":429,"error":{"type":"es_rejected_execution_exception","reason":"busy"}}},
 {"index":{"status":200,"result":"updated"}},
 {"create":{"_index":"a","status":400,"error":{"type":"document_parsing_exception","reason":"bad","caused_by":{"type":"number_format_exception","reason":"For input string"}}}},
 {"create":{"_index":"a"}}]}`
	var blk esutil.BulkIndexerResponse
	if err := (&bulkDecoder{}).UnmarshalFromReader(strings.NewReader(body), &blk); err != nil {
		t.Fatal(err)
	}
	if blk.Took != 3 || !blk.HasErrors || len(blk.Items) != 5 {
		t.Fatalf("%+v", blk)
	}
	if it := blk.Items[0]["create"]; it.Status != 201 || it.Error.Type != "" {
		t.Errorf("0: %+v", it)
	}
	if it := blk.Items[1]["create"]; it.Status != 429 || it.Error.Type != "es_rejected_execution_exception" || it.DocumentID != "2" {
		t.Errorf("1: %+v", it)
	}
	if it := blk.Items[2]["index"]; it.Status != 201 {
		t.Errorf("2: %+v", it)
	}
	if it := blk.Items[3]["create"]; it.Error.Cause.Type != "number_format_exception" {
		t.Errorf("3: %+v", it)
	}
	if it := blk.Items[4]["create"]; it.Error.Type != "invalid_response" {
		t.Errorf("4: an item without status must fail: %+v", it)
	}
	for _, bad := range []string{`{"items":[{"a":{},"b":{}}]}`, `{"items":[1]}`, `not json`} {
		if err := (&bulkDecoder{}).UnmarshalFromReader(strings.NewReader(bad), &blk); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func FuzzBulkDecoder(f *testing.F) {
	f.Add([]byte(`{"took":1,"errors":false,"items":[{"create":{"status":201}}]}`))
	f.Add([]byte(`{"errors":true,"items":[{"create":{"status":429,"error":{"type":"x","reason":"y"}}},{"index":{"status":400,"error":"plain"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		var blk esutil.BulkIndexerResponse
		if err := (&bulkDecoder{}).UnmarshalFromReader(strings.NewReader(string(data)), &blk); err != nil {
			return
		}
		for _, m := range blk.Items {
			if len(m) != 1 {
				t.Fatalf("item with %d operations", len(m))
			}
			for _, it := range m {
				ok := it.Error.Type == "" && it.Status <= 201
				if ok && (it.Status == 0) {
					t.Fatalf("item without status counts as success: %+v", it)
				}
			}
		}
	})
}

// TestBulkDecoderFastPathAgrees checks the fast path against the full parse.
func TestBulkDecoderFastPathAgrees(t *testing.T) {
	for _, body := range []string{
		`{"took":1,"errors":false,"items":[{"create":{"status":201}},{"index":{"_id":"a\"status\":","status":200}}]}`,
		`{"errors":false,"items":[]}`,
		` {"took":12,"errors":false,"items":[{"create":{"_index":"x","_id":"1","status":201}}]} `,
	} {
		n, ok := cleanItems([]byte(body))
		var blk esutil.BulkIndexerResponse
		if err := decodeBulk(new(fastjson.Parser), []byte(body), &blk); err != nil || !ok || n != len(blk.Items) {
			t.Errorf("%s: fast path %d %v, parse %d %v", body, n, ok, len(blk.Items), err)
		}
	}
	if _, ok := cleanItems([]byte(`{"took":1,"errors":true,"items":[]}`)); ok {
		t.Error("fast path taken for a response with errors")
	}
}
